// What the end-to-end tests share: where the build is, a static server, the browser.

import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export { serve, stop } from "./static-server.mjs";

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
