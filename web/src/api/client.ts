/**
 * @module Talking to the hub: JSON over fetch, the session's bearer token, the language for
 * error messages, and failures as {@link ApiError} with the hub's stable code. While the key
 * is unlocked, pages read are also kept sealed in this browser (offline/engine.ts installs
 * the {@link ReadCache}), and a read the hub cannot answer is served from there.
 */
import i18next from "i18next";
import { setOfflineStatus } from "../offline/status.js";

/** A failed request: the hub's code and message (or NETWORK when the hub was not reached). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * The session token lives in this page's memory only — never in sessionStorage, localStorage,
 * IndexedDB or a cache — so nothing on a seized phone's disk works as a credential while the
 * key is locked. A reload forgets it: unlocking the key signs in again.
 */
let token: string | null = null;
// Versions before this one kept the token in sessionStorage: a copy left there is dropped.
try {
  sessionStorage.removeItem("kenges.session");
} catch {
  // No storage: nothing was kept.
}
const listeners = new Set<() => void>();

/** The session token (a proven key), or null. */
export function sessionToken(): string | null {
  return token;
}

/** Sets or clears the session token (in memory only); pages re-read what they show. */
export function setSessionToken(value: string | null): void {
  token = value;
  for (const l of listeners) l();
}

/** Calls `listener` when the session changes. */
export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Where pages read from the hub are kept for reading offline (sealed; see offline/page-cache.ts). */
export interface ReadCache {
  /** Keeps the answer to a read asked at `askedAt` (performance.now() when the request left). */
  put(path: string, body: unknown, askedAt: number): void;
  get(path: string): Promise<unknown | undefined>;
}

let readCache: ReadCache | null = null;

/** Installs (or removes) the read cache; pages read again, now able to use it. */
export function setReadCache(cache: ReadCache | null): void {
  readCache = cache;
  refreshReads();
}

/** Asks every page to read what it shows again (after a sync, a send, a new cache). */
export function refreshReads(): void {
  for (const l of listeners) l();
}

/** Reads kept for offline use: the member's pages, never sign-in or write routes. */
const KEPT =
  /^\/api\/((hub|me|federation|bodies|motions|delegates|demands|calls)(\/|\?|$)|meetings\/[0-9a-f]{64}$)/;

/** The path that names a read in the cache: without the language of error messages. */
function cachePath(url: URL): string {
  const q = new URLSearchParams(url.search);
  q.delete("lang");
  const rest = q.toString();
  return rest ? `${url.pathname}?${rest}` : url.pathname;
}

const TIMEOUT_MS = 20_000;

/** Reads wait for a sign-in at most this long; then they go without its session. */
const READS_WAIT_MAX_MS = 10_000;
let readsWait: Promise<void> | null = null;

/**
 * Whether reads wait for a sign-in now: a session that arrives meanwhile needs no read again,
 * every waiting read goes with it (use-api.ts).
 */
export function readsWaiting(): boolean {
  return readsWait !== null;
}

/**
 * Makes reads wait until `signingIn` settles (the key held for this visit signing in as a
 * tab opens, identity/sign-in.ts), so a page is read once, with the session. Signing in
 * itself and anonymous requests never wait.
 */
export function holdReadsUntil(signingIn: Promise<unknown>): void {
  const gate = Promise.race([
    signingIn.then(
      () => {},
      () => {},
    ),
    new Promise<void>((r) => setTimeout(r, READS_WAIT_MAX_MS)),
  ]);
  readsWait = gate;
  void gate.then(() => {
    if (readsWait === gate) readsWait = null;
  });
}

/** Requests to the hub in flight now, and who waits for none to be. */
let inFlight = 0;
/**
 * Requests answered (or failed) so far: quiet counts only once the page has read something —
 * a page's first reads may leave only after its first render, which on a throttled phone
 * takes longer than the quiet time.
 */
let answered = 0;
let quietWaiters: (() => void)[] = [];
/** How long no request may be in flight before the page's reads count as done. */
const QUIET_MS = 300;
let quietTimer: ReturnType<typeof setTimeout> | null = null;

function settleQuiet(): void {
  if (quietTimer !== null) clearTimeout(quietTimer);
  quietTimer = null;
  if (inFlight > 0 || answered === 0 || quietWaiters.length === 0) return;
  quietTimer = setTimeout(() => {
    quietTimer = null;
    if (inFlight > 0) return;
    const waiters = quietWaiters;
    quietWaiters = [];
    for (const w of waiters) w();
  }, QUIET_MS);
}

/**
 * Resolves once the page has loaded and its reads are done (no request to the hub for a
 * moment), or after `maxMs`: work a page does not need to show itself — the offline copy's
 * first sync, loading the signing code — then does not take a slow link's bandwidth from it.
 */
export function whenReadsQuiet(maxMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(cap);
      resolve();
    };
    const cap = setTimeout(() => {
      quietWaiters = quietWaiters.filter((w) => w !== done);
      resolve();
    }, maxMs);
    const wait = () => {
      quietWaiters.push(done);
      settleQuiet();
    };
    if (document.readyState === "complete") wait();
    else window.addEventListener("load", wait, { once: true });
  });
}

/** How a request to the hub is made. */
export interface HubRequest {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Sent without the session (a secret ballot: nothing may tie it to the member). */
  anonymous?: boolean;
  /** The language of error messages, before i18next has one (a read as the app starts). */
  lang?: string;
}

/**
 * A read started before the page asked for it (main.tsx, first-reads.ts), and the session it
 * went with (undefined while it still waits for the sign-in of a tab opening).
 */
interface EarlyRead {
  answer: Promise<unknown>;
  sentWith: string | null | undefined;
}
const earlyReads = new Map<string, EarlyRead>();
/** An early read nobody asked for within this long is forgotten (the page did not need it). */
const EARLY_READ_KEEP_MS = 15_000;

/**
 * Starts the reads of `paths` now, in `lang`: the first request for each path (by `api`)
 * takes its answer instead of asking again, if it went with the session in use then.
 */
export function readEarly(paths: readonly string[], lang: string): void {
  for (const path of paths) {
    if (earlyReads.has(path)) continue;
    // Made before the request: with no sign-in to wait for, `send` says what it sent with
    // before it first awaits.
    const read: EarlyRead = { answer: Promise.resolve(), sentWith: undefined };
    read.answer = send(path, { lang }, (sentWith) => {
      read.sentWith = sentWith;
    });
    read.answer.catch(() => {});
    earlyReads.set(path, read);
    setTimeout(() => {
      if (earlyReads.get(path) === read) earlyReads.delete(path);
    }, EARLY_READ_KEEP_MS);
  }
}

/** The early read of `path` for this request, taken (once), or null. */
function takeEarlyRead<T>(path: string, init: HubRequest): Promise<T> | null {
  if ((init.method ?? "GET") !== "GET" || init.anonymous) return null;
  const read = earlyReads.get(path);
  if (read === undefined) return null;
  earlyReads.delete(path);
  if (read.sentWith !== undefined && read.sentWith !== token) return null;
  const answer = read.answer as Promise<T>;
  const signal = init.signal;
  if (signal === undefined) return answer;
  // Abortable as the request it stands for is.
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new DOMException("Aborted", "AbortError"));
    if (signal.aborted) return abort();
    signal.addEventListener("abort", abort, { once: true });
    answer
      .then(resolve, reject)
      .finally(() => signal.removeEventListener("abort", abort));
  });
}

/** A JSON request to the hub. */
export function api<T>(path: string, init: HubRequest = {}): Promise<T> {
  return takeEarlyRead<T>(path, init) ?? send<T>(path, init);
}

/** Sends a request; `sent` learns which session it went with. */
async function send<T>(
  path: string,
  init: HubRequest,
  sent?: (session: string | null) => void,
): Promise<T> {
  const url = new URL(path, location.origin);
  if (
    readsWait !== null &&
    (init.method ?? "GET") === "GET" &&
    !init.anonymous &&
    !url.pathname.startsWith("/api/auth/")
  )
    await readsWait;
  const keep =
    (init.method ?? "GET") === "GET" && KEPT.test(url.pathname)
      ? cachePath(url)
      : null;
  url.searchParams.set("lang", init.lang ?? (i18next.language || "en"));
  const headers: Record<string, string> = { accept: "application/json" };
  const sentToken = init.anonymous ? null : token;
  sent?.(sentToken);
  if (sentToken) headers.authorization = `Bearer ${sentToken}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  // A hub that does not answer at all (a LAN address with nobody behind it) counts as unreachable.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  const forward = () => controller.abort();
  init.signal?.addEventListener("abort", forward);
  // When the request left: an answer asked before the kept pages were forgotten (a redaction)
  // may still show what was redacted, and is not kept (page-cache.ts).
  const askedAt = performance.now();
  let response: Response;
  inFlight++;
  if (quietTimer !== null) clearTimeout(quietTimer);
  quietTimer = null;
  try {
    response = await fetch(url, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal: controller.signal,
      ...(init.anonymous ? { credentials: "omit" as const } : {}),
    });
  } catch (e) {
    inFlight--;
    answered++;
    settleQuiet();
    if (init.signal?.aborted) throw e;
    setOfflineStatus({ reachable: false });
    const kept = keep !== null ? await readCache?.get(keep) : undefined;
    if (kept !== undefined) return kept as T;
    throw new ApiError("NETWORK", i18next.t("common.offline"), 0);
  } finally {
    clearTimeout(timer);
    init.signal?.removeEventListener("abort", forward);
  }
  // The service worker answers reads it kept (no member data) with this header when offline.
  setOfflineStatus({
    reachable: response.headers.get("x-kenges-offline") === null,
  });
  const body = (await response.json().catch(() => null)) as
    | (T & {
        code?: string;
        message?: string;
        details?: Record<string, unknown>;
      })
    | null;
  inFlight--;
  answered++;
  settleQuiet();
  if (!response.ok) {
    // Only the session this request went with: a read that left before a new sign-in must
    // not end the new session when its refusal of the old one comes back.
    if (
      response.status === 401 &&
      body?.code === "SESSION_UNKNOWN" &&
      sentToken !== null &&
      sentToken === token
    )
      setSessionToken(null);
    throw new ApiError(
      body?.code ?? "INTERNAL",
      body?.message ?? response.statusText,
      response.status,
      body?.details ?? {},
    );
  }
  if (
    keep !== null &&
    readCache !== null &&
    !response.headers.has("x-kenges-offline")
  )
    readCache.put(keep, body, askedAt);
  return body as T;
}
