// End-to-end: the built page (dist/) in a real Chromium.
//
// Run by `./dev test`, or after `./dev build`:
//   (cd tests/e2e && npm ci) && node --test --test-concurrency=1 tests/e2e/
// LOUPE_DIST points at another build; LOUPE_CHROMIUM at another browser binary.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { assertAllLocal, fixture, fixtureName, openPage, screenshots, startHarness } from "./support.mjs";

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

/** Writes `bytes` of a plausible CUC trace, so the engine does real work on it. */
async function writeBigTrace(file, bytes) {
  const sample = await fs.readFile(fixture);
  const block = Buffer.concat(Array.from({ length: Math.ceil((1 << 20) / sample.length) }, () => sample));
  const out = createWriteStream(file);
  for (let written = 0; written < bytes; written += block.length) {
    if (!out.write(block)) await new Promise((resolve) => out.once("drain", resolve));
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
}
