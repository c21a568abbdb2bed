// End-to-end: archives, encodings and broken files in the browser, opened by the core's
// intake exactly as the CLI opens them; and the correction of assumed dates and zones.
//
// Run after `trunk build --release`, like analyze.test.mjs.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { assertAllLocal, makeZip, openPage, repo, screenshots, startHarness } from "./support.mjs";

const cucName = "diag_CuGSuiteSyncSrv_00000001.uc";
const cucPath = path.join(repo, "tests", "fixtures", "cuc", cucName);
const utf16Name = "current_log_utf16le_bom.txt";
const utf16Path = path.join(repo, "tests", "fixtures", "encodings", utf16Name);

let harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

const row = (page, filePath) => page.locator(`[data-testid="file-row"][data-path="${filePath}"]`);
const archiveRow = (page, filePath) => page.locator(`[data-testid="archive-row"][data-path="${filePath}"]`);
const done = (page) => page.locator('[data-testid="analysis-status"][data-state="done"]').waitFor({ timeout: 30_000 });

/** A customer's bundle: a trace in nested folders, a core dump, an empty log. */
async function bundle() {
  const cuc = await fs.readFile(cucPath);
  return makeZip([
    { name: "logs/" },
    { name: "logs/cuc/" },
    { name: `logs/cuc/${cucName}`, data: cuc, deflate: true },
    { name: "logs/cuc/core.dmp", data: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256)) },
    { name: "logs/empty.log", data: Buffer.alloc(0) },
  ]);
}

test("a zip's members, a UTF-16 log and a truncated zip are each listed with their status", async () => {
  const { context, page, requests, errors } = await openPage(harness);
  try {
    const whole = await bundle();
    // Cut inside the second member: the first is recoverable, the directory is gone.
    const cut = makeZip([
      { name: `trace/${cucName}`, data: await fs.readFile(cucPath) },
      { name: "trace/second.log", data: Buffer.alloc(20_000, "14:14:10.894 |1,,,X,1,T,padding line\n") },
    ]);
    await page.locator('[data-testid="file-input"]').setInputFiles([
      { name: "bundle.zip", mimeType: "application/zip", buffer: whole },
      { name: utf16Name, mimeType: "text/plain", buffer: await fs.readFile(utf16Path) },
      { name: "cut.zip", mimeType: "application/zip", buffer: cut.subarray(0, cut.length - 4_000) },
    ]);
    await done(page);

    // The bundle heads its members, which are named through it.
    const archive = archiveRow(page, "bundle.zip");
    assert.equal(await archive.getAttribute("data-status"), "ok");
    assert.match(await archive.innerText(), /3 files inside/);
    const trace = row(page, `bundle.zip!/logs/cuc/${cucName}`);
    assert.equal(await trace.getAttribute("data-status"), "ok");
    assert.match(await trace.innerText(), new RegExp(`bundle\\.zip!/\\s*logs/cuc/${cucName.replaceAll(".", "\\.")}`));
    assert.match(await trace.innerText(), /cuc-diag/);
    const dump = row(page, "bundle.zip!/logs/cuc/core.dmp");
    assert.equal(await dump.getAttribute("data-status"), "skipped");
    assert.match(await dump.locator('[data-testid="file-message"]').innerText(), /binary file/);
    const empty = row(page, "bundle.zip!/logs/empty.log");
    assert.equal(await empty.getAttribute("data-status"), "skipped");
    assert.match(await empty.locator('[data-testid="file-message"]').innerText(), /empty file/);

    // UTF-16 is decoded, and says so.
    const utf16 = row(page, utf16Name);
    assert.equal(await utf16.getAttribute("data-status"), "ok");
    assert.match(await utf16.locator('[data-testid="file-encoding"]').innerText(), /utf-16le/);

    // The truncated zip is an error of its own, and what came before the cut was read.
    const broken = archiveRow(page, "cut.zip");
    assert.equal(await broken.getAttribute("data-status"), "error");
    assert.match(await broken.locator('[data-testid="file-message"]').innerText(), /truncated or corrupt zip/);
    assert.equal(await row(page, `cut.zip!/trace/${cucName}`).getAttribute("data-status"), "ok");

    // The JWT finding names the file inside the archive, down to the line.
    const jwt = page.locator('[data-testid="finding"][data-category="jwt"]').first();
    assert.match(await jwt.innerText(), new RegExp(`bundle\\.zip!/logs/cuc/${cucName.replaceAll(".", "\\.")}`));
    await jwt.locator("button.finding-head").click();
    const evidence = jwt.locator('[data-testid="evidence"]').first();
    await evidence.waitFor({ timeout: 5_000 });
    assert.match(await evidence.innerText(), /\.zip!\/(logs\/cuc|trace)\/diag_CuGSuiteSyncSrv_00000001\.uc:\d+/);

    await fs.mkdir(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, "archives.png"), fullPage: true });
    await page
      .locator('section[aria-labelledby="files-heading"]')
      .screenshot({ path: path.join(screenshots, "archives-files.png") });

    // Still usable: another file starts a new analysis.
    await page.locator('[data-testid="file-input"]').setInputFiles(cucPath);
    await page.locator(`[data-testid="file-row"][data-path="${cucName}"][data-status="ok"]`).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('[data-testid="archive-row"]').count(), 0);

    assertAllLocal(harness, requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
  }
});

test("a trace without a date or zone can be corrected and is analysed again", async () => {
  const { context, page, requests, errors } = await openPage(harness);
  try {
    await page.locator('[data-testid="file-input"]').setInputFiles(cucPath);
    await done(page);

    const trace = row(page, cucName);
    assert.match(await trace.locator('[data-testid="date-source"]').innerText(), /no date.*assumed/s);
    assert.match(await trace.locator('[data-testid="file-zone"]').innerText(), /UTC\s*assumed/);
    const panel = page.locator('[data-testid="time-correction"]');
    assert.match(await panel.innerText(), /Times assumed in 1 file/);

    await panel.locator('[data-testid="correct-date"]').fill("2023-07-28");
    await panel.locator('[data-testid="correct-offset"]').selectOption("120");
    await panel.locator('[data-testid="correct-apply"]').click();
    await trace.locator('[data-testid="date-source"]', { hasText: "set by you" }).waitFor({ timeout: 30_000 });
    await done(page);

    assert.match(await trace.locator('[data-testid="file-time"]').innerText(), /2023-07-28 12:14:10\.894 – 12:24:12\.002 UTC/);
    assert.match(await trace.locator('[data-testid="file-zone"]').innerText(), /UTC\+02:00\s*set by you/);
    const jwt = page.locator('[data-testid="finding"][data-category="jwt"]').first();
    assert.match(await jwt.innerText(), /2023-07-28 12:14:\d\d\.\d{3} UTC/);
    assert.match(await panel.innerText(), /Time corrected/);
    assert.match(await panel.innerText(), /date 2023-07-28 and zone UTC\+02:00/);

    await fs.mkdir(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, "time-correction.png"), fullPage: true });

    // Clearing goes back to the trace's own (missing) date.
    await panel.locator('[data-testid="correct-clear"]').click();
    await trace.locator('[data-testid="date-source"]', { hasText: "no date" }).waitFor({ timeout: 30_000 });

    assertAllLocal(harness, requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
  }
});

test("cancel or new files during a large archive replace the busy worker at once", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "loupe-e2e-"));
  const big = path.join(dir, "big.zip");
  // Stored, so it takes seconds to read but is no decompression bomb.
  const cuc = await fs.readFile(cucPath);
  const member = Buffer.concat(Array.from({ length: Math.ceil((192 << 20) / cuc.length) }, () => cuc));
  await fs.writeFile(big, makeZip([{ name: `node1/${cucName}`, data: member }]));
  // One worker, so the workers started count replacements only.
  const { context, page, requests, errors } = await openPage(harness, undefined, { workers: 1 });
  try {
    const readingArchive = () =>
      page.waitForFunction(() => window.workerMessages.filter((m) => m?.Progress).length > 0, null, {
        timeout: 20_000,
      });
    await page.locator('[data-testid="file-input"]').setInputFiles(big);
    await readingArchive();
    await page.locator('[data-testid="cancel"]').click();
    assert.equal(await page.locator('[data-testid="analysis-status"]').getAttribute("data-state"), "idle");

    const started = Date.now();
    await page.locator('[data-testid="file-input"]').setInputFiles(cucPath);
    await done(page);
    const took = Date.now() - started;
    assert.ok(took < 5_000, `the next job waited ${took} ms for the archive`);
    assert.equal(await page.evaluate(() => window.workersStarted), 2, "the busy worker was not replaced");
    assert.ok((await page.locator('[data-testid="finding"][data-category="jwt"]').count()) >= 1);
    assert.equal(await page.locator('[data-testid="archive-row"]').count(), 0);

    // New files while the archive is read: no cancel, the new job simply takes over.
    await page.evaluate(() => (window.workerMessages = []));
    await page.locator('[data-testid="file-input"]').setInputFiles(big);
    await readingArchive();
    const replaced = Date.now();
    await page.locator('[data-testid="file-input"]').setInputFiles(cucPath);
    await page.locator(`[data-testid="file-row"][data-path="${cucName}"][data-status="ok"]`).waitFor({ timeout: 30_000 });
    const waited = Date.now() - replaced;
    assert.ok(waited < 5_000, `the new files waited ${waited} ms for the archive`);
    assert.equal(await page.evaluate(() => window.workersStarted), 3, "the busy worker was not replaced");
    assert.equal(await page.locator('[data-testid="archive-row"]').count(), 0);

    assertAllLocal(harness, requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
});
