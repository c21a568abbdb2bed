// What the end-to-end tests share: where the build is, a static server, the browser.

import fs from "node:fs/promises";
import path from "node:path";
import { deflateRawSync, gzipSync } from "node:zlib";
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

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * What a zip's local header (from byte 4) and its central directory entry (from byte 6)
 * share: version needed, flags, method (8, deflate), time, date, CRC-32, sizes, name length.
 */
function sharedFields(header, at, { crc, packed, size, name }) {
  header.writeUInt16LE(20, at);
  header.writeUInt16LE(8, at + 4);
  header.writeUInt32LE(crc, at + 10);
  header.writeUInt32LE(packed, at + 14);
  header.writeUInt32LE(size, at + 18);
  header.writeUInt16LE(name, at + 22);
}

/** A zip of `entries` ([name, Buffer]), deflated, as a support bundle would arrive. */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name);
    const packed = deflateRawSync(data);
    const fields = { crc: crc32(data), packed: packed.length, size: data.length, name: nameBytes.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    sharedFields(local, 4, fields);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    sharedFields(central, 6, fields);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A gzipped tar of `entries` ([name, Buffer]): the other shape log bundles come in. */
export function tarGz(entries) {
  const blocks = [];
  for (const [name, data] of entries) {
    const header = Buffer.alloc(512);
    header.write(name, 0, 100);
    header.write("0000644\0", 100);
    header.write("0000000\0", 108);
    header.write("0000000\0", 116);
    header.write(`${data.length.toString(8).padStart(11, "0")}\0`, 124);
    header.write(`${Math.floor(Date.UTC(2024, 2, 12) / 1000).toString(8).padStart(11, "0")}\0`, 136);
    header.write("        ", 148);
    header.write("0", 156);
    header.write("ustar\0", 257);
    header.write("00", 263);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
