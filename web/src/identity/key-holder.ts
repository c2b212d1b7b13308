/**
 * @module The page's side of the key holder (holder-worker.ts): hands it the key once
 * unlocked, asks it for the key when a tab opens (a reload, a deep link in a new tab), tells
 * it when the member does something (the idle time counts from the last use in any tab),
 * and hears from it when the key went (locked in another tab, idle, panic).
 *
 * Which holder: a shared worker that outlives a reload (`extendedLifetime`: Chrome 148 and
 * later, on Android too), else the service worker when it controls the page (older Chrome on
 * Android, which had no shared workers; Firefox and Safari, whose shared workers die with the
 * last tab's reload), else none — then a reload asks for the passphrase, as it always did. The key is
 * only ever in memory; docs/threat-model.md, "Unlocked once per visit", says what that risks.
 * This file must not import holder-state.ts: /key-holder.js is built as one file of its own.
 */
import {
  LOCK_AFTER_MS,
  LOCK_AFTER_SETTING,
  lockAfterMs,
} from "./lock-after.js";

/** The idle time set in this browser. */
export function lockAfter(): number {
  try {
    return lockAfterMs(localStorage.getItem(LOCK_AFTER_SETTING));
  } catch {
    return LOCK_AFTER_MS;
  }
}

export type HolderKind = "shared-worker" | "service-worker" | "none";

/** What the holder gives a tab opening: the key's secret, and the hub session it signed in for. */
export interface HeldKey {
  readonly secret: Uint8Array;
  readonly session: string | null;
}

export interface KeyHolder {
  readonly kind: HolderKind;
  /** The key's secret and session, if the holder still has it for this visit (counts as use). */
  take(publicKey: string): Promise<HeldKey | null>;
  /** The hub session the held key signed in for, kept beside it for a tab opening. */
  keepSession(publicKey: string, token: string): void;
  /** Whether the holder still has the key (does not count as use). */
  holds(publicKey: string): Promise<boolean>;
  put(publicKey: string, secret: Uint8Array, idleMs: number): void;
  use(): void;
  /** Drops the key in the holder; every tab locks. */
  lock(): void;
  /** Called when the key went (another tab locked it, idle, the visit ended). */
  onLocked(listener: () => void): () => void;
}

type Answer =
  | { op: "key"; ask: number; taken: HeldKey | null }
  | { op: "holds"; ask: number; holds: boolean }
  | { op: "locked"; reason: string };

/** How long a tab waits for the holder before asking for the passphrase. */
const ANSWER_MS = 2_000;
/** How often a tab says it is open. */
const HERE_MS = 20_000;

function connect(
  kind: HolderKind,
  send: (message: Record<string, unknown>) => void,
  listen: (on: (a: Answer) => void) => void,
): KeyHolder {
  const tab = crypto.randomUUID();
  const waiting = new Map<number, (a: Answer) => void>();
  const lockedListeners = new Set<() => void>();
  let asks = 0;
  listen((a) => {
    if (a.op === "locked") for (const l of lockedListeners) l();
    else waiting.get(a.ask)?.(a);
  });
  const post = (op: string, more: Record<string, unknown> = {}) => {
    try {
      send({ op, tab, ...more });
    } catch {
      // The holder is gone (a service worker being replaced): nothing is held.
    }
  };
  const ask = <T>(
    op: "take" | "holds",
    publicKey: string,
    read: (a: Answer) => T,
    none: T,
  ): Promise<T> =>
    new Promise((resolve) => {
      const n = ++asks;
      const timer = setTimeout(() => {
        waiting.delete(n);
        resolve(none);
      }, ANSWER_MS);
      waiting.set(n, (a) => {
        clearTimeout(timer);
        waiting.delete(n);
        resolve(read(a));
      });
      post(op, { publicKey, ask: n });
    });
  post("here");
  setInterval(() => post("here"), HERE_MS);
  window.addEventListener("pagehide", () => post("bye"));
  window.addEventListener("pageshow", () => post("here"));
  return {
    kind,
    take: (publicKey) =>
      ask("take", publicKey, (a) => (a.op === "key" ? a.taken : null), null),
    keepSession: (publicKey, token) => post("session", { publicKey, token }),
    holds: (publicKey) =>
      ask("holds", publicKey, (a) => a.op === "holds" && a.holds, false),
    put: (publicKey, secret, idleMs) =>
      post("put", { publicKey, secret, idleMs }),
    use: () => post("use"),
    lock: () => post("lock"),
    onLocked(listener) {
      lockedListeners.add(listener);
      return () => lockedListeners.delete(listener);
    },
  };
}

const NONE: KeyHolder = {
  kind: "none",
  take: async () => null,
  keepSession() {},
  holds: async () => false,
  put() {},
  use() {},
  lock() {},
  onLocked: () => () => {},
};

/** A shared worker that outlives a reload, or null where there is none. */
function sharedWorker(): KeyHolder | null {
  if (typeof SharedWorker === "undefined") return null;
  let outlivesReload = false;
  const options = {
    name: "kenges-key",
    // Read by browsers that know it: the worker then outlives a reload of the last tab.
    get extendedLifetime() {
      outlivesReload = true;
      return true;
    },
  };
  let worker: SharedWorker;
  try {
    worker = new SharedWorker("/key-holder.js", options as WorkerOptions);
  } catch {
    return null;
  }
  if (!outlivesReload) {
    worker.port.close();
    return null;
  }
  return connect(
    "shared-worker",
    (m) => worker.port.postMessage(m),
    (on) => {
      worker.port.onmessage = (e: MessageEvent<Answer>) => on(e.data);
      worker.port.start();
    },
  );
}

/** The service worker, when it controls this page. */
function serviceWorker(): KeyHolder | null {
  const sw =
    typeof navigator === "undefined" ? undefined : navigator.serviceWorker;
  if (sw?.controller == null) return null;
  return connect(
    "service-worker",
    (m) => {
      const controller = sw.controller;
      if (controller === null) throw new Error("no service worker");
      controller.postMessage(m);
    },
    (on) => {
      sw.addEventListener("message", (e: MessageEvent<Answer>) => {
        const op = (e.data as { op?: unknown } | null)?.op;
        if (op === "key" || op === "holds" || op === "locked") on(e.data);
      });
      sw.startMessages();
    },
  );
}

let holder: KeyHolder | null = null;
/** This tab's key holder (chosen once). */
export function keyHolder(): KeyHolder {
  if (holder !== null) return holder;
  // A development server has no built /key-holder.js.
  holder = import.meta.env.PROD
    ? (sharedWorker() ?? serviceWorker() ?? NONE)
    : NONE;
  return holder;
}
