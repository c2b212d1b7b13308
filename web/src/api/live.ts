/**
 * @module The live feed: one WebSocket per page, signed in with the session token, that says
 * which bodies and calls changed; pages reload what they show. Reconnects after a drop.
 */
import { useEffect, useRef } from "react";
import { onSessionChange, sessionToken } from "./client.js";

interface Changed {
  readonly type: "changed";
  readonly bodies: readonly string[];
  readonly calls: readonly string[];
  readonly me: boolean;
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

/** Calls `onChange` when the feed reports news about the watched bodies or calls (or any, with `any`). */
export function useLiveChanges(
  watch: {
    bodies?: readonly string[];
    calls?: readonly string[];
    any?: boolean;
    me?: boolean;
  },
  onChange: () => void,
): void {
  const latest = useRef({ watch, onChange });
  latest.current = { watch, onChange };
  const active = Boolean(
    watch.any || watch.me || watch.bodies?.length || watch.calls?.length,
  );
  useEffect(() => {
    if (!active) return;
    const listener: Listener = (c) => {
      const w = latest.current.watch;
      if (
        w.any ||
        (w.me && c.me) ||
        c.bodies.some((b) => w.bodies?.includes(b)) ||
        c.calls.some((x) => w.calls?.includes(x))
      )
        latest.current.onChange();
    };
    listeners.add(listener);
    connect();
    return () => {
      listeners.delete(listener);
    };
  }, [active]);
}
