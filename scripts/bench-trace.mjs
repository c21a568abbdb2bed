// What the main thread's long tasks were made of, from a Chrome trace (BENCH_TRACE=dir in
// scripts/bench-browser.mjs). The longtask API gives only a start and a duration; the trace
// says whether a task was script, style, layout, paint or garbage collection, and which event
// handler or timer ran it.
//
//   node scripts/bench-trace.mjs TRACE.json [MIN_MS]

import fs from "node:fs";
import { fileURLToPath } from "node:url";

/** Chrome's categories for the timeline (what DevTools' Performance panel records) and GC. */
export const CATEGORIES = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "v8.execute",
  "blink.user_timing",
  "disabled-by-default-v8.gc",
];

/** The renderer main threads' complete events, as { pid, tid, ts, dur, name, args }, by start. */
function mainThreadEvents(trace) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const main = new Set(
    events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`),
  );
  return events
    .filter((e) => e.ph === "X" && typeof e.dur === "number" && main.has(`${e.pid}:${e.tid}`))
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
}

/** A label that tells one event of a kind from another: which event, timer or function. */
function label(event) {
  const data = event.args?.data ?? event.args?.beginData ?? {};
  const what = data.type ?? data.functionName ?? data.url?.split("/").pop() ?? "";
  return what ? `${event.name}(${what})` : event.name;
}

/**
 * Wall time, and the thread's CPU time in it: on a loaded machine the thread waits for a
 * core, or for the browser process to answer a synchronous call, and the two part ways.
 */
function ms(event) {
  const cpu = typeof event.tdur === "number" ? ` (cpu ${(event.tdur / 1000).toFixed(1)})` : "";
  return `${(event.dur / 1000).toFixed(1)} ms${cpu}`;
}

/** Nests `events` (sorted by start) into trees by their time ranges. */
function nest(events) {
  const roots = [];
  const stack = [];
  for (const event of events) {
    const node = { event, children: [] };
    while (stack.length && stack[stack.length - 1].event.ts + stack[stack.length - 1].event.dur < event.ts + event.dur) stack.pop();
    (stack.length ? stack[stack.length - 1].children : roots).push(node);
    stack.push(node);
  }
  return roots;
}

/** The tasks of at least `minMs` as indented lines: each part of at least 1 ms, 5 levels deep. */
/** The main thread's tasks, outermost only, and the time of the file input's `change` event. */
function tasksOf(trace) {
  const events = mainThreadEvents(trace);
  const drop = events.find((e) => e.name === "EventDispatch" && e.args?.data?.type === "change");
  const origin = drop?.ts ?? events[0]?.ts ?? 0;
  const isTask = (e) => e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask";
  // A task event may sit inside another (the scheduler's inside the thread's): the outer one counts.
  return { events, origin, tasks: nest(events.filter(isTask)).map((node) => node.event) };
}

/**
 * The longest task by the thread's CPU time among those that start between `fromMs` and
 * `toMs` after the drop, as { cpu, wall, at } in ms: what the task would take on a core of
 * its own, which the longtask API's wall time on a loaded machine does not say.
 */
export function longestByCpu(trace, fromMs, toMs) {
  const { origin, tasks } = tasksOf(trace);
  let worst = { cpu: 0, wall: 0, at: null };
  for (const task of tasks) {
    const at = (task.ts - origin) / 1000;
    const cpu = (task.tdur ?? task.dur) / 1000;
    if (at + task.dur / 1000 >= fromMs && at <= toMs && cpu > worst.cpu) worst = { cpu, wall: task.dur / 1000, at };
  }
  return worst;
}

/** Times are from the file input's `change` event, as the bench's own are. */
export function summarise(trace, minMs = 50) {
  const { events, origin, tasks: all } = tasksOf(trace);
  const tasks = all.filter((e) => e.dur >= minMs * 1000);
  const lines = [];
  for (const task of tasks) {
    const inside = events.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
    lines.push(`task at ${((task.ts - origin) / 1000).toFixed(0)} ms: ${ms(task)}`);
    const print = (nodes, depth) => {
      for (const { event, children } of nodes) {
        if (event.dur < 1000) continue;
        lines.push(`${"  ".repeat(depth)}${ms(event).padStart(20)}  ${label(event)}`);
        if (depth < 5) print(children, depth + 1);
      }
    };
    print(nest(inside), 1);
  }
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, min] = process.argv.slice(2);
  if (!file) {
    console.error("usage: node scripts/bench-trace.mjs TRACE.json [MIN_MS]");
    process.exit(2);
  }
  const trace = JSON.parse(fs.readFileSync(file, "utf8"));
  console.log(summarise(trace, Number(min ?? 50)).join("\n"));
}
