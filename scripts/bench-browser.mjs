#!/usr/bin/env node
// Loupe's browser benchmark (issue 7). It prints numbers; it never passes or fails on them.
// Usually run through `scripts/bench --browser`, which builds the corpus generator, generates
// the corpora and then runs this; BENCHMARKS.md ("## Browser") explains every number.
//
//   node scripts/bench-browser.mjs [--dist dist] [--runs N] [--json out.json] LABEL=PATH...
//
// PATH is a corpus directory (every file below it, in sorted path order, as the CLI reads
// them) or one file. For each LABEL and run, a fresh headless Chromium opens the built page
// (dist/, served by tests/e2e/static-server.mjs), waits for the analysis workers to be
// ready, gives the files to the page's file input by path (nothing is copied through the
// protocol) and measures, until the page shows the finished report:
// - drop-to-done time and throughput: from the input's `change` event to the status line
//   turning `data-state="done"`, both timed inside the page;
// - time to first finding: the first `[data-testid="finding"]` in the DOM, and whether the
//   analysis was still running then;
// - main-thread long tasks (PerformanceObserver "longtask") from the drop until 1 s after done;
// - memory: the workers' wasm memory (posted by each worker with its progress and its report;
//   wasm memory only grows, so the last value is the peak; summed over the workers), the JS
//   heaps of page and workers (CDP Runtime.getHeapUsage, sampled every 200 ms, peak), and the
//   peak RSS (VmHWM) of the Chromium renderer process that runs page and workers, from /proc;
// - CPU time of the worker threads (summed) and of the page's main thread, from /proc.
// The run starts once every worker of the page's pool has said it is ready.
// BENCH_DEBUG=1 prints each run's progress (per worker), long-task timelines and the
// renderer's CPU time by thread; BENCH_NO_ANIMATION=1 turns CSS animations off;
// BENCH_WORKERS=N opens the page with `?workers=N` (a pool of N analysis workers, which
// splits any job of several files; by default the page keeps one per core, up to 4);
// BENCH_IDLE_MS=N waits N ms between the workers' ready and the drop (their warm-up done, as
// for a user who picks files after the page has loaded); BENCH_REPORT=file keeps the last
// run's report JSON; BENCH_TRACE=dir records a Chrome trace of each run there and prints what
// each long task was made of
// (scripts/bench-trace.mjs; the tracing itself slows the page a little).

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const e2e = path.join(root, "tests", "e2e");
// The e2e tests' Chromium launch (same flags) and static server.
const { launch, serve, stop } = await import(path.join(e2e, "support.mjs"));
const trace = await import("./bench-trace.mjs");

const SAMPLE_EVERY_MS = 200;
// Long tasks count from the drop until this long after done: the page may still be drawing
// the report's rows in batches once its status says done.
const SETTLE_MS = 1000;
const LONG_TASK_MS = 50;
const MB = 1e6;
const MIB = 1024 * 1024;
const WORKERS = process.env.BENCH_WORKERS ? Number(process.env.BENCH_WORKERS) : null;

// --- arguments -----------------------------------------------------------------------------
const args = process.argv.slice(2);
let dist = path.join(root, "dist");
let runs = null;
let jsonOut = null;
const cases = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === "--dist") dist = path.resolve(args[++i]);
  else if (arg === "--runs") runs = Number(args[++i]);
  else if (arg === "--json") jsonOut = path.resolve(args[++i]);
  else if (arg === "-h" || arg === "--help") {
        const lines = fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(1);
    console.log(lines.slice(0, lines.findIndex((line) => !line.startsWith("//"))).join("\n").replace(/^\/\/ ?/gm, ""));
    process.exit(0);
  } else if (/^[^=]+=.+/.test(arg)) {
    const at = arg.indexOf("=");
    cases.push({ label: arg.slice(0, at), target: path.resolve(arg.slice(at + 1)) });
  } else fail(`unknown argument ${arg} (try --help)`);
}
if (cases.length === 0) fail("nothing to measure: give LABEL=PATH (a corpus directory or a file)");
if (!fs.existsSync(path.join(dist, "index.html"))) fail(`no ${dist}/index.html: run \`./dev build\` first`);

function fail(message) {
  console.error(`bench-browser: ${message}`);
  process.exit(2);
}

function say(message) {
  process.stderr.write(`\x1b[1m[bench-browser]\x1b[0m ${message}\n`);
}

/** Every file below `target` (or `target` itself), sorted by path, with its size. */
function listFiles(target) {
  if (fs.statSync(target).isFile()) return [{ path: target, bytes: fs.statSync(target).size }];
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push({ path: full, bytes: fs.statSync(full).size });
    }
  };
  walk(target);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

// --- what runs inside the page -------------------------------------------------------------
/** Installed before the page's own scripts: timings, long tasks and the worker's messages. */
function instrument() {
  const bench = {
    ready: false,
    readyWorkers: 0,
    // The page's pool (src/split.rs `pool_size`, or `?workers=N`).
    poolSize: Number(new URLSearchParams(location.search).get("workers")) || Math.min(Math.max(navigator.hardwareConcurrency || 1, 1), 4),
    workerWasm: [],
    workersWorking: 0,
    dropAt: null,
    firstPartialAt: null,
    firstFindingAt: null,
    firstFindingState: null,
    doneAt: null,
    workerDoneAt: null,
    wasmBytes: 0,
    report: null,
    failed: null,
    longTasks: [],
    progress: [],
    ends: [],
    partials: [],
  };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: "longtask", buffered: true });

  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      const index = bench.workerWasm.push(0) - 1;
      let working = false;
      this.addEventListener("message", ({ data }) => {
        const at = performance.now();
        if (data === "Ready") {
          bench.readyWorkers += 1;
          bench.ready = bench.readyWorkers >= bench.poolSize;
        }
        const event = data && typeof data === "object" ? data : {};
        const wasm = event.Progress?.wasm_bytes ?? event.Done?.wasm_bytes;
        if (wasm) {
          bench.workerWasm[index] = Math.max(bench.workerWasm[index], wasm);
          bench.wasmBytes = bench.workerWasm.reduce((sum, bytes) => sum + bytes, 0);
        }
        if (event.Progress && !working) {
          working = true;
          bench.workersWorking += 1;
        }
        if (event.Progress) bench.progress.push([at, event.Progress.bytes_done, index]);
        if (event.Shard || event.Done) bench.ends.push([at, index, event.Shard ? "shard" : "report"]);
        // Findings and report may be JSON strings (src/protocol.rs); they are parsed only once
        // the measurement is over, so the bench adds no work to the page's main thread.
        const partial = event.Partial?.findings;
        if (partial?.length && partial !== "[]" && bench.firstPartialAt === null) bench.firstPartialAt = at;
        if (typeof partial === "string") bench.partials.push([at, partial.length]);
        if (event.Done) {
          bench.workerDoneAt = at;
          bench.report = event.Done.report;
        }
        if (event.Failed) bench.failed = event.Failed.message;
      });
    }
  };

  // The drop: the file input's change event, seen before the page's own handler.
  document.addEventListener(
    "change",
    (event) => {
      if (event.target?.dataset?.testid === "file-input" && bench.dropAt === null) bench.dropAt = performance.now();
    },
    true,
  );
  const observer = new MutationObserver(() => {
    if (bench.dropAt === null) return;
    const state = document.querySelector('[data-testid="analysis-status"]')?.dataset.state;
    if (bench.firstFindingAt === null && document.querySelector('[data-testid="finding"]')) {
      bench.firstFindingAt = performance.now();
      bench.firstFindingState = state;
    }
    if (state === "done" || state === "error") {
      bench.doneAt = performance.now();
      bench.doneState = state;
      observer.disconnect();
    }
  });
  document.addEventListener("DOMContentLoaded", () =>
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] }),
  );
}

// --- processes and CDP ---------------------------------------------------------------------
/** Pids of Chromium renderer processes descending from this node process. */
function rendererPids() {
  const parent = new Map();
  for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      parent.set(Number(pid), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // The process ended meanwhile.
    }
  }
  const mine = (pid) => {
    for (let p = pid; p > 1; p = parent.get(p) ?? 0) if (p === process.pid) return true;
    return false;
  };
  return [...parent.keys()].filter((pid) => {
    if (!mine(pid)) return false;
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--type=renderer");
    } catch {
      return false;
    }
  });
}

/** VmRSS and VmHWM (peak) of `pid`, in bytes. */
function rss(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (key) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+)`, "m"))?.[1] ?? 0) * 1024;
    return { now: kib("VmRSS"), peak: kib("VmHWM") };
  } catch {
    return { now: 0, peak: 0 };
  }
}

/** CPU seconds (user + system) of each thread of `pids`, by thread name, summed. */
function threadCpu(pids) {
  const ticks = 100; // USER_HZ: /proc counts in 1/100 s on Linux
  const out = {};
  for (const pid of pids) {
    let tids = [];
    try {
      tids = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
        const name = tid === String(pid) ? "main" : stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        out[name] = (out[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) / ticks;
      } catch {
        // The thread ended meanwhile.
      }
    }
  }
  return out;
}

/**
 * CDP sessions on the analysis workers, through the browser's session: Playwright opens
 * sessions on pages and frames only, so these speak to the workers' targets with
 * `Target.sendMessageToTarget` (non-flattened attachments).
 */
async function workerSessions(browser) {
  const { targetInfos } = await (await browser.newBrowserCDPSession()).send("Target.getTargets");
  const workers = targetInfos.filter((t) => t.type === "worker");
  return Promise.all(workers.map((worker) => workerSession(browser, worker)));
}

async function workerSession(browser, worker) {
  const cdp = await browser.newBrowserCDPSession();
  const { sessionId } = await cdp.send("Target.attachToTarget", { targetId: worker.targetId, flatten: false });
  let nextId = 1;
  const pending = new Map();
  cdp.on("Target.receivedMessageFromTarget", (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message);
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  });
  return {
    send(method, params = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
      });
    },
    detach: () => cdp.detach().catch(() => {}),
  };
}

// --- one run -------------------------------------------------------------------------------
async function runOnce(origin, files) {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(instrument);
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    await page.goto(`${origin}/${WORKERS ? `?workers=${WORKERS}` : ""}`);
    await page.waitForFunction(() => window.__bench.ready, null, { timeout: 60_000 });
    if (process.env.BENCH_IDLE_MS) await page.waitForTimeout(Number(process.env.BENCH_IDLE_MS));
    if (process.env.BENCH_NO_ANIMATION) await page.addStyleTag({ content: "* { animation: none !important; transition: none !important; }" });

    const pageCdp = await context.newCDPSession(page);
    const workers = await workerSessions(browser);
    const peak = { pageHeap: 0, workerHeap: 0, workerBuffers: 0, rss: 0 };
    const sample = async () => {
      const [pageHeap, ...workerHeaps] = await Promise.all([
        pageCdp.send("Runtime.getHeapUsage").catch(() => null),
        ...workers.map((worker) => worker.send("Runtime.getHeapUsage").catch(() => null)),
      ]);
      if (pageHeap) peak.pageHeap = Math.max(peak.pageHeap, pageHeap.usedSize);
      const sum = (key) => workerHeaps.reduce((total, heap) => total + (heap?.[key] ?? 0), 0);
      peak.workerHeap = Math.max(peak.workerHeap, sum("usedSize"));
      peak.workerBuffers = Math.max(peak.workerBuffers, sum("backingStorageSize"));
    };
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await sample();
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
      }
    })();

    const renderers = rendererPids();
    const traceFile = process.env.BENCH_TRACE
      ? path.join(path.resolve(process.env.BENCH_TRACE), `trace-${files.length}-files-${Date.now()}.json`)
      : null;
    if (traceFile) {
      fs.mkdirSync(path.dirname(traceFile), { recursive: true });
      const extra = process.env.BENCH_TRACE_CATEGORIES?.split(",").filter(Boolean) ?? [];
      await browser.startTracing(page, { path: traceFile, categories: [...trace.CATEGORIES, ...extra] });
    }
    const cpuBefore = threadCpu(renderers);
    await page.locator('[data-testid="file-input"]').setInputFiles(files.map((f) => f.path));
    // A page that dies (a panic in its wasm, a crash) never gets to done: stop the run then.
    const died = new Promise((_, reject) => {
      page.on("pageerror", (error) => reject(new Error(`the page failed: ${[...errors, String(error)].map((e) => e.split("\nStack:")[0].trim()).join(" / ").slice(0, 600)}`)));
      page.on("crash", () => reject(new Error("the page crashed")));
    });
    died.catch(() => {});
    await Promise.race([page.waitForFunction(() => window.__bench.doneAt !== null, null, { timeout: 0, polling: 100 }), died]);
    // A long task is reported once it has ended; and the report may still be drawing.
    await page.waitForTimeout(SETTLE_MS + 300);
    const cpuAfter = threadCpu(renderers);
    let traced = null;
    if (traceFile) {
      await browser.stopTracing();
      traced = JSON.parse(fs.readFileSync(traceFile, "utf8"));
      say(`trace in ${traceFile}; its tasks over ${LONG_TASK_MS} ms (ms after the drop):`);
      for (const line of trace.summarise(traced, LONG_TASK_MS)) say(`  ${line}`);
    }
    const cpu = (name) => (cpuAfter[name] ?? 0) - (cpuBefore[name] ?? 0);
    if (process.env.BENCH_DEBUG) {
      const busiest = Object.keys(cpuAfter).map((name) => [name, cpu(name)]).filter(([, s]) => s >= 0.05).sort((a, b) => b[1] - a[1]);
      say(`renderer CPU by thread (s): ${busiest.map(([name, s]) => `${name} ${s.toFixed(2)}`).join(", ")}`);
    }
    const cpuAll = Object.keys(cpuAfter).reduce((sum, name) => sum + cpu(name), 0);
    sampling = false;
    await sampler;
    await sample();
    if (process.env.BENCH_REPORT) {
      fs.writeFileSync(process.env.BENCH_REPORT, await page.evaluate(() => String(window.__bench.report)));
    }
    const bench = await page.evaluate(() => {
      const { report, ...rest } = window.__bench;
      const parsed = typeof report === "string" ? JSON.parse(report) : report;
      return { ...rest, findings: parsed?.findings?.length ?? null, reportChars: typeof report === "string" ? report.length : null };
    });
    const renderer = Math.max(0, ...renderers.map((pid) => rss(pid).peak));
    await Promise.all(workers.map((worker) => worker.detach()));
    if (bench.doneState !== "done") throw new Error(`the analysis failed: ${bench.failed ?? "(no message)"}`);
    if (process.env.BENCH_DEBUG) {
      for (const worker of new Set(bench.progress.map(([, , index]) => index))) {
        const mine = bench.progress.filter(([, , index]) => index === worker);
        const shown = [...mine.slice(0, 6), ...mine.slice(-3)];
        say(`worker ${worker} progress (ms after drop, bytes): ${shown.map(([at, b]) => `${(at - bench.dropAt).toFixed(0)}:${b}`).join(" ")}`);
      }
      say(`worker ends (ms after drop): ${bench.ends.map(([at, index, what]) => `${index} ${what} ${(at - bench.dropAt).toFixed(0)}`).join(", ")}`);
      say(`findings messages (ms after drop, JSON chars): ${bench.partials.map(([at, n]) => `${(at - bench.dropAt).toFixed(0)}:${n}`).join(" ")}; report ${bench.reportChars} chars`);
      say(`long tasks (start after drop, ms): ${bench.longTasks.map((t) => `${(t.start - bench.dropAt).toFixed(0)}+${t.duration.toFixed(0)}`).join(" ")}`);
    }
    const during = bench.longTasks.filter((t) => t.start + t.duration >= bench.dropAt && t.start <= bench.doneAt + SETTLE_MS);
    const byCpu = traced ? trace.longestByCpu(traced, 0, bench.doneAt - bench.dropAt + SETTLE_MS) : null;
    return {
      doneMs: bench.doneAt - bench.dropAt,
      workerDoneMs: bench.workerDoneAt - bench.dropAt,
      firstFindingMs: bench.firstFindingAt === null ? null : bench.firstFindingAt - bench.dropAt,
      firstFindingRunning: bench.firstFindingState === "running",
      firstPartialMs: bench.firstPartialAt === null ? null : bench.firstPartialAt - bench.dropAt,
      longestTaskMs: Math.max(0, ...during.map((t) => t.duration)),
      longTasks: during.length,
      longestTaskCpuMs: byCpu?.cpu ?? null,
      wasmBytes: bench.wasmBytes,
      pageHeap: peak.pageHeap,
      workerHeap: peak.workerHeap,
      workerBuffers: peak.workerBuffers,
      rendererPeak: renderer,
      workerCpu: cpu("DedicatedWorker"),
      poolSize: bench.poolSize,
      workersWorking: bench.workersWorking,
      mainCpu: cpu("main"),
      rendererCpu: cpuAll,
      findings: bench.findings,
      errors,
    };
  } finally {
    await browser.close();
  }
}

// --- measuring -----------------------------------------------------------------------------
const median = (values) => {
  const v = values.filter((x) => x !== null).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const max = (values) => Math.max(...values);

const load = () => fs.readFileSync("/proc/loadavg", "utf8").split(" ")[0];
const loadStart = load();
if (Number(loadStart) > os.cpus().length / 2) {
  say(`note: load average ${loadStart} on ${os.cpus().length} CPUs; times will be inflated`);
}

const server = await serve(dist);
const results = [];
const failed = [];
try {
  for (const { label, target } of cases) {
    const files = listFiles(target);
    const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
    const n = runs ?? (bytes >= 1 << 30 ? 1 : 3);
    say(`${label}: ${files.length} file(s), ${bytes} bytes, ${n} run(s)`);
    // Read every file once, so each run reads from the page cache as the native bench does.
    for (const f of files) execFileSync("cat", [f.path], { stdio: ["ignore", "ignore", "inherit"] });
    const each = [];
    for (let i = 0; i < n; i++) {
      const run = await runOnce(server.origin, files).catch((error) => {
        say(`${label} run ${i + 1}: ${error.message}`);
        return null;
      });
      if (!run) continue;
      say(
        `${label} run ${i + 1}: done in ${(run.doneMs / 1000).toFixed(2)} s, first finding ${run.firstFindingMs?.toFixed(0) ?? "none"} ms, ` +
          `longest task ${run.longestTaskMs.toFixed(0)} ms, wasm ${(run.wasmBytes / MIB).toFixed(0)} MiB`,
      );
      for (const error of run.errors) say(`  page error: ${error}`);
      each.push(run);
    }
    if (each.length === 0) {
      failed.push(label);
      continue;
    }
    results.push({
      label,
      files: files.length,
      bytes,
      runs: n,
      doneMs: median(each.map((r) => r.doneMs)),
      workerDoneMs: median(each.map((r) => r.workerDoneMs)),
      firstFindingMs: median(each.map((r) => r.firstFindingMs)),
      firstFindingRunning: each.every((r) => r.firstFindingRunning),
      firstPartialMs: median(each.map((r) => r.firstPartialMs)),
      longestTaskMs: max(each.map((r) => r.longestTaskMs)),
      longTasks: max(each.map((r) => r.longTasks)),
      longestTaskCpuMs: each.some((r) => r.longestTaskCpuMs !== null) ? max(each.map((r) => r.longestTaskCpuMs ?? 0)) : null,
      wasmBytes: max(each.map((r) => r.wasmBytes)),
      pageHeap: max(each.map((r) => r.pageHeap)),
      workerHeap: max(each.map((r) => r.workerHeap)),
      workerBuffers: max(each.map((r) => r.workerBuffers)),
      rendererPeak: max(each.map((r) => r.rendererPeak)),
      workerCpu: median(each.map((r) => r.workerCpu)),
      mainCpu: median(each.map((r) => r.mainCpu)),
      rendererCpu: median(each.map((r) => r.rendererCpu)),
      findings: each[0].findings,
      poolSize: each[0].poolSize,
      workersWorking: max(each.map((r) => r.workersWorking)),
      each,
    });
  }
} finally {
  await stop(server);
}

// --- report --------------------------------------------------------------------------------
if (results.length === 0) {
  console.error(`bench-browser: no run finished (${failed.join(", ")}); see the messages above`);
  process.exit(1);
}
const sh = (command, fallback = "?") => {
  try {
    return execFileSync("sh", ["-c", command], { encoding: "utf8", cwd: root }).trim();
  } catch {
    return fallback;
  }
};
const mib = (bytes) => (bytes / MIB).toFixed(0);
const memoryOf = (r) => r.wasmBytes + r.pageHeap + r.workerHeap;
const buildStamp = fs.readFileSync(path.join(dist, "index.html"), "utf8").match(/name="loupe-build" content="([^"]*)"/)?.[1];
const wasmFiles = fs
  .readdirSync(dist)
  .filter((name) => name.endsWith(".wasm"))
  .map((name) => `${name} ${fs.statSync(path.join(dist, name)).size}`)
  .join(", ");
const cpu = sh("sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1", "unknown CPU");

console.log();
console.log(`Loupe browser benchmark, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, commit ${sh("git rev-parse --short HEAD")}${sh("git status --porcelain -- src crates index.html Trunk.toml .cargo", "") ? " (+ uncommitted changes)" : ""}`);
console.log(`machine: ${os.cpus().length} CPUs, ${cpu}, ${os.type()} ${os.release()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM`);
console.log(`browser: ${sh(`${process.env.LOUPE_CHROMIUM ?? "/usr/bin/chromium"} --version 2>/dev/null`)}, headless; page: ${dist} (build ${buildStamp ?? "?"}; ${wasmFiles})`);
console.log(`load:    ${loadStart} at the start, ${load()} at the end (1-minute load average; other work inflates times)`);
console.log("MB = 10^6 bytes; the memory columns (_MiB) are 2^20. Times are medians of the runs, from the file input's");
console.log("change event, timed inside the page. done_s: until the status line shows the finished report; MB/s: by done_s.");
console.log("wk: workers that read files for the job, of the page's pool. wcpu_s: CPU time of the worker threads meanwhile");
console.log("(/proc, summed), and MB/s by it: the analysis' own cost, which a loaded machine inflates far less than done_s.");
console.log("main_s: CPU time of the page's main thread meanwhile.");
console.log("1st_ms: first finding in the DOM (* = only once done, not while running). task_ms: longest main-thread task");
console.log("from drop to 1 s after done (PerformanceObserver longtask); >50ms: how many took over 50 ms (worst run).");
console.log("wasm: the workers' wasm memory at the end, their peak, summed. heap: peak JS heap used, page + workers (CDP,");
console.log("every 200 ms). mem = wasm + heap (the issue's memory figure). bufs: peak array-buffer memory of the workers (wasm");
console.log("memory and file slices in flight). RSS: peak RSS (VmHWM) of the renderer process that runs page and workers.");
console.log();
const row = (cells, widths) => cells.map((c, i) => String(c).padStart(widths[i])).join(" ");
const widths = [9, 5, 7, 4, 4, 7, 5, 7, 6, 6, 7, 7, 5, 8, 8, 8, 8, 8];
console.log(
  row(
    ["size", "files", "MB", "runs", "wk", "done_s", "MB/s", "wcpu_s", "MB/s", "main_s", "1st_ms", "task_ms", ">50ms", "wasm_MiB", "heap_MiB", "mem_MiB", "bufs_MiB", "RSS_MiB"],
    widths,
  ),
);
for (const r of results) {
  const first = r.firstFindingMs === null ? "none" : `${r.firstFindingMs.toFixed(0)}${r.firstFindingRunning ? "" : "*"}`;
  console.log(
    row(
      [
        r.label,
        r.files,
        (r.bytes / MB).toFixed(1),
        r.runs,
        `${r.workersWorking}/${r.poolSize}`,
        (r.doneMs / 1000).toFixed(2),
        (r.bytes / MB / (r.doneMs / 1000)).toFixed(0),
        r.workerCpu.toFixed(2),
        r.workerCpu > 0 ? (r.bytes / MB / r.workerCpu).toFixed(0) : "-",
        r.mainCpu.toFixed(2),
        first,
        r.longestTaskMs.toFixed(0),
        r.longTasks,
        mib(r.wasmBytes),
        mib(r.pageHeap + r.workerHeap),
        mib(memoryOf(r)),
        mib(r.workerBuffers),
        mib(r.rendererPeak),
      ],
      widths,
    ),
  );
}
for (const r of results) {
  const partial = r.firstPartialMs === null ? "none while running" : `${r.firstPartialMs.toFixed(0)} ms`;
  console.log(
    `${r.label}: ${r.findings} findings; worker's report reached the page at ${(r.workerDoneMs / 1000).toFixed(2)} s; ` +
      `first findings message from the worker: ${partial}`,
  );
}

for (const r of results.filter((r) => r.longestTaskCpuMs !== null)) {
  console.log(`${r.label}: longest main-thread task by CPU time (Chrome trace, from the drop to 1 s after done): ${r.longestTaskCpuMs.toFixed(0)} ms`);
}

for (const label of failed) console.log(`${label}: every run failed (see the messages above); not in the table`);

console.log();
console.log("Issue 7 targets (browser):");
const target = (name, value, met) => console.log(`  ${name.padEnd(52)} ${value.padEnd(20)} ${met === null ? "not measured" : met ? "met" : "NOT MET"}`);
const largest = results.reduce((a, b) => (b.bytes > a.bytes ? b : a));
const mbps = (r) => r.bytes / MB / (r.doneMs / 1000);
target(`throughput >= 250 MB/s (at ${largest.label})`, `${mbps(largest).toFixed(0)} MB/s`, mbps(largest) >= 250);
const big = results.filter((r) => r.files === 1 && r.bytes >= 2e9);
if (big.length) {
  const worst = big.reduce((a, b) => (memoryOf(b) > memoryOf(a) ? b : a));
  target(`<= 300 MB wasm + JS heap for a 2 GB file (${worst.label})`, `${(memoryOf(worst) / MB).toFixed(0)} MB`, memoryOf(worst) <= 300 * MB);
} else {
  const worst = results.reduce((a, b) => (memoryOf(b) > memoryOf(a) ? b : a));
  target(
    `<= 300 MB for a 2 GB file (2 GB file not run; worst here ${worst.label})`,
    `${(memoryOf(worst) / MB).toFixed(0)} MB`,
    null,
  );
}
const longest = results.reduce((a, b) => (b.longestTaskMs > a.longestTaskMs ? b : a));
target(`no main-thread task over 50 ms (worst: ${longest.label})`, `${longest.longestTaskMs.toFixed(0)} ms`, longest.longestTaskMs <= LONG_TASK_MS);
const gig = results.filter((r) => r.bytes >= 1e9 && r.files > 1);
if (gig.length) {
  const r = gig[0];
  const ok = r.firstFindingMs !== null && r.firstFindingRunning && r.firstFindingMs <= 1000;
  target(`first finding within 1 s of dropping a 1 GB bundle (${r.label})`, `${r.firstFindingMs?.toFixed(0) ?? "none"} ms`, ok);
} else {
  target("first finding within 1 s of dropping a 1 GB bundle", "(no 1 GB bundle run)", null);
}

if (jsonOut) {
  fs.writeFileSync(jsonOut, JSON.stringify({ loadStart, loadEnd: load(), results }, null, 2));
  say(`raw results in ${jsonOut}`);
}
