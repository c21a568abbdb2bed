// For the e2e tests: a static server over dist/, a headless Chromium, and a page that records
// its requests and errors. (analyze.test.mjs predates it and still has its own copy.)

import assert from "node:assert/strict";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
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

/** Serves dist/ on a free port of 127.0.0.1 and starts Chromium; `stop()` ends both. */
export async function start() {
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

  /**
   * A fresh page that records every request it (or its workers) makes, and every error.
   * `init` runs in the page before its own scripts; `permissions` are granted to the origin.
   */
  async function openPage({ permissions = [], init } = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    if (permissions.length) await context.grantPermissions(permissions, { origin });
    if (init) await context.addInitScript(init);
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

  async function stop() {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }

  return { origin, browser, openPage, assertAllLocal, stop };
}

/** Every file under `dir`, recursively, sorted. */
export async function filesUnder(dir) {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

/** Gives `files` to the page's file input and waits for the report. */
export async function analyse(page, files) {
  await page.locator('[data-testid="file-input"]').setInputFiles(files);
  await page.locator('[data-testid="analysis-status"][data-state="done"]').waitFor({ timeout: 60_000 });
}

/** A full-page screenshot in tests/e2e/screenshots/. */
export async function shoot(target, name) {
  await fs.mkdir(screenshots, { recursive: true });
  await target.screenshot({ path: path.join(screenshots, name), ...(target.url ? { fullPage: true } : {}) });
}
