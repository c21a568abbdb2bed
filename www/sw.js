// Loupe's service worker: keeps the app's own files so that a hosted copy opens and works
// offline after the first visit. It never sees a user's log: those are read from disk by
// the page and its Web Worker, and are never requested from anywhere.
//
// scripts/bundle.mjs copies this file to dist/sw.js and fills in the build hash and the
// file list. A new deployment has a new hash, so the browser installs the new worker on the
// next visit: it fetches the new files, takes over at once, and drops the old cache. The
// open page keeps the code it already runs and says "A new version ... reload to update";
// the next load is the new version.

const BUILD = "__LOUPE_BUILD__";
const ASSETS = __LOUPE_ASSETS__;
const CACHE = `loupe-${BUILD}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // "reload": files with stable names (index.html, worker.js) must not come from the
      // HTTP cache, or the new version would be stored with old parts.
      await cache.addAll(ASSETS.map((asset) => new Request(asset, { cache: "reload" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith("loupe-") && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  const scope = new URL(self.registration.scope);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  // The page is cached as "./"; it may also be asked for as index.html or with a query.
  const isPage =
    request.mode === "navigate" && (url.pathname === scope.pathname || url.pathname === `${scope.pathname}index.html`);
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = isPage ? await cache.match(scope.href) : await cache.match(request, { ignoreSearch: true });
      return hit ?? fetch(request);
    })(),
  );
});
