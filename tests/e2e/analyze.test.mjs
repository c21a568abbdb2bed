// End-to-end: the built page (dist/) in a real Chromium.
//
// Run by `./dev test`, or after `./dev build`:
//   (cd tests/e2e && npm ci) && node --test --test-concurrency=1 tests/e2e/
// LOUPE_DIST points at another build; LOUPE_CHROMIUM at another browser binary.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { dist, fixture, fixtureName, launch, requireBuild, screenshots, serve, stop } from "./support.mjs";

let server;
let origin;
let browser;

/**
 * Keeps a copy of every message the page receives from a worker, in `window.workerMessages`,
 * and counts the workers started, in `window.workersStarted`.
 */
function recordWorkerMessages() {
  const Native = window.Worker;
  window.workerMessages = [];
  window.workersStarted = 0;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      window.workersStarted += 1;
      this.addEventListener("message", (event) => window.workerMessages.push(event.data));
    }
  };
}

/** A fresh page that records every request it (or its workers) makes, and every error. */
async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(recordWorkerMessages);
  const requests = [];
  const errors = [];
  context.on("request", (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(`${origin}/`);
  return { context, page, requests, errors };
}

function assertAllLocal(requests) {
  assert.ok(requests.length > 0, "no request was recorded at all");
  const foreign = requests.filter(
    (url) => !(url.startsWith(`${origin}/`) || url.startsWith("blob:") || url.startsWith("data:")),
  );
  assert.deepEqual(foreign, [], "the page contacted something other than its own origin");
}

before(async () => {
  await requireBuild();
  server = await serve(dist);
  origin = server.origin;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stop(server);
});

test("analyses a CUC trace and explains the JWT failure, without leaving the origin", async () => {
  const { context, page, requests, errors } = await openPage();
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

    assertAllLocal(requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
  }
});

test("cancel stops a long analysis and the page can start again", async () => {
  // Big enough that the analysis is still running when Cancel is clicked.
  const big = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "loupe-e2e-")), "big_CuGSuiteSyncSrv.uc");
  await writeBigTrace(big, 256 * 1024 * 1024);
  const { context, page, requests, errors } = await openPage();
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

    assertAllLocal(requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
    await fs.rm(path.dirname(big), { recursive: true, force: true });
  }
});

test("cancelling a long archive replaces the busy worker, and the next files are analysed at once", async () => {
  // An uncompressed tar, so the intake reads it all (no bomb cap) in one synchronous call
  // that cannot hear the cancel: it takes far longer than the bridge's grace period.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "loupe-e2e-"));
  const big = path.join(dir, "support-bundle.tar");
  await writeBigTar(big, "node1/diag_CuGSuiteSyncSrv_00000001.uc", 384 * 1024 * 1024);
  const { context, page, requests, errors } = await openPage();
  try {
    await page.locator('[data-testid="file-input"]').setInputFiles(big);
    await page.waitForFunction(() => window.workerMessages.some((m) => m?.Progress), null, { timeout: 20_000 });
    await page.locator('[data-testid="cancel"]').click();
    const cancelledAt = Date.now();
    await page.locator('[data-testid="file-input"]').setInputFiles(fixture);
    await page.locator('[data-testid="analysis-status"][data-state="done"]').waitFor({ timeout: 20_000 });
    const took = Date.now() - cancelledAt;
    assert.ok(took < 12_000, `the next files waited ${took} ms for the archive`);
    assert.equal(await page.evaluate(() => window.workersStarted), 2, "the busy worker was replaced");
    assert.ok((await page.locator('[data-testid="finding"][data-category="jwt"]').count()) >= 1);
    assert.deepEqual(await page.locator('[data-testid="file-row"] .file-path').allInnerTexts(), [fixtureName]);
    assertAllLocal(requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test("files dropped on the drop zone are analysed", async () => {
  const { context, page, requests, errors } = await openPage();
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
    assertAllLocal(requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
  }
});

test("an engine that cannot load is reported, not left spinning", async () => {
  const context = await browser.newContext();
  try {
    await context.route("**/worker_bg.wasm", (route) => route.fulfill({ status: 404, body: "" }));
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    const status = page.locator('[data-testid="analysis-status"][data-state="error"]');
    await status.waitFor({ timeout: 10_000 });
    assert.match(await status.innerText(), /could not be loaded/);
  } finally {
    await context.close();
  }
});

/** Writes a tar holding one member, `name`: `bytes` of a plausible CUC trace. */
async function writeBigTar(file, name, bytes) {
  const trace = `${file}.member`;
  await writeBigTrace(trace, bytes);
  const size = (await fs.stat(trace)).size;
  const header = Buffer.alloc(512);
  header.write(name, 0, 100);
  header.write("0000644\0", 100);
  header.write("0000000\0", 108);
  header.write("0000000\0", 116);
  header.write(`${size.toString(8).padStart(11, "0")}\0`, 124);
  header.write("14577001400\0", 136);
  header.write("        ", 148);
  header.write("0", 156);
  header.write("ustar\0", 257);
  header.write("00", 263);
  const sum = header.reduce((total, byte) => total + byte, 0);
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  const out = createWriteStream(file);
  out.write(header);
  for await (const chunk of createReadStream(trace)) {
    if (!out.write(chunk)) await new Promise((resolve) => out.once("drain", resolve));
  }
  out.write(Buffer.alloc((512 - (size % 512)) % 512 + 1024));
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  await fs.rm(trace);
}

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
