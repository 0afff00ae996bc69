/* holdspace service worker: keeps the page shell and the tracks saved for offline.
   Saved audio answers Range requests from the cached whole file (206 with the asked slice),
   because audio elements seek with Range requests; without that, seeking offline breaks. */
"use strict";

const VERSION = "__VERSION__";
const SHELL_FILES = __SHELL__;
const SCOPE = self.registration.scope;
const SHELL = "holdspace-shell " + SCOPE + " " + VERSION;
const AUDIO = "holdspace-audio " + SCOPE;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(SHELL_FILES.map((f) => new Request(f, { cache: "no-cache" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  const mine = "holdspace-shell " + SCOPE + " ";
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith(mine) && k !== SHELL).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  event.respondWith(answer(request));
});

async function answer(request) {
  const url = new URL(request.url);
  const key = url.origin + url.pathname;
  const saved = await (await caches.open(AUDIO)).match(key);
  if (saved) {
    const range = request.headers.get("range");
    return range ? slice(saved, range) : saved;
  }
  const shell = await (await caches.open(SHELL)).match(key);
  if (shell) return shell;
  return fetch(request);
}

/* One byte range of a cached whole response: "bytes=a-b", "bytes=a-" or "bytes=-n". */
async function slice(response, header) {
  const blob = await response.blob();
  const size = blob.size;
  const type = response.headers.get("content-type") || "application/octet-stream";
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) {
    // Several ranges, or a form we do not know: the whole file is a correct answer too.
    return new Response(blob, { status: 200, headers: { "Content-Type": type, "Accept-Ranges": "bytes" } });
  }
  let start;
  let end;
  if (m[1] === "") {
    start = Math.max(size - Number(m[2]), 0);
    end = size - 1;
    if (Number(m[2]) === 0) start = size;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) {
    return new Response("", { status: 416, headers: { "Content-Range": "bytes */" + size } });
  }
  return new Response(blob.slice(start, end + 1, type), {
    status: 206,
    statusText: "Partial Content",
    headers: {
      "Content-Type": type,
      "Content-Length": String(end - start + 1),
      "Content-Range": "bytes " + start + "-" + end + "/" + size,
      "Accept-Ranges": "bytes",
    },
  });
}
