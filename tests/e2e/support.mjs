// What the end-to-end tests share: where the build is, a static server, the browser.

import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "..", "..");
export const dist = path.resolve(process.env.LOUPE_DIST ?? path.join(repo, "dist"));
export const screenshots = path.join(here, "screenshots");
export const fixtureName = "diag_CuGSuiteSyncSrv_00000001.uc";
export const fixture = path.join(repo, "tests", "fixtures", "cuc", fixtureName);

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

/**
 * A static file server over `root`, on a free port of 127.0.0.1, serving it under `base`
 * (such as "/tools/loupe/") the way any static host would. `server.origin` is its origin.
 */
export async function serve(root, base = "/") {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://localhost");
      if (!url.pathname.startsWith(base)) {
        res.writeHead(404).end();
        return;
      }
      let file = path.normalize(path.join(root, decodeURIComponent(url.pathname.slice(base.length))));
      if (!file.startsWith(root)) {
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
  server.origin = `http://127.0.0.1:${server.address().port}`;
  return server;
}

export async function stop(server) {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
}

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
  const file = await started.path();
  return { name: started.suggestedFilename(), text: await fs.readFile(file, "utf8") };
}
