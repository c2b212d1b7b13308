/**
 * An attacker's client: raw TCP (node:net) for HTTP requests no well-behaved library would
 * send, and a bare WebSocket (handshake and frames written by hand) that can drip frames,
 * hold messages open and watch for the hub's close frame.
 */
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Everything the hub sent, head and body. */
  readonly raw: string;
}

function parseHead(head: string): {
  status: number;
  headers: Record<string, string>;
} {
  const [line, ...rest] = head.split("\r\n");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(line ?? "")?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const h of rest) {
    const i = h.indexOf(":");
    if (i > 0)
      headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  return { status, headers };
}

/**
 * Sends bytes on a fresh connection and reads the hub's answer (until it closes the
 * connection, or the body its content-length announces has come).
 */
export function rawRequest(
  port: number,
  bytes: string | Buffer,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    let got = Buffer.alloc(0);
    let done = false;
    const finish = () => {
      if (done) return;
      const text = got.toString("latin1");
      const end = text.indexOf("\r\n\r\n");
      if (end < 0) return;
      const { status, headers } = parseHead(text.slice(0, end));
      const body = got.subarray(end + 4);
      const length = Number(headers["content-length"] ?? Number.NaN);
      if (Number.isFinite(length) && body.length < length) return;
      done = true;
      socket.destroy();
      resolve({
        status,
        headers,
        body: body.toString("utf8"),
        raw: got.toString("utf8"),
      });
    };
    socket.on("data", (d: Buffer) => {
      got = Buffer.concat([got, d]);
      finish();
    });
    socket.on("end", () => {
      finish();
      if (!done) reject(new Error(`no answer: ${got.toString("latin1")}`));
    });
    // The hub may close while the rest of a huge request is still being written.
    socket.on("error", () => {
      finish();
      if (!done) reject(new Error(`connection failed: ${got.toString()}`));
    });
    socket.write(bytes);
  });
}

/** How the hub closed a socket: the WebSocket close code and reason, or null for a bare TCP close. */
export type Closed = { readonly code: number; readonly reason: string } | null;

export interface RawWebSocket {
  /** The upgrade's answer: 101, or the hub's HTTP error. */
  readonly status: number;
  /** The JSON body of a refused upgrade. */
  readonly refusal: { code: string; details: Record<string, unknown> } | null;
  /** Resolves when the hub closes the socket. */
  readonly closed: Promise<Closed>;
  isClosed(): boolean;
  /** Sends one binary frame (masked, as a client must). */
  send(payload: Uint8Array): void;
  /** Sends a ping and resolves on its pong: every frame sent before it has been read. */
  ping(): Promise<void>;
  /** Closes the TCP connection. */
  destroy(): void;
}

function frame(opcode: number, payload: Uint8Array): Buffer {
  const mask = randomBytes(4);
  const n = payload.length;
  const head =
    n < 126
      ? Buffer.from([0x80 | opcode, 0x80 | n])
      : n < 65536
        ? Buffer.from([0x80 | opcode, 0x80 | 126, n >> 8, n & 255])
        : (() => {
            const b = Buffer.alloc(10);
            b[0] = 0x80 | opcode;
            b[1] = 0x80 | 127;
            b.writeBigUInt64BE(BigInt(n), 2);
            return b;
          })();
  const body = Buffer.alloc(n);
  for (let i = 0; i < n; i++) body[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([head, mask, body]);
}

/** Opens a WebSocket to `path` by hand, from `localAddress` (any 127.x.y.z on Linux). */
export function openRawWebSocket(
  port: number,
  path: string,
  localAddress = "127.0.0.1",
): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: "127.0.0.1", port, localAddress });
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    let closedState = false;
    let resolveClosed: (c: Closed) => void = () => {};
    const closed = new Promise<Closed>((r) => {
      resolveClosed = (c) => {
        closedState = true;
        r(c);
      };
    });
    const pongs: (() => void)[] = [];
    const api = (status: number, refusal: RawWebSocket["refusal"]) => ({
      status,
      refusal,
      closed,
      isClosed: () => closedState,
      send: (payload: Uint8Array) => {
        if (!socket.destroyed) socket.write(frame(2, payload));
      },
      ping: () =>
        new Promise<void>((r, j) => {
          pongs.push(r);
          socket.write(frame(9, new Uint8Array(0)));
          void closed.then(() => j(new Error("closed before the pong")));
        }),
      destroy: () => socket.destroy(),
    });
    const readFrames = () => {
      while (buffer.length >= 2) {
        const opcode = buffer[0]! & 15;
        let n = buffer[1]! & 127;
        let at = 2;
        if (n === 126) {
          if (buffer.length < 4) return;
          n = buffer.readUInt16BE(2);
          at = 4;
        } else if (n === 127) {
          if (buffer.length < 10) return;
          n = Number(buffer.readBigUInt64BE(2));
          at = 10;
        }
        if (buffer.length < at + n) return;
        const payload = buffer.subarray(at, at + n);
        buffer = buffer.subarray(at + n);
        if (opcode === 8)
          resolveClosed({
            code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005,
            reason: payload.subarray(2).toString("utf8"),
          });
        else if (opcode === 10) pongs.shift()?.();
      }
    };
    socket.on("data", (d: Buffer) => {
      buffer = Buffer.concat([buffer, d]);
      if (!upgraded) {
        const text = buffer.toString("latin1");
        const end = text.indexOf("\r\n\r\n");
        if (end < 0) return;
        const { status, headers } = parseHead(text.slice(0, end));
        if (status !== 101) {
          const length = Number(headers["content-length"] ?? 0);
          const body = buffer.subarray(end + 4);
          if (body.length < length) return;
          socket.destroy();
          resolveClosed(null);
          resolve(
            api(status, JSON.parse(body.subarray(0, length).toString("utf8"))),
          );
          return;
        }
        upgraded = true;
        buffer = buffer.subarray(end + 4);
        resolve(api(101, null));
      }
      readFrames();
    });
    socket.on("close", () => resolveClosed(null));
    socket.on("error", (e) => {
      if (!upgraded) reject(e);
    });
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}
