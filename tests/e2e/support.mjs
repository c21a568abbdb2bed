// Shared by the e2e tests: a static server over dist/, Chromium, a page that records its
// worker traffic, and a small zip writer so archives are made at test time.

import assert from "node:assert/strict";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "..", "..");
export const dist = path.resolve(process.env.LOUPE_DIST ?? path.join(repo, "dist"));
export const screenshots = path.join(here, "screenshots");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** Serves dist/ on a free port of 127.0.0.1 and starts Chromium; `close` undoes both. */
export async function startHarness() {
  await fs.access(path.join(dist, "index.html")).catch(() => {
    throw new Error(`no build in ${dist}: run \`trunk build --release\` first (or set LOUPE_DIST)`);
  });
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://localhost");
      let file = path.normalize(path.join(dist, decodeURIComponent(url.pathname)));
      if (!file.startsWith(dist)) {
        res.writeHead(403).end();
        return;
      }
      const stat = await fs.stat(file).catch(() => null);
      if (stat?.isDirectory()) file = path.join(file, "index.html");
      const found = await fs.stat(file).catch(() => null);
      if (!found?.isFile()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
        "content-length": found.size,
        "cache-control": "no-store",
      });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
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
  return {
    origin,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Keeps every message from a worker in `window.workerMessages`, and counts workers started. */
function recordWorkers() {
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

/** A fresh page that records its requests, its errors and its workers' messages. */
export async function openPage(harness, viewport = { width: 1280, height: 900 }) {
  const context = await harness.browser.newContext({ viewport });
  await context.addInitScript(recordWorkers);
  const requests = [];
  const errors = [];
  context.on("request", (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(`${harness.origin}/`);
  return { context, page, requests, errors };
}

export function assertAllLocal(harness, requests) {
  assert.ok(requests.length > 0, "no request was recorded at all");
  const foreign = requests.filter(
    (url) => !(url.startsWith(`${harness.origin}/`) || url.startsWith("blob:") || url.startsWith("data:")),
  );
  assert.deepEqual(foreign, [], "the page contacted something other than its own origin");
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
