// End-to-end: the built page (dist/) in a real Chromium.
//
// Run by `./dev test`, or after `./dev build`:
//   (cd tests/e2e && npm ci) && node --test --test-concurrency=1 tests/e2e/
// LOUPE_DIST points at another build; LOUPE_CHROMIUM at another browser binary.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { assertAllLocal, download, fixture, fixtureName, openPage, screenshots, startHarness, writeBigTrace } from "./support.mjs";

let harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

test("analyses a CUC trace and explains the JWT failure, without leaving the origin", async () => {
  const { context, page, requests, errors } = await openPage(harness);
  try {
    await page.locator('[data-testid="file-input"]').setInputFiles(fixture);
    await page.locator('[data-testid="analysis-status"][data-state="done"]').waitFor({ timeout: 30_000 });

    const finding = page.locator('[data-testid="finding"][data-category="jwt"][data-severity="error"]');
    assert.ok((await finding.count()) >= 1, "no JWT error finding");
    const jwt = finding.first();
    assert.match(await jwt.innerText(), new RegExp(fixtureName.replaceAll(".", "\\.")));

    assert.ok(
      (await page.locator('[data-testid="file-row"][data-status="ok"]').count()) >= 1,
      "no file row with status ok",
    );

    await jwt.click();
    const evidence = jwt.locator('[data-testid="evidence"]').first();
    await evidence.waitFor({ timeout: 5_000 });
    assert.match(await evidence.innerText(), new RegExp(`${fixtureName.replaceAll(".", "\\.")}:\\d+`));

    await fs.mkdir(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, "findings.png"), fullPage: true });

    assertAllLocal(harness, requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
  }
});

test("cancel stops a long analysis and the page can start again", async () => {
  // Big enough that the analysis is still running when Cancel is clicked.
  const big = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "loupe-e2e-")), "big_CuGSuiteSyncSrv.uc");
  await writeBigTrace(big, 256 * 1024 * 1024);
  const { context, page, requests, errors } = await openPage(harness);
  try {
    const status = page.locator('[data-testid="analysis-status"]');
    await page.locator('[data-testid="file-input"]').setInputFiles(big);
    await page.locator('[data-testid="analysis-status"][data-state="running"]').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="analysis-status"] [role="progressbar"]').waitFor();
    await fs.mkdir(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, "running.png") });

    await page.waitForFunction(() => window.workerMessages.some((m) => m?.Progress), null, { timeout: 10_000 });
    await page.locator('[data-testid="cancel"]').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="analysis-status"]')?.dataset.state !== "running",
      null,
      { timeout: 5_000 },
    );
    assert.equal(await status.getAttribute("data-state"), "idle");
    // The worker itself stops (between two slices), rather than the page just looking away.
    await page.waitForFunction(() => window.workerMessages.some((m) => m?.Cancelled), null, { timeout: 5_000 });
    await page.waitForTimeout(1_000);
    const messages = await page.evaluate(() => window.workerMessages);
    const stoppedAt = messages.findIndex((m) => m?.Cancelled);
    assert.equal(messages.slice(stoppedAt + 1).filter((m) => m?.Progress || m?.Done).length, 0);
    // Progress is throttled: a handful of messages, not one per line or per slice.
    const progress = messages.filter((m) => m?.Progress).length;
    assert.ok(progress <= 60, `${progress} progress messages`);
    // A late answer from the cancelled job must not bring it back.
    assert.equal(await status.getAttribute("data-state"), "idle");
    assert.equal(await page.locator('[data-testid="finding"]').count(), 0);

    // The same worker takes the next job.
    await page.locator('[data-testid="file-input"]').setInputFiles(fixture);
    await page.locator('[data-testid="analysis-status"][data-state="done"]').waitFor({ timeout: 30_000 });
    assert.ok((await page.locator('[data-testid="finding"][data-category="jwt"]').count()) >= 1);

    assertAllLocal(harness, requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
    await fs.rm(path.dirname(big), { recursive: true, force: true });
  }
});

test("a bundle of many files: the running table shows the first 20 and counts the rest, the report lists all", async () => {
  // The big trace comes first, so the analysis is still on it while the table is checked.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "loupe-e2e-"));
  const big = path.join(dir, "a_big_CuGSuiteSyncSrv.uc");
  await writeBigTrace(big, 96 * 1024 * 1024);
  const small = [];
  for (let i = 1; i <= 24; i++) {
    small.push(path.join(dir, `b_${String(i).padStart(2, "0")}_${fixtureName}`));
    await fs.copyFile(fixture, small.at(-1));
  }
  // One worker, so the files are read one after the other (workers.test.mjs has several).
  const { context, page, requests, errors } = await openPage(harness, undefined, { workers: 1 });
  try {
    await page.locator('[data-testid="file-input"]').setInputFiles([big, ...small]);
    await page.locator('[data-testid="analysis-status"][data-state="running"]').waitFor({ timeout: 10_000 });
    const more = page.locator('[data-testid="files-more"]');
    await more.waitFor({ timeout: 10_000 });
    assert.equal(await more.getAttribute("data-count"), "5");
    // Their size joins once the worker has said the sizes.
    assert.match(await more.innerText(), /^and 5 more files( \(.+\))?, listed with the report$/);
    // The rows come a frame after the drop, ten at a time.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="file-row"]').length === 20, null, { timeout: 10_000 });
    const reading = page.locator('[data-testid="status-reading"]');
    await reading.waitFor({ timeout: 10_000 });
    assert.match(await reading.innerText(), /^Reading a_big_CuGSuiteSyncSrv\.uc \(1 of 25\)$/);
    const first = page.locator('[data-testid="file-row"]').first();
    assert.equal(await first.getAttribute("data-progress"), "reading");
    assert.equal(await page.locator('[data-testid="file-row"]').nth(1).getAttribute("data-progress"), "waiting");

    await page.locator('[data-testid="analysis-status"][data-state="done"]').waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="file-row"][data-status="ok"]').length === 25, null, { timeout: 10_000 });
    assert.equal(await more.count(), 0);
    assert.equal(await page.locator('[data-testid="files-listing"]').count(), 0);
    assertAllLocal(harness, requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test("a report of many files and findings is drawn in batches, never taking out what is drawn", async () => {
  // 40 logs with two refused subscribers each: 80 findings (one per subscriber), 40 rows.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "loupe-e2e-"));
  const files = [];
  for (let i = 0; i < 40; i++) {
    files.push(path.join(dir, `PSLog2023.07.28-${String(i).padStart(2, "0")}.00.00.txt`));
    await fs.writeFile(files.at(-1), refusedSubscribers(i * 2, 2));
  }
  const { context, page, requests, errors } = await openPage(harness);
  try {
    // Rows or findings taken out of the page after done would mean a batch redrew what an
    // earlier one drew (yew 0.21 does that to a growing keyed list of components).
    await page.evaluate(() => {
      window.removedAfterDone = 0;
      new MutationObserver((records) => {
        if (document.querySelector('[data-testid="analysis-status"]')?.dataset.state !== "done") return;
        for (const record of records) {
          for (const node of record.removedNodes) if (node.nodeName === "TR" || node.nodeName === "LI") window.removedAfterDone += 1;
        }
      }).observe(document.body, { subtree: true, childList: true });
    });
    await page.locator('[data-testid="file-input"]').setInputFiles(files);
    await page.locator('[data-testid="analysis-status"][data-state="done"]').waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="file-row"][data-status="ok"]').length === 40 &&
        document.querySelectorAll('[data-testid="finding"]').length === Number(document.querySelector("#findings-heading + .panel-count")?.textContent),
      null,
      { timeout: 10_000 },
    );
    assert.ok((await page.locator('[data-testid="finding"]').count()) >= 80);
    assert.equal(await page.locator('[data-testid="findings-listing"], [data-testid="files-listing"]').count(), 0);
    // The "listing" rows go; nothing else does.
    assert.ok((await page.evaluate(() => window.removedAfterDone)) <= 1, `${await page.evaluate(() => window.removedAfterDone)} rows or findings were taken out and put back`);
    assertAllLocal(harness, requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test("while running, the 25 most severe findings are drawn and the rest counted; done, every finding shows the report's count", async () => {
  // 40 refused subscribers (one finding each) in small logs read first, then a large trace
  // that keeps the job running once their findings are out.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "loupe-e2e-"));
  const files = [];
  for (let i = 0; i < 20; i++) {
    files.push(path.join(dir, `PSLog2023.07.28-${String(i).padStart(2, "0")}.00.00.txt`));
    await fs.writeFile(files.at(-1), refusedSubscribers(i * 2, 2));
  }
  files.push(path.join(dir, "z_big_CuGSuiteSyncSrv.uc"));
  await writeBigTrace(files.at(-1), 192 * 1024 * 1024);
  const { context, page, requests, errors } = await openPage(harness, undefined, { workers: 1 });
  try {
    await page.locator('[data-testid="file-input"]').setInputFiles(files);
    const more = page.locator('[data-testid="findings-more"]');
    await more.waitFor({ timeout: 20_000 });
    // The list fills in a few findings a frame, up to 25, while the small logs' 40 findings
    // arrive (every 500 ms): the large trace read after them keeps the job running.
    const running = await page.waitForFunction(
      () => {
        const drawn = document.querySelectorAll('[data-testid="finding"]').length;
        const total = Number(document.querySelector("#findings-heading + .panel-count")?.textContent);
        const counted = Number(document.querySelector('[data-testid="findings-more"]')?.dataset.count);
        const state = document.querySelector('[data-testid="analysis-status"]')?.dataset.state;
        return drawn === 25 && (total >= 40 || state !== "running") && { total, counted, state };
      },
      null,
      { timeout: 10_000 },
    );
    const { total, counted, state } = await running.jsonValue();
    assert.equal(state, "running", "the job should still be running");
    assert.ok(total >= 40, `${total} findings so far`);
    assert.equal(counted, total - 25);
    assert.match(await more.innerText(), /^and \d+ more findings so far, listed with the report$/);

    await page.locator('[data-testid="analysis-status"][data-state="done"]').waitFor({ timeout: 120_000 });
    // Drawn a few a frame after done too, until the list is the report's.
    const { text } = await download(page, page.locator('[data-testid="export-json"]'));
    const report = JSON.parse(text);
    const expected = report.findings.map((f) => `${f.title} | ${f.count}`).sort();
    await page.waitForFunction(
      (want) => {
        const shown = [...document.querySelectorAll('[data-testid="finding"]')].map((item) => {
          const times = item.querySelector(".finding-meta")?.textContent.match(/([\d,]+) occurrences?/)?.[1] ?? "";
          return `${item.querySelector(".finding-title")?.textContent} | ${times.replaceAll(",", "")}`;
        });
        return JSON.stringify(shown.sort()) === JSON.stringify(want);
      },
      expected,
      { timeout: 10_000 },
    );
    assert.equal(await more.count(), 0);
    assert.equal(await page.locator('[data-testid="findings-listing"]').count(), 0);
    assertAllLocal(harness, requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test("files dropped on the drop zone are analysed", async () => {
  const { context, page, requests, errors } = await openPage(harness);
  try {
    const text = await fs.readFile(fixture, "utf8");
    const dataTransfer = await page.evaluateHandle(
      ([name, body]) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([body], name));
        return transfer;
      },
      [fixtureName, text],
    );
    await page.dispatchEvent('[data-testid="drop-zone"]', "drop", { dataTransfer });
    await page.locator('[data-testid="analysis-status"][data-state="done"]').waitFor({ timeout: 30_000 });
    assert.ok((await page.locator('[data-testid="finding"][data-category="jwt"]').count()) >= 1);
    assertAllLocal(harness, requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
  }
});

test("an engine that cannot load is reported, not left spinning", async () => {
  const context = await harness.browser.newContext();
  try {
    await context.route("**/worker_bg.wasm", (route) => route.fulfill({ status: 404, body: "" }));
    const page = await context.newPage();
    await page.goto(`${harness.origin}/`);
    const status = page.locator('[data-testid="analysis-status"][data-state="error"]');
    await status.waitFor({ timeout: 10_000 });
    assert.match(await status.innerText(), /could not be loaded/);
  } finally {
    await context.close();
  }
});

/** A BroadWorks AS log in which the bridge refuses `count` subscribers, from number `from`. */
function refusedSubscribers(from, count) {
  let log = "";
  for (let n = from; n < from + count; n++) {
    const user = `21455${String(n).padStart(5, "0")}@globex.bw.example.net`;
    const at = `${String(10 + (n % 50)).padStart(2, "0")}`;
    log += `2023.07.28 06:00:${at}:925 UTC | Info | ProvisioningServer | Flowthrough Provisioning Thread-5
\tPOST https://bridge.broadcloudpbx.example/v1/provisioning/subscribers HTTP/1.1
\tContent-Type: application/xml; charset=UTF-8
\tTrackingID: BROADWORKS_AS_dd923e06-ee25-5f0c-94aa-${String(n).padStart(12, "0")}
\t<?xml version="1.0" encoding="UTF-8"?>
\t<subscriberProfile>
\t  <bwuserid>${user}</bwuserid>
\t  <email>user${n}@globex.example</email>
\t</subscriberProfile>

2023.07.28 06:00:${at}:993 UTC | Warning | ProvisioningServer | Flowthrough Provisioning Thread-5
\tHTTP/1.1 400 Bad Request
\tContent-Type: application/xml
\t<error><message>BroadWorks email cannot be trusted with legacy provisioning API</message></error>

`;
  }
  return log;
}
