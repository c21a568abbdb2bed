#!/usr/bin/env node
// `./dev serve`: serves a build on 127.0.0.1.   node tests/e2e/serve.mjs DIR [PORT] [BASE]
// BASE (default "/") serves it under a sub-path, as a shared static host would.

import path from "node:path";
import { serve } from "./static-server.mjs";

const [dir = "dist", port = "8080", base = "/"] = process.argv.slice(2);
const server = await serve(path.resolve(dir), base, Number(port));
console.log(`Loupe at ${server.origin}${base}  (Ctrl-C to stop)`);
