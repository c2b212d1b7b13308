/**
 * Memory under attack, against a real `kenges serve`: hostile sync sockets past the caps are
 * refused with a code (per address and in all), sockets that hold too many received bytes —
 * alone or together — are closed with a code, and everything is given back when they close,
 * so the hub takes new sockets again. (How much memory this saves is measured in
 * bench/hub/memory.ts, never asserted here.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRawWebSocket, type RawWebSocket } from "./support/raw-client.js";
import { type ServedHub, serveDemo } from "./support/serve-demo-process.js";

const SYNC_WS = "/api/sync/ws";
const TOTAL = 10;
const PER_ADDRESS = 4;
const LIVE_PER_ADDRESS = 3;

/** A frame of an unfinished sync message (flag byte 0), 4,000 bytes as the framing allows. */
const PART = new Uint8Array(4000);

let hub: ServedHub;
const open: RawWebSocket[] = [];

beforeAll(async () => {
  hub = await serveDemo([
    "--sync-sockets",
    String(TOTAL),
    "--sync-sockets-per-address",
    String(PER_ADDRESS),
    "--sync-buffered-bytes",
    String(1_048_576),
    "--live-sockets-per-address",
    String(LIVE_PER_ADDRESS),
  ]);
}, 120_000);

afterAll(async () => {
  for (const s of open) s.destroy();
  await hub?.stop();
});

async function socketFrom(address: string): Promise<RawWebSocket> {
  const s = await openRawWebSocket(hub.port, SYNC_WS, address);
  open.push(s);
  return s;
}

/** Closes sockets and waits until the hub has seen every one of them close. */
async function closeAll(sockets: RawWebSocket[]): Promise<void> {
  for (const s of sockets) s.destroy();
  await Promise.all(sockets.map((s) => s.closed));
}

/** Opens sockets from an address until one is admitted (the hub frees closed ones as it sees them). */
async function admittedFrom(address: string): Promise<RawWebSocket> {
  for (;;) {
    const s = await socketFrom(address);
    if (s.status === 101) return s;
    await new Promise((r) => setImmediate(r));
  }
}

describe("hostile sync sockets", () => {
  it("past the cap per address are refused with SYNC_SOCKETS_FULL, and others still come in", async () => {
    const mine: RawWebSocket[] = [];
    for (let i = 0; i < PER_ADDRESS; i++)
      mine.push(await socketFrom("127.0.0.1"));
    expect(mine.map((s) => s.status)).toEqual(Array(PER_ADDRESS).fill(101));
    const refused = await socketFrom("127.0.0.1");
    expect(refused.status).toBe(503);
    expect(refused.refusal).toMatchObject({
      code: "SYNC_SOCKETS_FULL",
      details: { reason: "address", limit: PER_ADDRESS },
    });
    // Another address is not shut out by this one's sockets.
    const other = await socketFrom("127.0.0.2");
    expect(other.status).toBe(101);
    await closeAll([...mine, other]);
    // Given back: the address may open its full share again.
    const again = [await admittedFrom("127.0.0.1")];
    for (let i = 1; i < PER_ADDRESS; i++)
      again.push(await socketFrom("127.0.0.1"));
    expect(again.map((s) => s.status)).toEqual(Array(PER_ADDRESS).fill(101));
    await closeAll(again);
  }, 120_000);

  it("past the total cap are refused from any address, until some close", async () => {
    const held: RawWebSocket[] = [];
    // Many addresses, each under its own cap, together at the total.
    for (let i = 0; held.length < TOTAL; i++) {
      const s = await admittedFrom(`127.0.1.${10 + i}`);
      held.push(s);
    }
    const refused = await socketFrom("127.0.2.1");
    expect(refused.status).toBe(503);
    expect(refused.refusal).toMatchObject({
      code: "SYNC_SOCKETS_FULL",
      details: { reason: "sockets", limit: TOTAL },
    });
    await closeAll(held.splice(0, 3));
    const admitted = await admittedFrom("127.0.2.1");
    expect(admitted.status).toBe(101);
    await closeAll([...held, admitted]);
  }, 120_000);

  it("sockets holding the hub's total of received bytes are closed with SYNC_SOCKETS_FULL, and it is given back", async () => {
    // Two sockets hold 400 kB each of unfinished messages (the pong proves the hub read them).
    const a = await admittedFrom("127.0.4.1");
    const b = await admittedFrom("127.0.4.2");
    for (let i = 0; i < 100; i++) {
      a.send(PART);
      b.send(PART);
    }
    await a.ping();
    await b.ping();
    // A third, under its own share, passes the hub's 1 MiB in all.
    const c = await admittedFrom("127.0.4.3");
    for (let i = 0; i < 100 && !c.isClosed(); i++) c.send(PART);
    expect(await c.closed).toEqual({ code: 1013, reason: "SYNC_SOCKETS_FULL" });
    expect(a.isClosed() || b.isClosed()).toBe(false);
    // Closing the two gives their bytes back: a new socket holds as much again.
    await closeAll([a, b]);
    let d: RawWebSocket;
    for (;;) {
      d = await admittedFrom("127.0.4.4");
      for (let i = 0; i < 100 && !d.isClosed(); i++) d.send(PART);
      const pong = await d.ping().then(
        () => true,
        () => false,
      );
      if (pong) break;
    }
    expect(d.isClosed()).toBe(false);
    await closeAll([d]);
  }, 120_000);
});

describe("hostile live-feed sockets", () => {
  /** True when the hub still answers a ping on the socket (it is open and served). */
  const isServed = (s: RawWebSocket) =>
    s.ping().then(
      () => true,
      () => false,
    );

  it("past the cap per address are closed with HUB_BUSY, and their places are given back", async () => {
    const mine: RawWebSocket[] = [];
    for (let i = 0; i < LIVE_PER_ADDRESS; i++)
      mine.push(await openRawWebSocket(hub.port, "/api/live", "127.0.5.1"));
    for (const s of mine) expect(await isServed(s)).toBe(true);
    const over = await openRawWebSocket(hub.port, "/api/live", "127.0.5.1");
    expect(await over.closed).toEqual({ code: 1013, reason: "HUB_BUSY" });
    // Another address behind it is still served.
    const other = await openRawWebSocket(hub.port, "/api/live", "127.0.5.2");
    expect(await isServed(other)).toBe(true);
    open.push(...mine, over, other);
    await closeAll([...mine, other]);
    // The address's places come back as the hub sees its sockets close.
    for (;;) {
      const again = await openRawWebSocket(hub.port, "/api/live", "127.0.5.1");
      open.push(again);
      if (await isServed(again)) break;
    }
  }, 120_000);
});

describe("one hostile sync socket on a hub with the default caps", () => {
  let own: ServedHub;
  beforeAll(async () => {
    own = await serveDemo();
  }, 120_000);
  afterAll(async () => {
    await own?.stop();
  });

  it("a socket dripping one endless message is closed at its share with SYNC_MESSAGE_TOO_LARGE", async () => {
    const s = await openRawWebSocket(own.port, SYNC_WS, "127.0.3.1");
    expect(s.status).toBe(101);
    // 8 MiB and a frame is a socket's share; this sends past it and never ends the message.
    for (
      let sent = 0;
      sent < 8 * 1024 * 1024 + 8000 && !s.isClosed();
      sent += PART.length
    )
      s.send(PART);
    expect(await s.closed).toEqual({
      code: 1009,
      reason: "SYNC_MESSAGE_TOO_LARGE",
    });
  }, 120_000);
});
