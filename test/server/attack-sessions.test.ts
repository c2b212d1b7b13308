/**
 * Attacks on signing in, against a real `kenges serve`: a seized phone's key revoked by its
 * member (its sessions, live socket and sync signature), a key forked by two holders, a sign-in relayed from another origin, and a flood of
 * sign-ins from self-made keys. Each was found to work against the hub before (issue 11):
 * a revoked key signed in and read its bodies; a proof for another origin was accepted when
 * relayed with that `Host`; 50,000 sign-ins from 256 keys logged a member out.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyProofMessage, signEvent } from "../../src/core/index.js";
import {
  generateKeyPair,
  type KeyPair,
  signEd25519,
  toHex,
} from "../../src/crypto/index.js";
import { installNodeCrypto } from "../../src/crypto/node.js";
import { Replica } from "../../src/replica/index.js";
import { hubAuthMessage } from "../../src/server/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import { httpTransport, SyncSource, syncWith } from "../../src/sync/index.js";
import { apiAct, apiGet, apiPost, keyOf } from "../e2e/support/hub-api.js";
import { type DemoPerson, kengesAsync } from "../e2e/support/hub-process.js";
import { type ServedHub, serveDemo } from "./support/serve-demo-process.js";

installNodeCrypto();

interface Answer {
  readonly status: number;
  readonly body: { code?: string; [k: string]: unknown };
  readonly headers: Record<string, string | string[] | undefined>;
  /** The certificate fingerprint the hub showed (https only). */
  readonly fingerprint: string | null;
}

/**
 * One request to the hub over node:http(s): unlike fetch it lets a test set `Host` (as a
 * relay would) and see the certificate (as a pinned client does). TLS is not verified by a
 * CA: the client reads the fingerprint itself.
 */
function call(
  base: string,
  path: string,
  options: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
    token?: string;
  } = {},
): Promise<Answer> {
  const url = new URL(path, base);
  const body =
    options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: options.method ?? "GET",
        headers,
        rejectUnauthorized: false,
      },
      (res) => {
        // Read while the connection is still the response's (it is gone by the end).
        const socket = res.socket as TLSSocket | null;
        const fingerprint =
          typeof socket?.getPeerCertificate === "function"
            ? (socket.getPeerCertificate().fingerprint256 ?? null)
            : null;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: Answer["body"] = {};
          try {
            parsed = JSON.parse(text) as Answer["body"];
          } catch {
            parsed = { text };
          }
          resolve({
            status: res.statusCode ?? 0,
            body: parsed,
            headers: res.headers,
            fingerprint,
          });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

interface Challenge {
  challenge: string;
  federation: string;
  hub: string;
}

async function challengeOf(base: string): Promise<Challenge> {
  const c = await call(base, "/api/auth/challenge");
  expect(c.status).toBe(200);
  return c.body as unknown as Challenge;
}

/** Signs in with `key` as a client would, binding `origin` (default: the hub's URL) and, if given, a fingerprint. */
async function signIn(
  base: string,
  key: KeyPair,
  options: {
    origin?: string;
    host?: string;
    fingerprint?: string;
    challenge?: Challenge;
  } = {},
): Promise<Answer> {
  const c = options.challenge ?? (await challengeOf(base));
  const origin = options.origin ?? new URL(base).origin;
  const signature = toHex(
    signEd25519(
      key.secretKey,
      hubAuthMessage({
        ...c,
        origin,
        fingerprint: options.fingerprint ?? null,
        key: toHex(key.publicKey),
      }),
    ),
  );
  return call(base, "/api/auth/session", {
    method: "POST",
    headers: options.host ? { host: options.host } : {},
    body: {
      key: toHex(key.publicKey),
      challenge: c.challenge,
      origin,
      ...(options.fingerprint ? { fingerprint: options.fingerprint } : {}),
      signature,
    },
  });
}

async function tokenOf(base: string, key: KeyPair): Promise<string> {
  const r = await signIn(base, key);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.token as string;
}

/** What the test needs of the `ws` package's client (it ships no types; as src/sync/transports/ws.ts). */
interface LiveSocket {
  on(event: "open", listener: () => void): void;
  on(event: "close", listener: (code: number) => void): void;
  on(event: "error", listener: (e: Error) => void): void;
  on(event: "message", listener: (data: Buffer) => void): void;
  send(data: string): void;
}

/** A live-feed socket signed in with a token; resolves once the hub greeted it as the key's member. */
async function liveSocket(
  base: string,
  token: string,
): Promise<{ closed: Promise<number> }> {
  // A name in a variable: the package has no types for TypeScript to find.
  const wsModule = "ws";
  const { WebSocket } = (await import(wsModule)) as {
    WebSocket: new (url: string) => LiveSocket;
  };
  const url = new URL("/api/live", base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(url.href);
  const closed = new Promise<number>((resolve) =>
    socket.on("close", (code) => resolve(code)),
  );
  await new Promise<void>((resolve, reject) => {
    socket.on("error", reject);
    socket.on("open", () =>
      socket.send(JSON.stringify({ type: "auth", token })),
    );
    socket.on("message", (data) => {
      const m = JSON.parse(data.toString("utf8")) as {
        type: string;
        member: string | null;
      };
      if (m.type === "hello" && m.member !== null) resolve();
    });
  });
  return { closed };
}

/** The first body a demo person belongs to, as the hub tells them. */
async function bodyOf(hub: ServedHub, person: DemoPerson): Promise<string> {
  const me = await apiGet<{ bodies: { id: string }[] }>(
    hub.url,
    "/api/me",
    person,
  );
  expect(me.bodies.length).toBeGreaterThan(0);
  return me.bodies[0]!.id;
}

/** Syncs a fresh replica from the hub as `key`; true when it received `body`'s scope. */
async function syncedBody(
  hub: ServedHub,
  key: KeyPair,
  body: string,
): Promise<boolean> {
  const replica = await Replica.open(await openSqliteStore(":memory:"));
  try {
    await syncWith(new SyncSource(replica), httpTransport(hub.url), {
      key,
      federation: hub.federation,
    });
    expect(replica.fold.has(hub.federation)).toBe(true);
    return replica.fold.has(body);
  } finally {
    await replica.close();
  }
}

function person(hub: ServedHub, label: string): DemoPerson {
  const p = hub.people.find((x) => x.label === label);
  if (!p) throw new Error(`no demo person ${label}`);
  return p;
}

describe("against `kenges serve` over HTTP", () => {
  let hub: ServedHub;
  beforeAll(async () => {
    // A small session table, so that a flood that could evict anyone would.
    hub = await serveDemo(["--max-sessions", "100"]);
  }, 180_000);
  afterAll(() => hub?.stop());

  it("a seized phone's key, revoked by its member: its session and live socket end with the revocation, and it cannot sign in again", async () => {
    const member = person(hub, "p5");
    const body = await bodyOf(hub, member);
    // The member's phone: a key of its own that acts for the member in their body.
    const phone = generateKeyPair();
    const proof = toHex(
      signEd25519(
        phone.secretKey,
        keyProofMessage(
          hub.federation,
          member.publicKey,
          toHex(phone.publicKey),
        ),
      ),
    );
    await apiAct(hub.url, member, body, "key.added", {
      key: toHex(phone.publicKey),
      proof,
    });
    const signedIn = await signIn(hub.url, phone);
    expect(signedIn.status).toBe(201);
    expect(signedIn.body.member).toBe(member.publicKey);
    const token = signedIn.body.token as string;
    expect((await call(hub.url, `/api/bodies/${body}`, { token })).status).toBe(
      200,
    );
    const live = await liveSocket(hub.url, token);
    // Syncing as the phone's key receives the member's body too.
    expect(await syncedBody(hub, phone, body)).toBe(true);

    // The phone is seized: the member revokes its key in the federation scope.
    await apiAct(hub.url, member, hub.federation, "key.revoked", {
      key: toHex(phone.publicKey),
      lastValidKseq: 0,
      proof,
    });

    const read = await call(hub.url, `/api/bodies/${body}`, { token });
    expect(read.status).toBe(401);
    expect(read.body.code).toBe("SESSION_UNKNOWN");
    expect((await call(hub.url, "/api/me", { token })).status).toBe(401);
    expect(await live.closed).toBe(4401);
    const again = await signIn(hub.url, phone);
    expect(again.status).toBe(401);
    expect(again.body.code).toBe("AUTH_KEY_REVOKED");
    expect(typeof again.body.message).toBe("string");
    // Nor does its signature on sync messages read anything an outsider could not.
    expect(await syncedBody(hub, phone, body)).toBe(false);
    // The member's own key is untouched.
    expect((await signIn(hub.url, keyOf(member))).status).toBe(201);
  });

  it("a key frozen by a fork (two events with one sequence number): its session and live socket end, and it cannot sign in again", async () => {
    const holder = person(hub, "p6");
    const key = keyOf(holder);
    const body = await bodyOf(hub, holder);
    const token = await tokenOf(hub.url, key);
    const live = await liveSocket(hub.url, token);
    type Frozen = { id: string; name: string; key: string; fromSeq: number };
    const page = await apiGet<{
      memberList: { id: string }[];
      frozenKeys: Frozen[];
    }>(hub.url, `/api/bodies/${body}`, holder);
    expect(page.frozenKeys).toEqual([]);
    // Another member of the body (say, its chair) reads the body page after the fork.
    const other = hub.people.find(
      (p) =>
        p.publicKey !== holder.publicKey &&
        page.memberList.some((m) => m.id === p.publicKey),
    )!;
    const heads = await apiGet<{
      federation: string;
      deps: string[];
      chain: { seq: number; id: string } | null;
      kseq: number | null;
    }>(hub.url, `/api/heads?scope=${body}`, holder);
    // Two holders of one key, each signing its next event: one sequence number, two events.
    const fork = [1, 2].map((n) =>
      signEvent(key, {
        federation: heads.federation,
        scope: body,
        seq: (heads.chain?.seq ?? 0) + 1,
        kseq: (heads.kseq ?? 0) + 1,
        prev: heads.chain?.id ?? null,
        deps: heads.deps.filter((d) => d !== heads.chain?.id).slice(0, 16),
        time: Date.now() + n,
        type: "heads.merged",
        payload: {},
      }),
    );
    expect(fork[0]!.id).not.toBe(fork[1]!.id);
    await apiPost(hub.url, [fork[0]!]);
    await apiPost(hub.url, [fork[1]!]);
    const read = await call(hub.url, "/api/me", { token });
    expect(read.status).toBe(401);
    expect(read.body.code).toBe("SESSION_UNKNOWN");
    expect(await live.closed).toBe(4401);
    const again = await signIn(hub.url, key);
    expect(again.status).toBe(401);
    expect(again.body.code).toBe("AUTH_KEY_FROZEN");
    const seen = await apiGet<{ frozenKeys: Frozen[] }>(
      hub.url,
      `/api/bodies/${body}`,
      other,
    );
    expect(seen.frozenKeys).toEqual([
      {
        id: holder.publicKey,
        name: expect.any(String),
        key: holder.publicKey,
        fromSeq: (heads.chain?.seq ?? 0) + 1,
      },
    ]);

    // The way back: the member makes a new key and asks, as an outsider may, to go on with it;
    // the body's members see the request and endorse it until enough have.
    const fresh = generateKeyPair();
    const outside = await apiGet<{ federation: string; deps: string[] }>(
      hub.url,
      `/api/heads?scope=${body}`,
    );
    const lastValidSeq = heads.chain?.seq ?? 0;
    const ask = signEvent(fresh, {
      federation: outside.federation,
      scope: body,
      seq: 1,
      kseq: 1,
      prev: null,
      deps: outside.deps,
      time: Date.now(),
      type: "key.rotation-requested",
      payload: { oldKey: holder.publicKey, lastValidSeq },
    });
    expect((await apiPost(hub.url, [ask])).invalid).toBeNull();
    type Asking = {
      id: string;
      request: string;
      oldKey: string;
      newKey: string;
      lastValidSeq: number;
      needed: number;
      endorsedBy: { id: string }[];
    };
    const asked = await apiGet<{ rotationRequests: Asking[] }>(
      hub.url,
      `/api/bodies/${body}`,
      other,
    );
    expect(asked.rotationRequests).toEqual([
      {
        id: holder.publicKey,
        name: expect.any(String),
        request: ask.id,
        oldKey: holder.publicKey,
        newKey: toHex(fresh.publicKey),
        lastValidSeq,
        needed: expect.any(Number),
        endorsedBy: [],
      },
    ]);
    const { needed } = asked.rotationRequests[0]!;
    const endorsers = page.memberList
      .map((m) => hub.people.find((p) => p.publicKey === m.id))
      .filter(
        (p): p is DemoPerson =>
          p !== undefined && p.publicKey !== holder.publicKey,
      )
      .slice(0, needed);
    expect(endorsers.length).toBe(needed);
    for (const [i, e] of endorsers.entries()) {
      // Each member counts once: the list grows by one with each endorsement, then the
      // request leaves it when the last one needed arrives.
      await apiAct(hub.url, e, body, "key.rotation-endorsed", {
        request: ask.id,
      });
      const now = await apiGet<{ rotationRequests: Asking[] }>(
        hub.url,
        `/api/bodies/${body}`,
        other,
      );
      if (i + 1 < needed)
        expect(now.rotationRequests[0]!.endorsedBy.map((x) => x.id)).toEqual(
          endorsers.slice(0, i + 1).map((x) => x.publicKey),
        );
      else expect(now.rotationRequests).toEqual([]);
    }
    // The new key acts for the member: it signs in, and reads the body as a member.
    expect((await signIn(hub.url, fresh)).status).toBe(201);
  });

  it("signing out ends the session and the live socket opened with it", async () => {
    const key = keyOf(person(hub, "p11"));
    const token = await tokenOf(hub.url, key);
    const live = await liveSocket(hub.url, token);
    const out = await call(hub.url, "/api/auth/session", {
      method: "DELETE",
      token,
    });
    expect(out.status).toBe(200);
    expect(await live.closed).toBe(4401);
    expect((await call(hub.url, "/api/me", { token })).body.code).toBe(
      "SESSION_UNKNOWN",
    );
  });

  it("a proof made for another origin is refused even when relayed with that Host", async () => {
    const key = keyOf(person(hub, "p7"));
    const port = new URL(hub.url).port;
    for (const [origin, host] of [
      ["https://evil.example", "evil.example"],
      [`http://evil.example:${port}`, `evil.example:${port}`],
      // A name the hub does not answer on, though it resolves to it.
      [`http://127.0.0.2:${port}`, `127.0.0.2:${port}`],
    ] as const) {
      const r = await signIn(hub.url, key, { origin, host });
      expect(r.status, origin).toBe(401);
      expect(r.body.code, origin).toBe("AUTH_ORIGIN_MISMATCH");
    }
    // The hub's own origins, by any of its loopback names, work.
    expect((await signIn(hub.url, key)).status).toBe(201);
    expect(
      (await signIn(hub.url, key, { origin: `http://localhost:${port}` }))
        .status,
    ).toBe(201);
    // Without TLS there is no certificate a proof could be bound to.
    const bound = await signIn(hub.url, key, {
      fingerprint: `${"AB:".repeat(31)}AB`,
    });
    expect(bound.status).toBe(401);
    expect(bound.body.code).toBe("AUTH_FINGERPRINT_MISMATCH");
  });

  it("a flood of sign-ins from self-made keys on one address neither evicts a member's session nor locks members out", async () => {
    const member = keyOf(person(hub, "p8"));
    const token = await tokenOf(hub.url, member);
    // A challenge the member asked for before the flood, signed after it.
    const waiting = await challengeOf(hub.url);
    const keys = Array.from({ length: 300 }, () => generateKeyPair());
    const outcomes = new Map<string, number>();
    const tokens: { key: number; token: string }[] = [];
    let withoutRetryAfter = 0;
    const attempts = keys.flatMap((_, k) =>
      Array.from({ length: 10 }, () => k),
    );
    let next = 0;
    // Sixteen at a time from this one address, 3,000 sign-ins in all.
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < attempts.length) {
          const k = attempts[next++]!;
          const r = await signIn(hub.url, keys[k]!);
          const label = `${r.status} ${r.body.code ?? "session"}`;
          outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
          if (r.status === 201)
            tokens.push({ key: k, token: r.body.token as string });
          else if (r.headers["retry-after"] === undefined) withoutRetryAfter++;
        }
      }),
    );
    // Nearly every attempt was refused with a code and a time to come back: the address's
    // budget for keys that act for no member is a few dozen sign-ins, however many keys.
    for (const label of outcomes.keys())
      expect(["201 session", "429 RATE_LIMITED", "503 AUTH_BUSY"]).toContain(
        label,
      );
    expect(withoutRetryAfter).toBe(0);
    expect(outcomes.get("201 session") ?? 0).toBeLessThan(200);
    // Of the sessions they got, self-made keys hold at most their share of the table (a
    // fifth of 100), and each key at most 8 (its own oldest went).
    const alive: { key: number; token: string }[] = [];
    for (const t of tokens)
      if ((await call(hub.url, "/api/me", { token: t.token })).status !== 401)
        alive.push(t);
    expect(alive.length).toBeLessThanOrEqual(20);
    for (const k of new Set(tokens.map((t) => t.key)))
      expect(alive.filter((t) => t.key === k).length).toBeLessThanOrEqual(8);

    // The member's session still works, the challenge asked for before the flood still
    // works, and members — this one and one who never signed in — sign in from the same
    // address as the flood.
    expect((await call(hub.url, "/api/me", { token })).status).toBe(200);
    expect((await signIn(hub.url, member, { challenge: waiting })).status).toBe(
      201,
    );
    expect((await signIn(hub.url, keyOf(person(hub, "p9")))).status).toBe(201);
  }, 300_000);
});

describe("against `kenges serve --tls`", () => {
  let hub: ServedHub;
  beforeAll(async () => {
    hub = await serveDemo(["--tls"]);
  }, 180_000);
  afterAll(() => hub?.stop());

  it("a client that sees the certificate binds its fingerprint; a proof bound to another certificate or relayed from another origin is refused", async () => {
    const key = keyOf(person(hub, "p10"));
    const seen = (await call(hub.url, "/api/hub")).fingerprint;
    expect(seen).toBe(hub.fingerprint);
    // Bound to the certificate this client saw: accepted.
    const pinned = await signIn(hub.url, key, { fingerprint: seen! });
    expect(pinned.status).toBe(201);
    // A relay shows its own certificate: a proof bound to it is worthless here.
    const relayed = await signIn(hub.url, key, {
      fingerprint: `${"0F:".repeat(31)}0F`,
    });
    expect(relayed.status).toBe(401);
    expect(relayed.body.code).toBe("AUTH_FINGERPRINT_MISMATCH");
    // A browser's proof for another origin, relayed with that Host: refused.
    const browser = await signIn(hub.url, key, {
      origin: "https://evil.example",
      host: "evil.example",
    });
    expect(browser.status).toBe(401);
    expect(browser.body.code).toBe("AUTH_ORIGIN_MISMATCH");
    // A browser on the hub's own https origin: accepted.
    expect((await signIn(hub.url, key)).status).toBe(201);
  });
});

describe("against `kenges serve --origin`", () => {
  let hub: ServedHub;
  beforeAll(async () => {
    hub = await serveDemo(["--origin", "https://hub.example"]);
  }, 180_000);
  afterAll(() => hub?.stop());

  it("takes sign-ins bound to the configured origin, and only those", async () => {
    const key = keyOf(person(hub, "p12"));
    expect(
      (await signIn(hub.url, key, { origin: "https://hub.example" })).status,
    ).toBe(201);
    const loopback = await signIn(hub.url, key);
    expect(loopback.status).toBe(401);
    expect(loopback.body.code).toBe("AUTH_ORIGIN_MISMATCH");
  });

  it("refuses an --origin that is not one", async () => {
    const r = await kengesAsync([
      "serve",
      "--port",
      "0",
      "--origin",
      "https://hub.example/path",
      "--data",
      "/nonexistent",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kenges: FLAG_INVALID: /);
  });
});
