/**
 * @module The service worker, built to `/sw.js` (web/vite.config.ts writes the build's file
 * list in front of it) and registered by production builds only (main.tsx). It lets the app
 * load with no network once visited:
 *
 * - on install it keeps every file of this build (the app shell: index.html, scripts, styles,
 *   every page's chunk and language); a new build is a new worker, which drops the old files;
 * - pages (navigations): the network first, the kept index.html when the hub does not answer
 *   within a few seconds; hashed assets: kept copy first (they never change);
 * - reads of the API: the network first, the last answer kept when the hub cannot be reached
 *   (marked with `x-kenges-offline`) — only answers that carry no member data: requests
 *   without a session (with one, every answer — even `/api/hub`'s count of events — is the
 *   key's). A member's reads are kept by the page itself, sealed with the member's key
 *   (offline/page-cache.ts), never here in the clear;
 * - never a POST, never sign-in (`/api/auth/…`), never a request that carries
 *   `Authorization`, never heads, sync or the live feed: a seized phone's caches hold nothing
 *   that works as a credential. What is kept is kept under its URL alone, with only its
 *   content type: no request or response header reaches the disk.
 *
 * It needs a secure context: the hub's `--tls` (on a LAN address too) or localhost; the
 * browser must trust the hub's certificate.
 */

// The web tsconfig has the DOM library, not WebWorker's: the little of it used here.
interface LifecycleEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchLikeEvent extends LifecycleEvent {
  readonly request: Request;
  respondWith(answer: Promise<Response>): void;
}
interface NotificationClickLikeEvent extends LifecycleEvent {
  readonly notification: Notification;
}
interface WindowClientLike {
  readonly url: string;
  focus(): Promise<unknown>;
  navigate(url: string): Promise<unknown>;
}
interface WorkerScope {
  readonly location: Location;
  readonly clients: {
    claim(): Promise<void>;
    matchAll(options: { type: "window" }): Promise<readonly WindowClientLike[]>;
    openWindow(url: string): Promise<unknown>;
  };
  readonly __KENGES_SHELL__?: readonly string[];
  readonly __KENGES_VERSION__?: string;
  skipWaiting(): Promise<void>;
  addEventListener(
    type: "install" | "activate",
    listener: (e: LifecycleEvent) => void,
  ): void;
  addEventListener(type: "fetch", listener: (e: FetchLikeEvent) => void): void;
  addEventListener(
    type: "notificationclick",
    listener: (e: NotificationClickLikeEvent) => void,
  ): void;
}

const worker = self as unknown as WorkerScope;

// The key holder, where no shared worker outlives a reload (web/src/identity/key-holder.ts
// chooses): the unlocked key in this worker's memory, for as long as the browser keeps it
// running. Never in its caches. A worker without it still serves the app.
try {
  (self as unknown as { importScripts(url: string): void }).importScripts(
    "/key-holder.js",
  );
} catch {
  // Then a reload asks for the passphrase.
}
const SHELL = worker.__KENGES_SHELL__ ?? [];
const SHELL_CACHE = `kenges-shell-${worker.__KENGES_VERSION__ ?? "dev"}`;
const READS_CACHE = "kenges-reads";
/** How long a page load waits for the hub before the kept app is shown. */
const NAVIGATION_WAIT_MS = 4_000;
/** Reads that hold no member data when asked without a session. */
const PUBLIC_READS =
  /^\/api\/(hub|federation|bodies|motions|delegates|demands|calls)(\/|$)/;

worker.addEventListener("install", (e) => {
  e.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(["/", ...SHELL]);
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener("activate", (e) => {
  e.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name.startsWith("kenges-shell-") && name !== SHELL_CACHE)
          await caches.delete(name);
      await worker.clients.claim();
    })(),
  );
});

/** A kept answer, marked so the page knows the hub did not give it now. */
function marked(kept: Response): Response {
  const headers = new Headers(kept.headers);
  headers.set("x-kenges-offline", "1");
  return new Response(kept.body, {
    status: kept.status,
    statusText: kept.statusText,
    headers,
  });
}

function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

async function page(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  const fresh = fetch(request).then(async (r) => {
    // Every page path is the same index.html: keep the newest under "/".
    if (r.ok && (r.headers.get("content-type") ?? "").startsWith("text/html"))
      await keep(SHELL_CACHE, new Request(new URL("/", request.url)), r);
    return r;
  });
  try {
    return await withinTime(fresh, NAVIGATION_WAIT_MS);
  } catch {
    fresh.catch(() => {});
    const kept = await cache.match("/", { ignoreVary: true });
    return kept ?? fresh;
  }
}

/**
 * Keeps an answer under its URL alone, with its body and content type only: the request's
 * headers and the answer's other headers never reach the disk.
 */
async function keep(
  cacheName: string,
  request: Request,
  r: Response,
): Promise<void> {
  if (request.headers.has("authorization")) return;
  const headers = new Headers();
  const type = r.headers.get("content-type");
  if (type !== null) headers.set("content-type", type);
  const body = await r.clone().arrayBuffer();
  await (await caches.open(cacheName)).put(
    new Request(request.url),
    new Response(body, { status: r.status, statusText: r.statusText, headers }),
  );
}

async function asset(request: Request): Promise<Response> {
  const kept = await caches.match(request, { ignoreVary: true });
  if (kept) return kept;
  const r = await fetch(request);
  if (r.ok) await keep(SHELL_CACHE, request, r);
  return r;
}

async function read(request: Request, cacheName: string): Promise<Response> {
  try {
    const r = await fetch(request);
    if (r.ok) await keep(cacheName, request, r);
    return r;
  } catch (e) {
    const kept = await caches.match(request, { cacheName, ignoreVary: true });
    if (kept) return marked(kept);
    throw e;
  }
}

worker.addEventListener("fetch", (e) => {
  const request = e.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  // Signed-in requests and sign-in itself go to the network only, and are never kept.
  if (
    request.headers.has("authorization") ||
    url.pathname.startsWith("/api/auth/")
  )
    return;
  if (url.pathname.startsWith("/api/")) {
    // With a session, even /api/hub is the key's (it counts the events the key reads).
    const kept = PUBLIC_READS.test(url.pathname);
    if (kept) e.respondWith(read(request, READS_CACHE));
    return;
  }
  if (request.mode === "navigate") e.respondWith(page(request));
  else if (url.pathname.startsWith("/assets/")) e.respondWith(asset(request));
  else e.respondWith(read(request, SHELL_CACHE));
});

// A notification the open app raised (components/waiting-for-you.tsx, never a push): a tap
// brings the app forward on the page where the thing is acted on.
worker.addEventListener("notificationclick", (e) => {
  e.notification.close();
  const data = e.notification.data as { url?: unknown } | null;
  const path = typeof data?.url === "string" ? data.url : "/";
  const target = new URL(path, worker.location.origin).href;
  e.waitUntil(
    (async () => {
      const open = await worker.clients.matchAll({ type: "window" });
      const client = open[0];
      if (client === undefined) return worker.clients.openWindow(target);
      await client.focus();
      return client.navigate(target);
    })(),
  );
});
