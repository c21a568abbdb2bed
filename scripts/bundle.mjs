#!/usr/bin/env node
// Finishes Trunk's release build in dist/ (run by `./dev build` after `trunk build --release`):
//
// 1. dist/loupe.html: the whole app in one file, for use from disk with no server and no
//    network. Browsers will not `import` a module, `fetch` or start a worker from a file://
//    URL, so nothing in it is loaded by URL: the CSS is inlined, the page's ES-module glue
//    runs as an inline module script and is initialised with its wasm bytes (base64), and
//    the worker's glue and wasm are handed to src/bridge through `window.LOUPE_WORKER`
//    (the bridge then starts the worker from a blob: URL). The sample logs live inside the
//    page's wasm, so they come along.
// 2. dist/sw.js: www/sw.js stamped with a build hash and the list of files to keep, so a
//    hosted copy works offline after the first visit and notices a new deployment.
// 3. A `loupe-build` meta tag in both pages, naming the same hash.
//
// Only Node's standard library: it runs wherever `./dev` runs. Every pattern it relies on
// in Trunk's output is checked, so a Trunk upgrade that changes them fails here, loudly.

import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.resolve(process.argv[2] ?? path.join(root, "dist"));

/** The policy of the single file: nothing may be loaded or contacted, only inline code runs. */
const BUNDLE_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline' 'wasm-unsafe-eval'",
  "worker-src blob:",
  "style-src 'unsafe-inline'",
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** Files of dist/ that are outputs of this script, not inputs. */
const OWN_OUTPUTS = new Set(["loupe.html", "sw.js"]);

function fail(message) {
  console.error(`bundle: ${message}`);
  process.exit(1);
}

/** Replaces exactly one match of `pattern`; anything else means Trunk's output changed. */
function replaceOnce(text, pattern, replacement, what) {
  const matches = text.match(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : pattern.flags + "g"));
  if (matches?.length !== 1) fail(`expected one ${what} in index.html, found ${matches?.length ?? 0}`);
  return text.replace(pattern, () => replacement);
}

/** Makes `text` safe inside an inline <script>: `<` never appears, so no `</script>` or `<!--`. */
function scriptLiteral(text) {
  return JSON.stringify(text).replaceAll("<", "\\u003c").replaceAll("\u2028", "\\u2028").replaceAll("\u2029", "\\u2029");
}

async function read(name) {
  return fs.readFile(path.join(dist, name));
}

const index = await read("index.html").then(String, () => fail(`no ${dist}/index.html: run \`trunk build --release\` first`));

// The build hash covers every file Trunk wrote, so any change to code, style or page changes it.
const inputs = (await fs.readdir(dist)).filter((name) => !OWN_OUTPUTS.has(name)).sort();
const hash = createHash("sha256");
for (const name of inputs) {
  // index.html is hashed as Trunk wrote it, so running this script twice changes nothing.
  const bytes = name === "index.html" ? Buffer.from(unstamp(index)) : await read(name);
  hash.update(name).update("\0").update(bytes).update("\0");
}
const build = hash.digest("hex").slice(0, 16);
function unstamp(html) {
  return html.replace(/<meta name="loupe-build"[^>]*>/, '<meta name="loupe-build" content="dev" />');
}
const buildMeta = `<meta name="loupe-build" content="${build}" />`;

// --- the hosted page -------------------------------------------------------------------

const hosted = replaceOnce(index, /<meta name="loupe-build"[^>]*>/, buildMeta, "loupe-build meta placeholder");
await fs.writeFile(path.join(dist, "index.html"), hosted);

// --- the service worker ----------------------------------------------------------------

// "./" is the page itself as navigations ask for it; every other file Trunk wrote is kept.
// loupe.html is left out: it is a download, and the app is already here.
const assets = ["./", ...inputs.filter((name) => name !== "index.html").map((name) => `./${name}`)];
let sw = await fs.readFile(path.join(root, "www", "sw.js"), "utf8");
if (!sw.includes('"__LOUPE_BUILD__"') || !sw.includes("__LOUPE_ASSETS__")) fail("www/sw.js lacks its placeholders");
sw = sw.replace('"__LOUPE_BUILD__"', JSON.stringify(build)).replace("__LOUPE_ASSETS__", JSON.stringify(assets));
await fs.writeFile(path.join(dist, "sw.js"), sw);

// --- the single file -------------------------------------------------------------------

// Trunk's module loader: `import init, * as bindings from './x.js'; await init({ module_or_path: './x_bg.wasm' })`.
const loader = index.match(/<script type="module">[\s\S]*?<\/script>/g);
if (loader?.length !== 1) fail(`expected one module loader script, found ${loader?.length ?? 0}`);
const mainJs = loader[0].match(/from '\.\/([^']+\.js)'/)?.[1];
const mainWasm = loader[0].match(/module_or_path: '\.\/([^']+\.wasm)'/)?.[1];
if (!mainJs || !mainWasm) fail("the module loader does not name the page's glue and wasm");

const glue = String(await read(mainJs));
if (/^\s*import\s/m.test(glue)) fail(`${mainJs} imports other modules (snippets?); inline them too`);
// The glue's initialiser is its default export: `export { initSync, __wbg_init as default };`.
const init = glue.match(/export\s*\{[^}]*?\b([A-Za-z_$][\w$]*)\s+as\s+default\b[^}]*\}/)?.[1];
if (!init) fail(`${mainJs} has no default export to initialise it with`);

const workerGlue = String(await read("worker.js"));
const workerWasm = await read("worker_bg.wasm");
const css = await Promise.all(
  [...index.matchAll(/<link rel="stylesheet" href="\.\/([^"]+\.css)"[^>]*>/g)].map(async ([, name]) => read(name).then(String)),
);
if (css.length !== 1) fail(`expected one stylesheet, found ${css.length}`);

const pageWasm = await read(mainWasm);

let bundle = hosted;
// The hosted policy (and the comment explaining it) gives way to the single file's own.
bundle = replaceOnce(
  bundle,
  /(?:<!--(?:(?!-->)[\s\S])*-->\s*)?<meta\s+http-equiv="Content-Security-Policy"\s+content="[^"]*"\s*\/?>/,
  "<!-- A single file that loads nothing: only its own inline code runs, the wasm may compile,\n" +
    "         the analysis worker starts from a blob:, and nothing at all may be fetched. -->\n" +
    `    <meta http-equiv="Content-Security-Policy" content="${BUNDLE_CSP}" />`,
  "CSP meta",
);
bundle = replaceOnce(bundle, /<link rel="stylesheet" href="\.\/[^"]+\.css"[^>]*>/, `<style>\n${css[0].replaceAll("</style", "<\\/style")}\n</style>`, "stylesheet link");
// Preloads would be requests, and there is nothing to fetch.
bundle = bundle.replace(/<link rel="(?:modulepreload|preload)"[^>]*>/g, "");
bundle = replaceOnce(
  bundle,
  /<script type="module">[\s\S]*?<\/script>/,
  [
    // Base64 is only [A-Za-z0-9+/=], so it sits safely in data blocks, which never run.
    // They come first: the scripts below read them while the page is still being parsed.
    `<script type="application/octet-stream" id="loupe-page-wasm">${pageWasm.toString("base64")}</script>`,
    `<script type="application/octet-stream" id="loupe-worker-wasm">${workerWasm.toString("base64")}</script>`,
    // A classic script runs before any module script, so the worker's code is in place
    // before the app asks for it.
    "<script>",
    "function loupeBytes(id) {",
    "  const text = atob(document.getElementById(id).textContent);",
    "  const bytes = new Uint8Array(text.length);",
    "  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);",
    "  return bytes;",
    "}",
    `window.LOUPE_WORKER = { glue: ${scriptLiteral(workerGlue)}, wasm: loupeBytes("loupe-worker-wasm") };`,
    "</script>",
    // The page's glue, as it is served, run inline instead of imported.
    `<script type="module">`,
    glue.replaceAll("</script", "<\\/script"),
    `await ${init}({ module_or_path: loupeBytes("loupe-page-wasm") });`,
    "</script>",
  ].join("\n"),
  "module loader",
);
if (/(?:src|href)="\.\//.test(bundle)) fail("loupe.html still refers to a file next to it");

await fs.writeFile(path.join(dist, "loupe.html"), bundle);
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`  build ${build}: loupe.html ${kib(Buffer.byteLength(bundle))}, sw.js keeps ${assets.length} files`);
