// Shared by the e2e tests: where the build is, Chromium, a static server over dist/ (in
// static-server.mjs, also behind `./dev serve`), a page that records its requests, errors and
// worker traffic, and small zip and tar.gz writers so archives are made at test time.

import assert from "node:assert/strict";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { chromium } from "playwright-core";
import { serve, stop } from "./static-server.mjs";

export { serve, stop };

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "..", "..");
export const dist = path.resolve(process.env.LOUPE_DIST ?? path.join(repo, "dist"));
export const screenshots = path.join(here, "screenshots");
export const fixtureName = "diag_CuGSuiteSyncSrv_00000001.uc";
export const fixture = path.join(repo, "tests", "fixtures", "cuc", fixtureName);

/** Fails early, with the command to run, when there is no build to test. */
export async function requireBuild(...files) {
  for (const file of ["index.html", ...files]) {
    await fs.access(path.join(dist, file)).catch(() => {
      throw new Error(`no ${file} in ${dist}: run \`./dev build\` first (or set LOUPE_DIST)`);
    });
  }
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.LOUPE_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}

/** Serves dist/ on a free port of 127.0.0.1 and starts Chromium; `close` undoes both. */
export async function startHarness() {
  await requireBuild();
  const server = await serve(dist);
  const browser = await launch();
  return {
    origin: server.origin,
    browser,
    async close() {
      await browser.close();
      await stop(server);
    },
  };
}

/**
 * Keeps every message from a worker in `window.workerMessages`, and in `window.workerLog` as
 * `{ worker, data }` with the worker's number (in order of start, from 1); counts workers started.
 */
function recordWorkers() {
  const Native = window.Worker;
  window.workerMessages = [];
  window.workerLog = [];
  window.workersStarted = 0;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      window.workersStarted += 1;
      const worker = window.workersStarted;
      this.addEventListener("message", (event) => {
        window.workerMessages.push(event.data);
        window.workerLog.push({ worker, data: event.data });
      });
    }
  };
}

/**
 * A fresh page that records its requests, its errors and its workers' messages. `workers`
 * sets the page's pool of analysis workers (`?workers=N`, see src/bridge/mod.rs), so a test
 * runs on a known number of workers whatever the machine's cores. `init` runs in the page
 * before its own scripts.
 */
export async function openPage(harness, viewport = { width: 1280, height: 900 }, { workers, init } = {}) {
  const context = await harness.browser.newContext({ viewport });
  await context.addInitScript(recordWorkers);
  if (init) await context.addInitScript(init);
  const requests = [];
  context.on("request", (request) => requests.push(request.url()));
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${harness.origin}/${workers ? `?workers=${workers}` : ""}`);
  return { context, page, requests, errors };
}

/** Waits until `count` workers have said they are ready. */
export async function workersReady(page, count) {
  await page.waitForFunction((n) => window.workerMessages.filter((m) => m === "Ready").length >= n, count, { timeout: 20_000 });
}

export function assertAllLocal(harness, requests) {
  assert.ok(requests.length > 0, "no request was recorded at all");
  const foreign = requests.filter(
    (url) => !(url.startsWith(`${harness.origin}/`) || url.startsWith("blob:") || url.startsWith("data:")),
  );
  assert.deepEqual(foreign, [], "the page contacted something other than its own origin");
}

/** Collects uncaught errors and console errors of `page`. */
export function watchErrors(page) {
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
}

/** Waits for the analysis to finish and returns the categories of its findings. */
export async function findingCategories(page) {
  await page.locator('[data-testid="analysis-status"][data-state="done"]').waitFor({ timeout: 60_000 });
  const categories = await page
    .locator('[data-testid="finding"]')
    .evaluateAll((nodes) => nodes.map((node) => node.dataset.category));
  return new Set(categories);
}

export async function screenshot(page, name, options = {}) {
  await fs.mkdir(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, name), ...options });
}

/** Clicks `locator` and returns the text of the download it starts, and its name. */
export async function download(page, locator) {
  const [started] = await Promise.all([page.waitForEvent("download"), locator.click()]);
  return { name: started.suggestedFilename(), text: await fs.readFile(await started.path(), "utf8") };
}

/**
 * A zip of `entries` ({ name, data, deflate }); a name ending in `/` is a folder entry.
 * Only what the tests need: no zip64, no extra fields, a fixed timestamp.
 */
export function makeZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data = Buffer.alloc(0), deflate = false } of entries) {
    const nameBytes = Buffer.from(name, "utf8");
    const body = deflate ? zlib.deflateRawSync(data) : data;
    const crc = zlib.crc32(data);
    const method = deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x7000, 10); // 14:00
    local.writeUInt16LE(0x56fc, 12); // 2023-07-28
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
    local.copy(central, 6, 4, 30); // version needed .. name length
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE(name.endsWith("/") ? 0x41ed0010 : 0x81a40000, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A gzipped tar of `entries` ({ name, data }): the other shape log bundles come in. */
export function makeTarGz(entries) {
  const blocks = [];
  for (const { name, data } of entries) {
    const header = Buffer.alloc(512);
    header.write(name, 0, 100);
    header.write("0000644\0", 100);
    header.write("0000000\0", 108);
    header.write("0000000\0", 116);
    header.write(`${data.length.toString(8).padStart(11, "0")}\0`, 124);
    header.write("14577001400\0", 136); // 2024-03-12
    header.write("        ", 148); // the checksum counts itself as spaces
    header.write("0", 156);
    header.write("ustar\0", 257);
    header.write("00", 263);
    const sum = header.reduce((total, byte) => total + byte, 0);
    header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return zlib.gzipSync(Buffer.concat(blocks));
}

/** Writes `bytes` of a plausible CUC trace, so the engine does real work on it. */
export async function writeBigTrace(file, bytes) {
  const sample = await fs.readFile(fixture);
  const block = Buffer.concat(Array.from({ length: Math.ceil((1 << 20) / sample.length) }, () => sample));
  const out = createWriteStream(file);
  for (let written = 0; written < bytes; written += block.length) {
    if (!out.write(block)) await new Promise((resolve) => out.once("drain", resolve));
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
}
