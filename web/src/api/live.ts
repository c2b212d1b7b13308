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
let socket: WebSocket | null = null;
let retry = 0;

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
    if (listeners.size === 0) return;
    retry = Math.min(retry + 1, 6);
    setTimeout(connect, 500 * 2 ** retry);
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
