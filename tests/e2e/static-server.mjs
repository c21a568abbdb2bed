// A static file server for dist/: the tests' server, and `./dev serve` (through serve.mjs).
// Plain Node, no dependency. It sends `no-store` so a test always sees the files on disk.

import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import http from "node:http";
import path from "node:path";

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
 * (such as "/tools/loupe/") the way any static host would; `port` 0 picks a free one.
 * `server.origin` is its origin.
 */
export async function serve(root, base = "/", port = 0) {
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
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  server.origin = `http://127.0.0.1:${server.address().port}`;
  return server;
}

export async function stop(server) {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
}

