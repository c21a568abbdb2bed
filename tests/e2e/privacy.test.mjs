// End-to-end: the privacy promises, checked in a real browser.
// - The hosted page's Content-Security-Policy allows no other origin.
// - A full analysis (samples, a dropped file, both exports) requests nothing but the
//   page's own files.
// - A service-account key dropped with logs leaves no trace of its private key in the DOM,
//   the page's storage, the service worker's cache or any export, and nothing is stored.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { dist, download, findingCategories, fixture, launch, requireBuild, screenshot, serve, stop, watchErrors } from "./support.mjs";

const BASE = "/loupe/";
let server;
let browser;

before(async () => {
  await requireBuild("loupe.html", "sw.js");
  server = await serve(dist, BASE);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stop(server);
});

/** `directive -> [sources]` of the page's CSP meta tag. */
function parseCsp(text) {
  return new Map(
    text
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name, sources]),
  );
}

test("the hosted page's CSP allows nothing beyond its own origin", async () => {
  const html = await fs.readFile(path.join(dist, "index.html"), "utf8");
  const content = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/)?.[1];
  assert.ok(content, "index.html has a CSP meta tag");
  const csp = parseCsp(content);
  assert.deepEqual(csp.get("default-src"), ["'none'"]);
  assert.deepEqual(csp.get("connect-src"), ["'self'"]);
  assert.deepEqual(csp.get("script-src")?.sort(), ["'self'", "'unsafe-inline'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(csp.get("base-uri"), ["'none'"]);
  assert.deepEqual(csp.get("form-action"), ["'none'"]);
  for (const [directive, sources] of csp) {
    for (const source of sources) {
      // Keywords, and the two schemes that never leave the machine; no host, no wildcard.
      assert.match(source, /^('[a-z-]+'|blob:|data:)$/, `${directive} allows ${source}`);
    }
  }
});

test("a full analysis requests nothing but the page's own files", async () => {
  const origin = server.origin;
  const own = new Set([`${origin}${BASE}`, ...(await fs.readdir(dist)).map((name) => `${origin}${BASE}${name}`)]);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const requests = [];
  // Requests of the page, its workers and its service worker alike.
  context.on("request", (request) => requests.push(request.url()));
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${origin}${BASE}`);
    await screenshot(page, "hosted-idle.png");
    await page.locator('[data-testid="try-samples"]').click();
    assert.ok((await findingCategories(page)).size > 0, "the samples gave findings");
    for (const head of await page.locator('[data-testid="finding"] .finding-head').all()) await head.click();
    await screenshot(page, "hosted-findings.png", { fullPage: true });
    await download(page, page.locator('[data-testid="export-json"]'));
    await download(page, page.locator('[data-testid="export-markdown"]'));
    await page.locator('[data-testid="file-input"]').setInputFiles(fixture);
    assert.ok((await findingCategories(page)).has("jwt"));

    const foreign = requests.filter((url) => !own.has(url.split(/[?#]/)[0]) && !/^(blob|data):/.test(url));
    assert.deepEqual(foreign, [], "requests beyond the page's own files");
    assert.ok(requests.includes(`${origin}${BASE}worker_bg.wasm`), "the recording saw the page load");
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
  }
});

/** A throwaway key pair and a service-account key file around it, made for this test only. */
function serviceAccountKey() {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const email = "loupe-e2e@secret-probe.iam.gserviceaccount.com";
  const json = {
    type: "service_account",
    project_id: "secret-probe",
    private_key_id: "5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7",
    private_key: privateKey,
    client_email: email,
    client_id: "100200300400500600700",
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: "https://oauth2.googleapis.com/token",
    auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
  };
  // What must never show: every 16 characters of the key's base64 body, whether or not the
  // lines are joined. The first line is left out: it is the PKCS#8 header every RSA key of
  // this size shares (and Loupe's own code may hold). Past it, each 16 characters are
  // 96 random bits, so a match is this key and nothing else.
  const body = privateKey.split("\n").filter((line) => line && !line.startsWith("-----"));
  const needles = body.slice(1).flatMap((line) => line.match(/.{16}/g) ?? []);
  assert.ok(needles.length > 90, "the key has a body to look for");
  // The search finds the key however it is written: as PEM, or escaped inside JSON.
  assert.equal(leaks(JSON.stringify(json), needles).length, needles.length);
  assert.equal(leaks(privateKey, needles).length, needles.length);
  return { json, privateKey, needles };
}

function leaks(text, needles) {
  return needles.filter((needle) => text.includes(needle));
}

test("a dropped service-account key leaves no trace of its private key, and nothing is stored", async () => {
  const key = serviceAccountKey();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "loupe-secrets-"));
  const keyFile = path.join(dir, "secret-probe-5ec7e75ec7e7.json");
  const pemFile = path.join(dir, "exported-key.pem");
  const debugLog = path.join(dir, "token-client-debug.log");
  await fs.writeFile(keyFile, JSON.stringify(key.json, null, 2));
  await fs.writeFile(pemFile, key.privateKey);
  // A log that printed the credentials inline, on the very line that becomes evidence.
  await fs.writeFile(
    debugLog,
    `2024-03-12 14:02:11,003 ERROR token refresh failed: invalid_grant Invalid JWT Signature. credentials=${JSON.stringify(key.json)}\n` +
      `2024-03-12 14:02:11,004 DEBUG key file contents:\n${JSON.stringify(key.json, null, 2)}\n`,
  );
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.origin}${BASE}`);
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
    await page.locator('[data-testid="file-input"]').setInputFiles([keyFile, pemFile, debugLog, fixture]);
    const categories = await findingCategories(page);
    assert.ok(categories.size > 0, "the analysis found something");
    // Every finding open, so all evidence is in the DOM.
    for (const head of await page.locator('[data-testid="finding"] .finding-head').all()) await head.click();
    const evidence = await page.locator('[data-testid="evidence"]').allInnerTexts();
    assert.ok(
      evidence.some((text) => text.includes("token-client-debug.log") && text.includes("[masked]")),
      "the line holding the key is shown as evidence, masked",
    );

    const seen = await page.evaluate(async () => {
      const dump = (storage) => Object.entries({ ...storage }).flat().join("\n");
      const cached = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          cached.push(request.url, await (await cache.match(request)).text());
        }
      }
      return {
        html: document.documentElement.outerHTML,
        text: document.body.innerText,
        localStorage: dump(localStorage),
        localStorageLength: localStorage.length,
        sessionStorage: dump(sessionStorage),
        sessionStorageLength: sessionStorage.length,
        indexedDb: (await indexedDB.databases()).map((db) => db.name),
        cacheStorage: cached.join("\n"),
      };
    });
    const json = await download(page, page.locator('[data-testid="export-json"]'));
    const markdown = await download(page, page.locator('[data-testid="export-markdown"]'));
    assert.equal(json.name, "loupe-report.json");
    assert.equal(markdown.name, "loupe-report.md");
    assert.ok(json.text.includes("token-client-debug.log"), "the JSON export has the evidence");
    assert.ok(markdown.text.includes("token-client-debug.log"), "the Markdown export has the evidence");

    const places = {
      "DOM (outerHTML)": seen.html,
      "page text": seen.text,
      localStorage: seen.localStorage,
      sessionStorage: seen.sessionStorage,
      "IndexedDB names": seen.indexedDb.join("\n"),
      "service worker cache": seen.cacheStorage,
      "JSON export": json.text,
      "Markdown export": markdown.text,
    };
    for (const [place, text] of Object.entries(places)) {
      assert.deepEqual(leaks(text, key.needles), [], `private key material in the ${place}`);
    }
    // Nothing is kept once the page is closed: no storage was written at all.
    assert.equal(seen.localStorageLength, 0, "localStorage was written");
    assert.equal(seen.sessionStorageLength, 0, "sessionStorage was written");
    assert.deepEqual(seen.indexedDb, [], "an IndexedDB database was created");
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
});
