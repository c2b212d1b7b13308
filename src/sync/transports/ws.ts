/**
 * @module Sync over WebSocket: the same messages as HTTP, one request then its answer on a
 * long-lived socket (a hub keeps one open to each peer). A message travels as frames of at
 * most 4,000 bytes — one flag byte (1 on the last frame) then the part — so it passes any
 * server's frame limit; the reassembled message is held to the budget's size.
 */

import type { PeerAddress, SyncResponder } from "../responder.js";
import type { SocketTicket } from "../socket-gate.js";
import { type SyncError, SyncFailure, syncFail } from "../sync-error.js";
import type { SyncTransport } from "../transport.js";
import {
  pinnedCertificate,
  pinnedFingerprint,
  pinnedTlsOptions,
  withoutPin,
} from "./pinned-tls.js";

/** The path of the WebSocket sync endpoint on a hub. */
export const SYNC_WS_PATH = "/api/sync/ws";
/** Largest frame sent (flag byte included). */
export const WS_FRAME_BYTES = 4000;

/** The frames of one message. */
export function framesOf(message: Uint8Array): Uint8Array[] {
  const part = WS_FRAME_BYTES - 1;
  const out: Uint8Array[] = [];
  for (let at = 0; at === 0 || at < message.length; at += part) {
    const chunk = message.subarray(at, at + part);
    const frame = new Uint8Array(chunk.length + 1);
    frame[0] = at + part >= message.length ? 1 : 0;
    frame.set(chunk, 1);
    out.push(frame);
  }
  return out;
}

/** Joins frames back into messages; fails past `maxBytes`. */
export class FrameAssembler {
  private parts: Uint8Array[] = [];
  private size = 0;

  constructor(private readonly maxBytes: number) {}

  /** Adds a frame; returns the whole message when this frame ends one. */
  push(frame: Uint8Array): Uint8Array | null {
    if (frame.length < 1 || frame.length > WS_FRAME_BYTES || frame[0]! > 1)
      syncFail("SYNC_MESSAGE_MALFORMED", { part: "frame", reason: "frame" });
    this.size += frame.length - 1;
    if (this.size > this.maxBytes)
      syncFail("SYNC_MESSAGE_TOO_LARGE", {
        size: this.size,
        limit: this.maxBytes,
      });
    this.parts.push(frame.subarray(1));
    if (frame[0] !== 1) return null;
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    this.parts = [];
    this.size = 0;
    return out;
  }
}

/** What the transports need of a WebSocket (the `ws` package's and the browser's both fit). */
export interface SocketLike {
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  /** Bytes sent but not yet taken by the peer (both kinds of socket have it). */
  readonly bufferedAmount?: number;
  on(
    event: "message",
    listener: (
      data: Buffer | ArrayBuffer | Buffer[],
      isBinary?: boolean,
    ) => void,
  ): void;
  on(event: "close", listener: () => void): void;
  on(event: "error", listener: (e: Error) => void): void;
}

function bytesOf(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return new Uint8Array(data as ArrayBuffer);
}

/**
 * WebSocket close codes for a socket the hub ends: 1009 "message too big" when the socket
 * holds more than its share, 1013 "try again later" when the hub as a whole is full, 1008
 * "policy" for frames no client sends. The reason is the stable code, never the peer's bytes.
 */
function closeCodeOf(error: SyncError): number {
  if (error.code === "SYNC_SOCKETS_FULL") return 1013;
  if (error.code === "SYNC_MESSAGE_TOO_LARGE") return 1009;
  return 1008;
}

/**
 * Serves sync on one accepted socket: each message is answered in turn. With a ticket
 * (socket-gate.ts), every received byte is held on it until its message is answered, and the
 * socket is closed with a code when it or the hub would hold too much; closing gives all back.
 */
export function serveSocket(
  socket: SocketLike,
  responder: SyncResponder,
  from: PeerAddress,
  maxBytes: number,
  ticket?: SocketTicket,
): void {
  const assembler = new FrameAssembler(maxBytes);
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  /** Bytes of the message being assembled. */
  let assembling = 0;
  const end = (error: SyncError) => {
    if (closed) return;
    closed = true;
    ticket?.close();
    socket.close(closeCodeOf(error), error.code);
  };
  socket.on("message", (data) => {
    if (closed) return;
    const frame = bytesOf(data);
    const refused = ticket?.hold(frame.length) ?? null;
    if (refused !== null) return end(refused);
    assembling += frame.length;
    let message: Uint8Array | null;
    try {
      message = assembler.push(frame);
    } catch (e) {
      return end(
        e instanceof SyncFailure
          ? e.error
          : { code: "SYNC_MESSAGE_MALFORMED", details: {} },
      );
    }
    if (message === null) return;
    const m = message;
    const size = assembling;
    assembling = 0;
    chain = chain
      .then(async () => {
        if (closed) return;
        const answer = await responder.handle(m, from);
        if (closed) return;
        for (const f of framesOf(answer.body)) socket.send(f);
        ticket?.free(size);
        // A peer that asks and never reads would grow the hub's send buffer without end.
        if ((socket.bufferedAmount ?? 0) > maxBytes)
          end({
            code: "SYNC_MESSAGE_TOO_LARGE",
            details: { size: socket.bufferedAmount, limit: maxBytes },
          });
      })
      .catch(() => end({ code: "SYNC_PEER_ERROR", details: {} }));
  });
  socket.on("close", () => {
    closed = true;
    ticket?.close();
  });
  socket.on("error", () =>
    end({ code: "SYNC_MESSAGE_MALFORMED", details: {} }),
  );
}

interface WsModule {
  WebSocket: new (
    url: string,
    options?: {
      maxPayload?: number;
      ca?: string;
      checkServerIdentity?: ReturnType<
        typeof pinnedTlsOptions
      >["checkServerIdentity"];
    },
  ) => SocketLike & {
    once(event: "open" | "error", l: (e?: Error) => void): void;
  };
}

/**
 * A client transport over one WebSocket to a hub (`ws://` or `wss://`, or an http URL); a
 * `?fp=` fingerprint pins the hub's own certificate, as for HTTP (pinned-tls.ts).
 */
export async function wsTransport(
  hub: string,
  options: { readonly maxBytes?: number } = {},
): Promise<SyncTransport> {
  const given = new URL(hub);
  const secure = given.protocol === "https:" || given.protocol === "wss:";
  const fingerprint = secure ? pinnedFingerprint(given) : null;
  const url = withoutPin(given);
  if (url.protocol === "http:") url.protocol = "ws:";
  if (url.protocol === "https:") url.protocol = "wss:";
  const pinned =
    fingerprint === null
      ? {}
      : pinnedTlsOptions(
          url,
          fingerprint,
          await pinnedCertificate(url, fingerprint),
        );
  if (!url.pathname.endsWith(SYNC_WS_PATH))
    url.pathname = `${url.pathname.replace(/\/+$/, "")}${SYNC_WS_PATH}`;
  const moduleName = "ws";
  const { WebSocket } = (await import(moduleName)) as WsModule;
  const socket = new WebSocket(url.toString(), {
    maxPayload: WS_FRAME_BYTES * 2,
    ...pinned,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", (e) =>
      reject(Object.assign(new Error("unreachable"), { cause: e })),
    );
  }).catch((e: Error) =>
    syncFail("SYNC_PEER_UNREACHABLE", {
      url: url.toString(),
      reason: e.cause instanceof Error ? e.cause.message : e.message,
    }),
  );
  const assembler = new FrameAssembler(options.maxBytes ?? 8 * 1024 * 1024);
  let waiting: {
    resolve(b: Uint8Array): void;
    reject(e: unknown): void;
  } | null = null;
  let closed = false;
  socket.on("message", (data) => {
    try {
      const message = assembler.push(bytesOf(data));
      if (message !== null && waiting) {
        const w = waiting;
        waiting = null;
        w.resolve(message);
      }
    } catch (e) {
      waiting?.reject(e);
      waiting = null;
      socket.close();
    }
  });
  socket.on("close", () => {
    closed = true;
    waiting?.reject(new Error("closed"));
    waiting = null;
  });
  socket.on("error", () => undefined);
  return {
    exchange(message) {
      if (closed) return Promise.reject(new Error("closed"));
      return new Promise<Uint8Array>((resolve, reject) => {
        waiting = { resolve, reject };
        for (const f of framesOf(message)) socket.send(f);
      }).catch((e) => {
        if (e instanceof Error && e.message === "closed")
          syncFail("SYNC_PEER_UNREACHABLE", {
            url: url.toString(),
            reason: "closed",
          });
        throw e;
      });
    },
    async close() {
      if (!closed) socket.close();
    },
  };
}
