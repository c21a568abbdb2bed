// End-to-end: the report panels (provisioning table, sign-in trails, error-code lookup, and the
// Google panels) on the BroadWorks and Google fixtures, in the built page.
//
// Run after `trunk build --release`:
//   (cd tests/e2e && npm ci) && node --test --test-concurrency=1 tests/e2e/

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import path from "node:path";
import { assertAllLocal, openPage, repo, screenshots, startHarness } from "./support.mjs";

const fixtures = path.join(repo, "tests", "fixtures", "broadworks");
let harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

/** Every file under `dir`, recursively, sorted. */
async function filesUnder(dir) {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

/** Gives `files` to the page's file input and waits for the report. */
async function analyse(page, files) {
  await page.locator('[data-testid="file-input"]').setInputFiles(files);
  await page.locator('[data-testid="analysis-status"][data-state="done"]').waitFor({ timeout: 60_000 });
}

/** A screenshot of the whole page, or of one element, in tests/e2e/screenshots/. */
async function shoot(target, name) {
  await fs.mkdir(screenshots, { recursive: true });
  const whole = typeof target.goto === "function";
  await target.screenshot({ path: path.join(screenshots, name), ...(whole ? { fullPage: true } : {}) });
}

test("provisioning table: one row per subscriber, sortable, filterable, with evidence", async () => {
  const { context, page, requests, errors } = await openPage(harness);
  try {
    await analyse(page, await filesUnder(path.join(fixtures, "provisioning")));
    await page.locator('[data-testid="tab-provisioning"]').click();
    const table = page.locator('[data-testid="provisioning-table"]');
    await table.waitFor();
    const rows = table.locator('[data-testid="provisioning-row"]');
    assert.equal(await rows.count(), 10);
    const statuses = await rows.evaluateAll((els) => els.map((e) => e.dataset.status));
    assert.equal(statuses.filter((s) => s === "accepted").length, 2);
    assert.equal(statuses.filter((s) => s === "failed").length, 8);
    // Failures first by default.
    assert.deepEqual(statuses.slice(-2), ["accepted", "accepted"]);

    // The 403 to an IP address names the missing AS patch, and defects show as chips.
    const erin = rows.filter({ hasText: "erin.green@initech-sp.net" });
    assert.match(await erin.innerText(), /403/);
    assert.match(await erin.innerText(), /ap373197/);
    const bob = rows.filter({ hasText: "bob.jones@acme-sp.net" });
    assert.match(await bob.locator('[data-testid="defect"]').first().innerText(), /invalid email/);

    // Sorting by user, then the other way round.
    await table.locator('button[data-sort="Subscriber"]').click();
    const users = () => rows.evaluateAll((els) => els.map((e) => e.querySelector(".prov-user").textContent));
    const ascending = await users();
    assert.deepEqual(ascending, [...ascending].sort());
    await table.locator('button[data-sort="Subscriber"]').click();
    assert.deepEqual(await users(), [...ascending].reverse());
    assert.equal(await table.locator('th[aria-sort="descending"]').count(), 1);

    // The status filter and the text filter.
    await table.locator('.chips [data-filter="accepted"]').click();
    assert.equal(await rows.count(), 2);
    await table.locator('.chips [data-filter="all"]').click();
    await table.locator('[data-testid="provisioning-filter"]').fill("409");
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().innerText(), /frank\.black/);
    await table.locator('[data-testid="provisioning-filter"]').fill("");

    // A click on a row shows the request it was read from.
    await bob.click();
    const evidence = table.locator('.prov-detail [data-testid="evidence"]');
    await evidence.waitFor();
    assert.match(await evidence.innerText(), /PSLog-2023\.07\.28-14\.00\.00\.txt:\d+/);
    await shoot(page, "provisioning.png");

    assertAllLocal(harness, requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
  }
});

test("sign-in trails: one per tracking ID, the failing step marked, its lines on click", async () => {
  const { context, page, errors } = await openPage(harness);
  try {
    await analyse(page, await filesUnder(path.join(fixtures, "signin")));
    await page.locator('[data-testid="tab-signins"]').click();
    const trails = page.locator('[data-testid="signin-trail"]');
    await trails.first().waitFor();
    assert.equal(await trails.count(), 5);
    const statuses = await trails.evaluateAll((els) => els.map((e) => e.dataset.status));
    assert.equal(statuses.filter((s) => s === "failed").length, 3);
    assert.equal(statuses.filter((s) => s === "complete").length, 2);

    // Every failed trail marks exactly one step, and shows that step's lines at once.
    const failed = page.locator('[data-testid="signin-trail"][data-status="failed"]');
    const marked = [];
    for (let i = 0; i < (await failed.count()); i++) {
      const trail = failed.nth(i);
      const dead = trail.locator('[data-testid="signin-step"][data-failed="true"]');
      assert.equal(await dead.count(), 1);
      marked.push(await dead.getAttribute("data-step"));
      assert.match(await trail.locator('[data-testid="signin-step-detail"]').innerText(), /:\d+/);
    }
    assert.deepEqual(marked.sort(), ["device-profile", "profile", "token-validation"]);
    assert.equal(await page.locator('[data-testid="signin-trail"][data-status="complete"] [data-failed="true"]').count(), 0);

    // Bob's profile GET died with a 401, seen in the access_log.
    const bob = trails.filter({ hasText: "bob.jones@acme.com" });
    const profile = bob.locator('[data-testid="signin-step"][data-step="profile"]');
    assert.match(await profile.innerText(), /401/);
    assert.match(await bob.locator('[data-testid="signin-step-detail"]').innerText(), /access_log\.2023-07-28\.txt:6/);

    // A click on another step shows its lines instead.
    const alice = trails.filter({ hasText: "CLIENT_5b6c2d0e" });
    await alice.locator('[data-testid="signin-step"][data-step="token"] button').click();
    assert.match(await alice.locator('[data-testid="signin-step-detail"]').innerText(), /authService|access_log/);

    // The status filter.
    await page.locator('[data-testid="signin-trails"] .chips [data-filter="failed"]').click();
    assert.equal(await trails.count(), 3);
    await page.locator('[data-testid="signin-trails"] .chips [data-filter="all"]').click();
    await page.locator('[data-testid="signin-filter"]').fill("c0ffee00");
    assert.equal(await trails.count(), 1);
    await page.locator('[data-testid="signin-filter"]').fill("");
    await shoot(page, "signins.png");

    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
  }
});

test("error-code lookup answers a portal code and a pasted message, with no file", async () => {
  const { context, page, errors } = await openPage(harness);
  try {
    const lookup = page.locator('[data-testid="code-lookup"]');
    await lookup.locator("input").fill("200019");
    const answer = lookup.locator('[data-testid="code-result"]');
    await answer.first().waitFor();
    assert.equal(await answer.first().getAttribute("data-code"), "200019");
    assert.match(await answer.first().innerText(), /self-activation/);
    assert.match(await answer.first().innerText(), /Control Hub/);
    await shoot(lookup, "code-lookup.png");

    await lookup.locator("input").fill("Something went wrong (Error 600010)");
    assert.equal(await answer.first().getAttribute("data-code"), "600010");
    await lookup.locator("input").fill("user is locked");
    assert.equal(await answer.first().getAttribute("data-code"), "200018");
    await lookup.locator("input").fill("8080");
    assert.equal(await answer.count(), 0);
    assert.match(await lookup.innerText(), /No documented/);

    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
  }
});

test("only findings, no tabs, when the report has no panel sections", async () => {
  const { context, page, errors } = await openPage(harness);
  try {
    await analyse(page, await filesUnder(path.join(fixtures, "portal")));
    assert.ok((await page.locator('[data-testid="finding"]').count()) >= 1);
    assert.equal(await page.locator('[role="tablist"]').count(), 0);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
  }
});

const google = path.join(repo, "tests", "fixtures", "google");

/** Every `private_key` in the dropped JSON files, and its base64 lines. */
async function privateKeyTexts(files) {
  const texts = [];
  for (const file of files.filter((f) => f.endsWith(".json"))) {
    const key = JSON.parse(await fs.readFile(file, "utf8")).private_key;
    if (typeof key !== "string") continue;
    texts.push(...key.split("\n").filter((line) => line.length >= 40 && !line.startsWith("-----")));
  }
  return texts;
}

test("Google panels: token inspector, key card with copy button, scopes, subscriptions, counter", async () => {
  const { context, page, requests, errors } = await openPage(harness);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: harness.origin });
  try {
    // One case: CUC traces with their key, the scope list from the ticket, other credentials.
    // (Subscriptions come from another case, below: their dated files would date the CUC
    // traces, which carry only times of day.)
    const files = [
      ...(await filesUnder(path.join(google, "cuc-clock-skew"))),
      ...(await filesUnder(path.join(google, "scopes", "admin-console-paste"))),
      ...(await filesUnder(path.join(google, "credentials"))),
    ];
    await analyse(page, files);
    await page.locator('[data-testid="tab-google"]').click();
    await page.locator('[data-testid="google-panels"]').waitFor();

    // Clock skew with its evidence.
    const skew = page.locator('[data-testid="clock-skew"]');
    assert.equal(await skew.locator(".skew-seconds").innerText(), "+420 s");
    assert.ok((await skew.locator('[data-testid="skew-signal"]').count()) >= 2);

    // The token inspector: decoded claims, UTC and local times, a lifetime bar at the limit.
    const jwt = page.locator('[data-testid="jwt"]').first();
    const jwtText = await jwt.innerText();
    assert.match(jwtText, /RS256/);
    assert.match(jwtText, /alice@example\.com/);
    assert.match(jwtText, /2023-07-28 14:14:10 UTC/);
    assert.match(jwtText, /local \(UTC[+-]\d\d:\d\d\)/);
    assert.equal(await jwt.locator('[data-testid="lifetime"]').getAttribute("data-over-limit"), "false");

    // The key card: client ID with a working copy button, and it signed the logged tokens.
    const card = page.locator('[data-testid="key-card"][data-usable="true"]').first();
    const clientId = await card.locator('[data-testid="client-id"]').innerText();
    assert.match(clientId, /^\d{21}$/);
    assert.match(await card.locator('[data-testid="signed-logged-token"]').innerText(), /^Yes/);
    await card.locator('[data-testid="copy-button"]').click();
    await card.locator(".copy-done").waitFor({ timeout: 5_000 });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), clientId);
    assert.ok((await page.locator('[data-testid="key-card"][data-usable="false"]').count()) >= 4);

    // The pasted scope list: what is missing, and the corrected list with its copy button.
    const pasted = page.locator('[data-testid="scope-list"][data-kind="pasted"]');
    assert.match(await pasted.locator('[data-testid="scope-missing"]').innerText(), /gmail\.settings\.basic/);
    const corrected = await pasted.locator('[data-testid="scope-corrected"] code').innerText();
    assert.match(corrected, /^https:\/\/mail\.google\.com\/,https:\/\/www\.googleapis\.com\//);
    assert.doesNotMatch(corrected, /\s|•|"/);
    assert.equal(await pasted.locator('[data-testid="copy-button"]').count(), 1);

    // The failed-request counter as a chart.
    assert.equal(await page.locator('[data-testid="counter-chart"] circle').count(), 2);
    await shoot(page, "google.png");

    // No private key material anywhere in the page, every token card opened.
    for (const closed of await page.locator('[data-testid="jwt"]:not(.open) .finding-head').all()) await closed.click();
    const html = await page.content();
    assert.doesNotMatch(html, /PRIVATE KEY/);
    const keyTexts = await privateKeyTexts(files);
    assert.ok(keyTexts.length > 0, "the fixtures hold no private key to look for");
    for (const text of keyTexts) assert.ok(!html.includes(text), "a private key line is in the page");

    // Subscriptions, suspended ones with their remedy.
    await analyse(page, await filesUnder(path.join(google, "subscriptions")));
    await page.locator('[data-testid="tab-google"]').click();
    const suspended = page.locator('[data-testid="subscription"][data-state="suspended"]');
    assert.equal(await suspended.count(), 6);
    assert.equal(await page.locator('[data-testid="subscription"][data-state="active"]').count(), 1);
    const denied = suspended.filter({ hasText: "ENDPOINT_PERMISSION_DENIED" }).first();
    assert.match(await denied.innerText(), /roles\/pubsub\.publisher/);
    await shoot(page.locator('[data-testid="subscriptions"]'), "subscriptions.png");

    assertAllLocal(harness, requests);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
  }
});

test("token inspector: a two-hour assertion is drawn over the limit, a truncated one says what is missing", async () => {
  const { context, page, errors } = await openPage(harness);
  try {
    await analyse(page, await filesUnder(path.join(google, "jwt")));
    await page.locator('[data-testid="tab-google"]').click();
    const long = page.locator('[data-testid="jwt"][data-jwt-id="jwt-1"]');
    assert.equal(await long.locator('[data-testid="lifetime"]').getAttribute("data-over-limit"), "true");
    assert.match(await long.innerText(), /3600 s over the limit/);
    const cut = page.locator('[data-testid="jwt"][data-jwt-id="jwt-2"]');
    assert.match(await cut.innerText(), /cut off or damaged/);
    await shoot(page.locator('[data-testid="google-panels"]'), "jwt-inspector.png");
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
  }
});
