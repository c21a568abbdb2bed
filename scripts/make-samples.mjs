#!/usr/bin/env node
// Rewrites the sample files that carry key material or signed tokens: the demo
// service-account key file and the two CUC traces whose JWT assertions it (or an older
// key) signed. The other samples in www/samples/ are written by hand.
//
//   node scripts/make-samples.mjs
//
// Two fresh THROWAWAY 2048-bit RSA keys are made with openssl on every run. The "old" key is
// used only to sign the morning's tokens and is then forgotten; the "current" one goes into
// the demo key file. Neither was ever registered with Google or used anywhere else.
//
// The story (Tuesday 12 March 2024, Northwind's CUC publisher, clock in UTC):
// - 08:41-08:46: CUC still signs with a key that was deleted in Google Cloud: Google answers
//   "Invalid JWT Signature." The clock is right (Google's Date header agrees).
// - ~09:10: the administrator uploads a new key (the demo key file).
// - 14:14-14:19: tokens are now signed by the new key, but NTP stopped and the publisher's
//   clock is 7 min 5 s ahead: Google answers "Token must be a short-lived token ...".

import { execFileSync } from "node:child_process";
import { createSign } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const samples = path.join(root, "www", "samples");

const PROJECT = "loupe-demo";
const EMAIL = `cuc-voicemail@${PROJECT}.iam.gserviceaccount.com`;
const CLIENT_ID = "110023581347792018366";
const CURRENT_KID = "3b9f2c71d04e8a65f1c27b930d4e6a18c5f70b2e";
const OLD_KID = "a7c41e09b3d25f8e6a0c94b17d3e28f5c6b91a04";
const SKEW_S = 7 * 60 + 5;
// The scopes CUC asks for, from the core's profile (the one list Loupe checks against).
const SCOPES = cucScopes();


function cucScopes() {
  const profiles = fs.readFileSync(path.join(root, "crates", "loupe-core", "data", "scope-profiles.toml"), "utf8");
  const list = profiles.match(/id = "cuc-unified-messaging"[\s\S]*?scopes = \[([\s\S]*?)\]/)?.[1];
  if (!list) throw new Error("no cuc-unified-messaging profile in scope-profiles.toml");
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]).join(" ");
}

function newKey() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-demo-key-"));
  try {
    const file = path.join(dir, "key.pem");
    execFileSync("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", file], { stdio: "ignore" });
    return fs.readFileSync(file, "utf8");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const b64url = (data) => Buffer.from(data).toString("base64url");
const segment = (object) => b64url(JSON.stringify(object));

function jwt(key, kid, iat, user) {
  const input = `${segment({ alg: "RS256", typ: "JWT", kid })}.${segment({
    iss: EMAIL,
    scope: SCOPES,
    aud: "https://oauth2.googleapis.com/token",
    exp: iat + 3600,
    iat,
    sub: user,
  })}`;
  return `${input}.${b64url(createSign("RSA-SHA256").update(input).sign(key))}`;
}

const at = (time) => Date.parse(`2024-03-12T${time}Z`) / 1000;
const httpDate = (seconds) => new Date(seconds * 1000).toUTCString();
const line = (time, level, thread, message) => `${time} |3917,,,CuGSuiteSyncSrv,${level},${thread},${message}\n`;
const STACK =
  "\tat com.google.api.client.auth.oauth2.TokenResponseException.from(TokenResponseException.java:105)\n" +
  "\tat com.google.api.client.auth.oauth2.TokenRequest.executeUnparsed(TokenRequest.java:287)\n" +
  "\tat com.google.api.client.auth.oauth2.TokenRequest.execute(TokenRequest.java:307)\n" +
  "\tat com.cisco.unity.gsuite.auth.GSuiteCredentialProvider.getAccessToken(GSuiteCredentialProvider.java:188)\n";

/** One token request and Google's refusal, as the CUC Google Workspace notifier traces it. */
function attempt({ time, thread, tryNo, user, token, googleNow, error, counter }) {
  const ms = (n) => `${time}.${String(n).padStart(3, "0")}`;
  const next = (n) => {
    const [h, m, s] = time.split(":").map(Number);
    const t = new Date(Date.UTC(2024, 2, 12, h, m, s + 1));
    return `${t.toISOString().slice(11, 19)}.${String(n).padStart(3, "0")}`;
  };
  return (
    line(ms(118), 22, thread, `com.cisco.unity.gsuite.services.GSuiteActionItems.sendMessage - Try # ${tryNo} Google Api send message on gsuite`) +
    line(ms(125), 22, thread, `com.cisco.unity.gsuite.auth.GSuiteCredentialProvider.getAccessToken - requesting token for user ${user}`) +
    line(ms(126), 22, thread, `com.cisco.unity.gsuite.http.GSuiteHttpLogger.logRequest - POST https://oauth2.googleapis.com/token grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=${token}`) +
    line(next(3), 22, thread, "com.cisco.unity.gsuite.http.GSuiteHttpLogger.logResponse - HTTP/1.1 400 Bad Request") +
    `Date: ${httpDate(googleNow)}\n` +
    "Content-Type: application/json; charset=utf-8\n" +
    "Server: scaffolding on HTTPServer2\n" +
    "Cache-Control: no-cache, no-store, max-age=0, must-revalidate\n" +
    line(next(4), 11, thread, "com.google.api.client.auth.oauth2.TokenResponseException: 400 Bad Request") +
    `{\n  "error" : "invalid_grant",\n  "error_description" : "${error}"\n}\n` +
    STACK +
    line(next(5), 11, "CuGsuiteSyncPerfCountersTh-3", `com.cisco.unity.gsuite.CuGsuiteSyncPerfCounters.incrementHttpsRqstError - Total Http Request Failed after update: ${counter}`) +
    line(next(11), 11, thread, "com.cisco.unity.gsuite.services.CxnResetSynchService.createNewMsgOnGSuite - 400 Bad Request")
  );
}

const current = newKey();
const old = newKey();
const SIGNATURE = "Invalid JWT Signature.";
const SHORT_LIVED =
  "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values and use a clock with skew to account for clock differences between systems.";

const morning =
  line("08:41:29.870", 22, "GSuiteServiceOpTh-12", `com.cisco.unity.gsuite.auth.GSuiteCredentialProvider.init - using service account ${EMAIL}, key id ${OLD_KID}`) +
  attempt({ time: "08:41:30", thread: "GSuiteServiceOpTh-12", tryNo: 1, user: "maria.lopez@northwind.example", token: jwt(old, OLD_KID, at("08:41:30"), "maria.lopez@northwind.example"), googleNow: at("08:41:31"), error: SIGNATURE, counter: 3311 }) +
  attempt({ time: "08:46:30", thread: "GSuiteServiceOpTh-13", tryNo: 2, user: "maria.lopez@northwind.example", token: jwt(old, OLD_KID, at("08:46:30"), "maria.lopez@northwind.example"), googleNow: at("08:46:31"), error: SIGNATURE, counter: 3312 }) +
  line("08:51:30.002", 22, "GSuiteServiceOpTh-14", "com.cisco.unity.gsuite.services.GSuiteWatchService.renewWatch - watch renewal skipped, no valid token");

const afternoon =
  line("14:14:09.514", 22, "GSuiteServiceOpTh-40", `com.cisco.unity.gsuite.auth.GSuiteCredentialProvider.init - using service account ${EMAIL}, key id ${CURRENT_KID}`) +
  attempt({ time: "14:14:10", thread: "GSuiteServiceOpTh-40", tryNo: 1, user: "maria.lopez@northwind.example", token: jwt(current, CURRENT_KID, at("14:14:10"), "maria.lopez@northwind.example"), googleNow: at("14:14:11") - SKEW_S, error: SHORT_LIVED, counter: 3541 }) +
  attempt({ time: "14:19:10", thread: "GSuiteServiceOpTh-41", tryNo: 1, user: "tom.becker@northwind.example", token: jwt(current, CURRENT_KID, at("14:19:10"), "tom.becker@northwind.example"), googleNow: at("14:19:11") - SKEW_S, error: SHORT_LIVED, counter: 3542 }) +
  attempt({ time: "14:24:10", thread: "GSuiteServiceOpTh-42", tryNo: 2, user: "maria.lopez@northwind.example", token: jwt(current, CURRENT_KID, at("14:24:10"), "maria.lopez@northwind.example"), googleNow: at("14:24:11") - SKEW_S, error: SHORT_LIVED, counter: 3543 });

const keyFile = {
  type: "service_account",
  project_id: PROJECT,
  private_key_id: CURRENT_KID,
  private_key: current,
  client_email: EMAIL,
  client_id: CLIENT_ID,
  auth_uri: "https://accounts.google.com/o/oauth2/auth",
  token_uri: "https://oauth2.googleapis.com/token",
  auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
  client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(EMAIL)}`,
  universe_domain: "googleapis.com",
  _comment: "DEMO KEY for Loupe's sample logs: a throwaway key made with openssl, never registered with Google. Not a credential.",
};

const write = (name, text) => {
  fs.mkdirSync(path.dirname(path.join(samples, name)), { recursive: true });
  fs.writeFileSync(path.join(samples, name), text);
};
write("cuc/diag_CuGSuiteSyncSrv_00000001.uc", morning);
write("cuc/diag_CuGSuiteSyncSrv_00000002.uc", afternoon);
write(`google/${PROJECT}-${CURRENT_KID.slice(0, 12)}.json`, `${JSON.stringify(keyFile, null, 2)}\n`);
console.log(`wrote the demo key file and two CUC traces under ${samples}`);
