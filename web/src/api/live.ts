/**
 * @module The live feed: one WebSocket per page, signed in with the session token, that says
 * which scopes the key reads have new events (a body, a council, the federation scope) and
 * when what it reads changed (admitted, seated); pages reload what they show. Reconnects
 * after a drop.
 */
import { useEffect, useRef } from "react";
import { onSessionChange, sessionToken } from "./client.js";

interface Changed {
  readonly type: "changed";
  /** Scopes the key reads with new events. */
  readonly scopes: readonly string[];
  /** The set of scopes the key reads changed. */
  readonly access: boolean;
}

/** What a page watches: scopes it shows, any change at all, or changes of what the key reads. */
export interface Watch {
  readonly scopes?: readonly string[];
  readonly any?: boolean;
  readonly access?: boolean;
}

type Listener = (change: Changed) => void;

const listeners = new Set<Listener>();
const reconnectListeners = new Set<() => void>();
let socket: WebSocket | null = null;
let retry = 0;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
/** The feed was open once and dropped: its next opening means the hub is back. */
let dropped = false;
/** While the member looks at the page, a hub that comes back is found within seconds. */
const VISIBLE_RETRY_MAX_MS = 4_000;
const HIDDEN_RETRY_MAX_MS = 32_000;

function reconnectNow(): void {
  if (retryTimer === null) return;
  clearTimeout(retryTimer);
  retryTimer = null;
  retry = 0;
  connect();
}

if (typeof window !== "undefined") {
  window.addEventListener("online", reconnectNow);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") reconnectNow();
  });
}

function connect(): void {
  if (socket !== null || listeners.size === 0) return;
  const url = new URL("/api/live", location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(url);
  socket = ws;
  ws.onopen = () => {
    retry = 0;
    const token = sessionToken();
    if (token) ws.send(JSON.stringify({ type: "auth", token }));
    if (dropped) {
      dropped = false;
      for (const l of [...reconnectListeners]) l();
    }
  };
  ws.onmessage = (m) => {
    let message: { type?: string } | null = null;
    try {
      message = JSON.parse(String(m.data)) as { type?: string };
    } catch {
      return;
    }
    if (message?.type === "changed")
      for (const l of [...listeners]) l(message as Changed);
  };
  ws.onclose = () => {
    socket = null;
    dropped = true;
    if (listeners.size === 0) return;
    retry = Math.min(retry + 1, 6);
    const cap =
      document.visibilityState === "visible"
        ? VISIBLE_RETRY_MAX_MS
        : HIDDEN_RETRY_MAX_MS;
    retryTimer = setTimeout(
      () => {
        retryTimer = null;
        connect();
      },
      Math.min(500 * 2 ** retry, cap),
    );
  };
}

onSessionChange(() => {
  const ws = socket;
  if (ws?.readyState === WebSocket.OPEN)
    ws.send(JSON.stringify({ type: "auth", token: sessionToken() ?? "" }));
});

/**
 * Calls `listener` with every change the feed reports (the offline machinery keeps the
 * browser's copy in step with it); returns the unsubscribe.
 */
export function onLiveChange(
  listener: (change: { scopes: readonly string[]; access: boolean }) => void,
): () => void {
  listeners.add(listener);
  connect();
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Calls `listener` each time the feed opens again after a drop — the hub is back (restarted,
 * or the link returned); returns the unsubscribe.
 */
export function onLiveReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => {
    reconnectListeners.delete(listener);
  };
}

/** Calls `onChange` when the feed reports news about the watched scopes (or any, with `any`). */
export function useLiveChanges(watch: Watch, onChange: () => void): void {
  const latest = useRef({ watch, onChange });
  latest.current = { watch, onChange };
  const active = Boolean(watch.any || watch.access || watch.scopes?.length);
  useEffect(() => {
    if (!active) return;
    const listener: Listener = (c) => {
      const w = latest.current.watch;
      // A change of what the key reads may change every page.
      if (w.any || c.access || c.scopes.some((s) => w.scopes?.includes(s)))
        latest.current.onChange();
    };
    listeners.add(listener);
    connect();
    return () => {
      listeners.delete(listener);
    };
  }, [active]);
}
