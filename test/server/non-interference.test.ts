/**
 * Non-interference over HTTP and the live feed: two hubs whose logs differ only in scopes a
 * key may not read give that key byte-identical answers on every path, and byte-identical
 * live-feed frames. The hubs hold the same town; the second also holds a busier hospital —
 * ballots, comments, a motion, a stranger's join request — which a depot member, an outsider
 * and the coordinator (who reads councils, not assemblies) may not read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignedEvent } from "../../src/core/index.js";
import { generateKeyPair, type KeyPair } from "../../src/crypto/index.js";
import {
  act,
  get,
  type HubFixture,
  login,
  makeHub,
  post,
  signOnHub,
} from "./support/hub-fixture.js";

type WebSocket = Awaited<ReturnType<HubFixture["app"]["injectWS"]>>;

let quiet: HubFixture;
let busy: HubFixture;
/** Ids of the events only the busy hub holds. */
const extra: string[] = [];

beforeAll(async () => {
  quiet = await makeHub({ joinBurst: 1000 });
  busy = await makeHub({ joinBurst: 1000 });
  const t = busy.town;
  const stranger = generateKeyPair();
  for (const [key, type, payload] of [
    [t.n1, "ballot.cast", { motion: t.hospitalMotion, choice: { vote: "no" } }],
    [
      t.n1,
      "comment.posted",
      { motion: t.hospitalMotion, text: "the night rota", lang: "en" },
    ],
    [
      t.a2,
      "motion.opened",
      {
        kind: "resolution",
        title: { en: "Ward secret" },
        text: { en: "Who works the strike night" },
      },
    ],
    [stranger, "member.join-requested", { name: "Informer" }],
  ] as const) {
    const r = await act(busy.app, key, t.hospital, type, payload);
    expect(r.statusCode, r.body).toBe(201);
    for (const x of r.json().results) extra.push(x.id);
  }
});
afterAll(async () => {
  await quiet.close();
  await busy.close();
});

interface Operation {
  parameters: { name: string; in: string; schema: { pattern?: string } }[];
}

async function getPaths(): Promise<{ path: string; op: Operation }[]> {
  const doc = (await get(quiet.app, "/api/openapi.json")).json() as {
    paths: Record<string, Record<string, Operation>>;
  };
  // Sign-in challenges are fresh random nonces by design; every other GET reads the log.
  return Object.entries(doc.paths)
    .filter(
      ([path, ops]) =>
        ops.get && path !== "/api/live" && !path.startsWith("/api/auth/"),
    )
    .map(([path, ops]) => ({ path, op: ops.get! }));
}

/** Every id either hub holds, every key and member, and every scope. */
function ids(): string[] {
  const out = new Set<string>(extra);
  for (const f of [quiet, busy]) {
    const fold = f.hub.replica.fold;
    for (const id of fold.index.ids) out.add(id);
    for (const k of fold.index.keys) out.add(k);
  }
  return [...out].sort();
}

const READERS: readonly [string, (f: HubFixture) => KeyPair | null][] = [
  ["an outsider", () => null],
  ["a depot member", (f) => f.town.m2],
  ["the coordinator", (f) => f.town.f],
];

describe.each(READERS)("as %s", (_label, keyOf) => {
  it("every path answers byte for byte the same on both hubs", async () => {
    const key = keyOf(quiet);
    expect(keyOf(busy)).toEqual(key); // the town is built the same way
    const tokens = key
      ? [await login(quiet.app, key), await login(busy.app, key)]
      : [undefined, undefined];
    const scopes = quiet.hub.replica.fold.heldScopes();
    let compared = 0;
    for (const { path, op } of await getPaths()) {
      const hexQueries = op.parameters
        .filter((p) => p.in === "query" && p.schema.pattern?.includes("64"))
        .map((p) => p.name);
      const targets = path.includes("{id}") ? ids() : [null];
      const queries: (string | null)[] = [null];
      for (const q of hexQueries)
        for (const s of [...scopes, ...extra]) queries.push(`${q}=${s}`);
      for (const target of targets)
        for (const query of queries) {
          const url = `${target ? path.replace("{id}", target) : path}${query ? `?${query}` : ""}`;
          const [a, b] = await Promise.all([
            get(quiet.app, url, tokens[0]),
            get(busy.app, url, tokens[1]),
          ]);
          expect(
            { url, status: b.statusCode, body: b.body },
            "the busier hospital shows through",
          ).toEqual({ url, status: a.statusCode, body: a.body });
          compared++;
        }
    }
    expect(compared).toBeGreaterThan(100);
  });
});

it("a hospital member, who reads the hospital, does get different answers (the comparison has teeth)", async () => {
  const key = quiet.town.n1;
  const [ta, tb] = [await login(quiet.app, key), await login(busy.app, key)];
  const url = `/api/scopes/${quiet.town.hospital}/events`;
  const [a, b] = await Promise.all([
    get(quiet.app, url, ta),
    get(busy.app, url, tb),
  ]);
  expect(a.statusCode).toBe(200);
  expect(b.body).not.toBe(a.body);
  for (const id of extra) expect(b.body).toContain(id);
});

/** A socket signed in as `key`, recording the raw frames it receives. */
async function frames(
  f: HubFixture,
  key: KeyPair,
): Promise<{
  ws: WebSocket;
  raw: string[];
  settled(n: number): Promise<void>;
}> {
  const ws = await f.app.injectWS("/api/live");
  const raw: string[] = [];
  const waiters: { n: number; done(): void }[] = [];
  ws.on("message", (data: Buffer) => {
    raw.push(data.toString());
    for (const w of [...waiters])
      if (raw.length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done();
      }
  });
  const settled = (n: number) =>
    raw.length >= n
      ? Promise.resolve()
      : new Promise<void>((done) => waiters.push({ n, done }));
  ws.send(JSON.stringify({ type: "auth", token: await login(f.app, key) }));
  await settled(1);
  return { ws, raw, settled };
}

it("the live feed sends a depot member the same frames from both hubs, whatever the hospital does", async () => {
  const k = quiet.town.m2;
  const [a, b] = [await frames(quiet, k), await frames(busy, k)];
  // The same depot comment, signed once, reaches both hubs.
  const posted: SignedEvent[] = await signOnHub(
    quiet.app,
    k,
    quiet.town.depot,
    "comment.posted",
    { motion: quiet.town.depotMotion, text: "same on both", lang: "en" },
  );
  // Meanwhile the busy hospital moves on the busy hub only.
  const hospital = await act(
    busy.app,
    busy.town.n1,
    busy.town.hospital,
    "comment.posted",
    {
      motion: busy.town.hospitalMotion,
      text: "more of the night rota",
      lang: "en",
    },
  );
  expect(hospital.statusCode).toBe(201);
  for (const f of [quiet, busy])
    expect((await post(f.app, posted)).statusCode).toBe(201);
  await Promise.all([a.settled(2), b.settled(2)]);
  // A ping answered on both closes the comparison window: nothing else was sent before it.
  for (const s of [a, b]) s.ws.send(JSON.stringify({ type: "ping" }));
  await Promise.all([a.settled(3), b.settled(3)]);
  expect(b.raw).toEqual(a.raw);
  expect(a.raw.length).toBe(3);
  a.ws.terminate();
  b.ws.terminate();
});
