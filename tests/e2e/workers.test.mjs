// End-to-end: a job split among several analysis workers (src/bridge/mod.rs). The page's
// pool is set with `?workers=N`, which also splits jobs of any size, so these tests run the
// same on any machine.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { assertAllLocal, download, fixture, makeZip, openPage, repo, startHarness, writeBigTrace } from "./support.mjs";

let harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

const status = (page) => page.locator('[data-testid="analysis-status"]');
const done = (page, timeout = 60_000) =>
  page.locator('[data-testid="analysis-status"][data-state="done"]').waitFor({ timeout });

/** The pool takes the next job after a stopped or failed one. */
async function nextJobRuns(page) {
  await page.locator('[data-testid="file-input"]').setInputFiles(fixture);
  await done(page, 30_000);
  assert.ok((await page.locator('[data-testid="finding"][data-category="jwt"]').count()) >= 1);
}

/** Every fixture file, in path order: many formats, keys and traces that explain each other across files. */
async function allFixtures() {
  const out = [];
  const walk = async (dir) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (!/\.(py|md)$/.test(entry.name)) out.push(full);
    }
  };
  await walk(path.join(repo, "tests", "fixtures"));
  return out.sort();
}

/** Analyses `files` on a pool of `workers` and returns the exported report and who sent shards. */
async function analyse(files, workers) {
  const { context, page, requests, errors } = await openPage(harness, undefined, { workers });
  try {
    await page.locator('[data-testid="file-input"]').setInputFiles(files);
    await page.locator('[data-testid="analysis-status"]:is([data-state="done"], [data-state="error"])').waitFor({ timeout: 60_000 });
    assert.equal(await status(page).getAttribute("data-state"), "done", await status(page).innerText());
    const { text } = await download(page, page.locator('[data-testid="export-json"]'));
    const shardsFrom = await page.evaluate(() => window.workerLog.filter((m) => m.data?.Shard).map((m) => m.worker));
    const reportsFrom = await page.evaluate(() => window.workerLog.filter((m) => m.data?.Done).map((m) => m.worker));
    assertAllLocal(harness, requests);
    assert.deepEqual(errors, [], "the page logged errors");
    return { report: JSON.parse(text), shardsFrom, reportsFrom };
  } finally {
    await context.close();
  }
}

test("a job split among three workers, in twelve groups, gives the report one worker gives: files in order, findings, counts, sign-ins", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "loupe-e2e-"));
  try {
    const fixtures = await allFixtures();
    // An archive in the middle: its members keep their place among the files.
    const zip = path.join(dir, "m_bundle.zip");
    const cuc = await fs.readFile(fixture);
    await fs.writeFile(zip, makeZip([{ name: "node1/diag_CuGSuiteSyncSrv_00000009.uc", data: cuc, deflate: true }]));
    const half = Math.floor(fixtures.length / 2);
    const files = [...fixtures.slice(0, half), zip, ...fixtures.slice(half)];

    const one = await analyse(files, 1);
    const three = await analyse(files, 3);
    assert.deepEqual(one.shardsFrom, []);
    // Four groups a worker, given to whichever is free: group 0 stays with the lead.
    assert.equal(three.shardsFrom.length, 11, "every group but the lead's first should come as a shard");
    assert.equal(new Set([...three.shardsFrom, ...three.reportsFrom]).size, 3, "three workers should share the job");

    assert.ok(one.report.files.some((f) => f.path.startsWith("m_bundle.zip!/")), "the zip's member has a row of its own");
    assert.ok(one.report.findings.length >= 10, `${one.report.findings.length} findings`);
    assert.ok(one.report.signins?.length > 0, "no sign-ins");
    assert.deepEqual(three.report.files.map((f) => f.path), one.report.files.map((f) => f.path));
    assert.deepEqual(
      three.report.findings.map((f) => [f.rule, f.title, f.count]),
      one.report.findings.map((f) => [f.rule, f.title, f.count]),
    );
    assert.deepEqual(three.report, one.report);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test("two workers read two files at once, and cancel stops both (the one inside an archive is replaced)", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "loupe-e2e-"));
  const trace = path.join(dir, "a_big_CuGSuiteSyncSrv.uc");
  await writeBigTrace(trace, 160 * 1024 * 1024);
  // Stored, so it takes seconds to read but is no decompression bomb.
  const zip = path.join(dir, "b_big.zip");
  const cuc = await fs.readFile(fixture);
  const member = Buffer.concat(Array.from({ length: Math.ceil((192 << 20) / cuc.length) }, () => cuc));
  await fs.writeFile(zip, makeZip([{ name: "node1/diag_CuGSuiteSyncSrv_00000001.uc", data: member }]));
  const { context, page, requests, errors } = await openPage(harness, undefined, { workers: 2 });
  try {
    await page.waitForFunction(() => window.workersStarted === 2, null, { timeout: 20_000 });
    await page.locator('[data-testid="file-input"]').setInputFiles([trace, zip]);
    // Each worker reads its own file: both rows are being read at the same time.
    await page.waitForFunction(
      () => {
        const progress = new Set(window.workerLog.filter((m) => m.data?.Progress?.bytes_done > 0).map((m) => m.worker));
        const archive = window.workerLog.some((m) => m.data?.Archive?.reading);
        return progress.size === 2 && archive;
      },
      null,
      { timeout: 20_000 },
    );
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid="file-row"]')].every((row) => row.dataset.progress === "reading"),
      null,
      { timeout: 5_000 },
    );
    assert.match(await page.locator('[data-testid="status-reading"]').innerText(), /^Reading a_big_CuGSuiteSyncSrv\.uc \(1 of 2\)$/);

    await page.locator('[data-testid="cancel"]').click();
    assert.equal(await status(page).getAttribute("data-state"), "idle");
    // The plain file's worker stops between two slices; the archive's is replaced by a new one.
    await page.waitForFunction(() => window.workerLog.some((m) => m.worker === 1 && m.data?.Cancelled), null, { timeout: 5_000 });
    await page.waitForFunction(() => window.workersStarted === 3, null, { timeout: 5_000 });
    await page.waitForTimeout(500);
    const settled = await page.evaluate(() => window.workerLog.length);
    await page.waitForTimeout(1_500);
    const late = await page.evaluate(
      (from) => window.workerLog.slice(from).filter((m) => m.data?.Progress || m.data?.Partial || m.data?.Done || m.data?.Shard),
      settled,
    );
    assert.deepEqual(late, [], "a worker went on after the cancel");
    assert.equal(await status(page).getAttribute("data-state"), "idle");
    assert.equal(await page.locator('[data-testid="finding"]').count(), 0);

    await nextJobRuns(page);
    assertAllLocal(harness, requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test("a shard the lead cannot take in fails the job with a message, and the next job runs", async () => {
  // Damages every shard on its way from the page to the lead.
  const damageShards = () => {
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, transfer) {
      if (message?.Shard) message = { Shard: { job: message.Shard.job, bytes: new Uint8Array([1, 2, 3, 4]) } };
      return post.call(this, message, transfer);
    };
  };
  const { context, page, requests, errors } = await openPage(harness, undefined, { workers: 2, init: damageShards });
  try {
    const dir = path.join(repo, "tests", "fixtures", "broadworks", "signin", "xsp01");
    const files = (await fs.readdir(dir)).sort().map((name) => path.join(dir, name));
    await page.locator('[data-testid="file-input"]').setInputFiles(files);
    await page.locator('[data-testid="analysis-status"][data-state="error"]').waitFor({ timeout: 30_000 });
    assert.match(await status(page).innerText(), /results of the analysis workers could not be combined/);
    assert.ok((await page.evaluate(() => window.workerLog.filter((m) => m.data?.Shard).length)) >= 1);

    await nextJobRuns(page);
    assertAllLocal(harness, requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
  }
});
