// End-to-end: Loupe without a network. The single file (dist/loupe.html) opened from disk
// with every request refused, the download that gives it, and a hosted copy that keeps
// working offline through its service worker and announces a new deployment.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import {
  dist,
  download,
  findingCategories,
  fixture,
  launch,
  repo,
  requireBuild,
  screenshot,
  serve,
  makeTarGz,
  makeZip,
  stop,
  watchErrors,
} from "./support.mjs";

const BUNDLE_CSP =
  "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; worker-src blob:; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
/** A sub-path, as on a shared static host: every URL of the app must be relative. */
const BASE = "/tools/loupe/";

let browser;

before(async () => {
  await requireBuild("loupe.html", "sw.js");
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Opens the single file from disk with the network off and every request refused. */
async function openBundle() {
  const url = pathToFileURL(path.join(dist, "loupe.html")).href;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.setOffline(true);
  const requests = [];
  const refused = [];
  context.on("request", (request) => requests.push(request.url()));
  await context.route("**/*", (route) => {
    const requested = route.request().url();
    if (requested === url) return route.continue();
    refused.push(requested);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(url);
  return { context, page, url, requests, refused, errors };
}

function assertOnlyItself({ url, requests, refused }) {
  assert.deepEqual(refused, [], "the single file asked for something");
  const other = requests.filter((r) => r !== url && !r.startsWith("blob:") && !r.startsWith("data:"));
  assert.deepEqual(other, [], "the single file loaded something besides itself");
}

test("the single file works from disk: samples, a dropped file and an export, with no network", async () => {
  const opened = await openBundle();
  const { context, page, errors } = opened;
  try {
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    assert.equal(csp, BUNDLE_CSP);
    // It is the offline copy: it offers no download of itself and registers no service worker.
    assert.equal(await page.locator('[data-testid="download-offline"]').count(), 0);
    await page.locator('[data-testid="offline-copy"]').waitFor();

    await page.locator('[data-testid="try-samples"]').click();
    const categories = await findingCategories(page);
    assert.ok(categories.has("jwt"), `sample findings: ${[...categories]}`);
    assert.ok((await page.locator('[data-testid="file-row"]').count()) >= 10, "the sample files are listed");
    await page.locator('[data-testid="finding"][data-category="jwt"] .finding-head').first().click();
    await screenshot(page, "bundle-findings.png", { fullPage: true });

    const exported = await download(page, page.locator('[data-testid="export-json"]'));
    assert.equal(exported.name, "loupe-report.json");
    assert.ok(JSON.parse(exported.text).findings.length > 0);

    await page.locator('[data-testid="file-input"]').setInputFiles(fixture);
    const again = await findingCategories(page);
    assert.ok(again.has("jwt"), `findings for the fixture: ${[...again]}`);
    assert.equal(await page.locator('[data-testid="file-row"]').count(), 1);

    assert.equal(await page.evaluate(() => Boolean(navigator.serviceWorker?.controller)), false);
    assertOnlyItself(opened);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
  }
});

test("the single file opens archives from disk: zip, tar.gz and gz", async () => {
  const samples = path.join(repo, "www", "samples");
  const read = async (name) => ({ name, data: await fs.readFile(path.join(samples, name)), deflate: true });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "loupe-archives-"));
  const bundleZip = path.join(dir, "broadworks-bundle.zip");
  const tracesTgz = path.join(dir, "cuc-traces.tar.gz");
  const traceGz = path.join(dir, "diag_CuGSuiteSyncSrv_00000009.uc.gz");
  const zipped = ["broadworks/as01/PSLog2024.03.12-13.00.00.txt", "webex-app/current_log.txt"];
  const tarred = ["cuc/diag_CuGSuiteSyncSrv_00000002.uc", "cuc/um-accounts-status.txt"];
  await fs.writeFile(bundleZip, makeZip(await Promise.all(zipped.map(read))));
  await fs.writeFile(tracesTgz, makeTarGz(await Promise.all(tarred.map(read))));
  await fs.writeFile(traceGz, gzipSync(await fs.readFile(fixture)));
  const opened = await openBundle();
  const { context, page, errors } = opened;
  try {
    await page.locator('[data-testid="file-input"]').setInputFiles([bundleZip, tracesTgz, traceGz]);
    const categories = await findingCategories(page);
    for (const category of ["provisioning", "registration", "jwt", "mailbox-sync"]) {
      assert.ok(categories.has(category), `no ${category} finding from the archives: ${[...categories]}`);
    }
    const rows = await page
      .locator('[data-testid="file-row"][data-status="ok"]')
      .evaluateAll((nodes) => nodes.map((node) => node.dataset.path));
    assert.deepEqual(rows.sort(), [
      ...zipped.map((name) => `broadworks-bundle.zip!/${name}`),
      ...tarred.map((name) => `cuc-traces.tar.gz!/${name}`),
      "diag_CuGSuiteSyncSrv_00000009.uc.gz",
    ].sort());
    assertOnlyItself(opened);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test("the hosted page offers the single file for download", async () => {
  const server = await serve(dist, BASE);
  const context = await browser.newContext({ acceptDownloads: true });
  try {
    const page = await context.newPage();
    await page.goto(`${server.origin}${BASE}`);
    const link = page.locator('[data-testid="download-offline"]');
    assert.match(await link.innerText(), /Download for offline use/);
    assert.equal(await link.getAttribute("href"), "./loupe.html");
    const [started] = await Promise.all([page.waitForEvent("download"), link.click()]);
    assert.equal(started.suggestedFilename(), "loupe.html");
    const saved = await fs.readFile(await started.path());
    assert.ok(saved.equals(await fs.readFile(path.join(dist, "loupe.html"))), "the download is dist/loupe.html");
  } finally {
    await context.close();
    await stop(server);
  }
});

/** Opens the hosted page and waits until its service worker controls it (files cached). */
async function openHosted(context, url) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(url);
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
  return { page, errors };
}

test("a hosted copy under a sub-path works offline after the first visit", async () => {
  const server = await serve(dist, BASE);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const { page, errors } = await openHosted(context, `${server.origin}${BASE}`);
    await context.setOffline(true);
    const reloaded = await page.reload();
    assert.ok(reloaded.fromServiceWorker(), "the page came from the service worker");
    await page.locator('[data-testid="file-input"]').setInputFiles(fixture);
    const categories = await findingCategories(page);
    assert.ok(categories.has("jwt"), `offline findings: ${[...categories]}`);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
    await stop(server);
  }
});

test("a new deployment is announced, and a reload loads it", async () => {
  // A copy of dist/ to deploy over, served like a static host would.
  const site = await fs.mkdtemp(path.join(os.tmpdir(), "loupe-site-"));
  await fs.cp(dist, site, { recursive: true });
  const server = await serve(site, BASE);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const { page, errors } = await openHosted(context, `${server.origin}${BASE}`);
    const build = await page.locator('meta[name="loupe-build"]').getAttribute("content");
    assert.match(build, /^[0-9a-f]{16}$/);
    assert.equal(await page.locator('[data-testid="update-notice"]').count(), 0);

    // "Deploy" a new version: same files with another build hash, as scripts/bundle.mjs stamps it.
    const next = `${build.slice(0, 12)}beef`;
    for (const name of ["index.html", "sw.js"]) {
      const file = path.join(site, name);
      await fs.writeFile(file, (await fs.readFile(file, "utf8")).replaceAll(build, next));
    }
    // The next visit still opens at once (from the cache) and finds the new version.
    await page.reload();
    const notice = page.locator('[data-testid="update-notice"]');
    await notice.waitFor({ timeout: 30_000 });
    assert.match(await notice.innerText(), /A new version of Loupe is available — reload to update/);
    await screenshot(page, "update-notice.png");

    await Promise.all([page.waitForEvent("load"), notice.locator('[data-testid="reload"]').click()]);
    assert.equal(await page.locator('meta[name="loupe-build"]').getAttribute("content"), next);
    assert.equal(await page.locator('[data-testid="update-notice"]').count(), 0);
    // Only the new version's files are kept.
    const caches = await page.evaluate(() => caches.keys());
    assert.deepEqual(caches, [`loupe-${next}`]);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
    await stop(server);
    await fs.rm(site, { recursive: true, force: true });
  }
});
