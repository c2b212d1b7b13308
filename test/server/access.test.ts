/**
 * Receiving is reading: every HTTP path, attacked with every id the town holds (and one it
 * does not), as an outsider, an outsider with a key, a member of a sibling assembly (the depot
 * against the hospital, the hospital against the depot), and the coordinator (who reads every
 * council and no assembly). For each answer:
 *  - anything in a scope the viewer may not read — a body, motion, call, demand or any event
 *    there, or a member no readable scope knows — is answered exactly as a thing that does not
 *    exist: same status, same body but for the id asked about;
 *  - no answer holds an id, a key or a name that lives only in scopes the viewer may not read
 *    (computed from the events themselves: what is in a readable scope is the viewer's to
 *    receive anyway — a card, a claim, a cited id).
 * The paths come from the OpenAPI document, so a new route is attacked as soon as it exists.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignedEvent } from "../../src/core/index.js";
import { signEvent } from "../../src/core/index.js";
import {
  type CanonicalValue,
  decodeCanonical,
  generateKeyPair,
  type KeyPair,
} from "../../src/crypto/index.js";
import {
  get,
  type HubFixture,
  headsFor,
  idOfKey,
  login,
  makeHub,
  post,
} from "./support/hub-fixture.js";

let f: HubFixture;
beforeAll(async () => {
  f = await makeHub({ joinBurst: 1000, keyBurst: 100_000 });
});
afterAll(() => f.close());

/** An id no scope holds. */
const NOWHERE = "ab".repeat(32);

const NAME_KEYS = new Set(["name", "title", "text", "founderName", "note"]);
const HEX = /^[0-9a-f]{64}$/;

/** The ids, keys and names an event carries: its id, scope, author, and payload strings. */
function stringsOf(e: SignedEvent, scope: string): Set<string> {
  const out = new Set([
    e.id,
    scope,
    Buffer.from(e.envelope.author).toString("hex"),
  ]);
  const walk = (v: CanonicalValue | undefined, named: boolean) => {
    if (typeof v === "string") {
      if (HEX.test(v) || (named && v.length >= 4)) out.add(v);
    } else if (Array.isArray(v)) for (const x of v) walk(x, named);
    else if (v !== null && typeof v === "object" && !(v instanceof Uint8Array))
      for (const [k, x] of Object.entries(v))
        walk(x as CanonicalValue, named || NAME_KEYS.has(k));
  };
  if (e.payloadBytes !== null) {
    const d = decodeCanonical(e.payloadBytes);
    if (d.ok) walk(d.value, false);
  }
  return out;
}

/** What lives only in scopes outside `reads`. */
function secretsFor(reads: ReadonlySet<string>): Set<string> {
  const fold = f.hub.replica.fold;
  const inside = new Set<string>();
  const outside = new Set<string>();
  for (const e of f.town.t.events) {
    const scope = fold.scopeOf(e.id)!;
    for (const s of stringsOf(e, scope))
      (reads.has(scope) ? inside : outside).add(s);
  }
  for (const s of inside) outside.delete(s);
  return outside;
}

/** Sorts every array of strings, so answers that list ids in id order compare equal. */
function normal(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(normal);
    return items.every((x) => typeof x === "string")
      ? [...items].sort()
      : items;
  }
  if (v !== null && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, normal(x)]),
    );
  return v;
}

interface Viewer {
  readonly label: string;
  readonly key: KeyPair | null;
}

/** Who attacks: a label and the key (made once the town exists). */
const VIEWERS: readonly [string, () => KeyPair | null][] = [
  ["an outsider", () => null],
  ["an outsider with a key", () => generateKeyPair()],
  ["a depot member (sibling of the hospital)", () => f.town.m2],
  ["a hospital member (sibling of the depot)", () => f.town.n1],
  ["the coordinator (councils, no assemblies)", () => f.town.f],
];

/** Every id worth asking about: events (bodies, motions, calls, demands among them), keys, members. */
function candidates(): string[] {
  const fold = f.hub.replica.fold;
  const out = new Set<string>(fold.index.ids);
  for (const e of f.town.t.events)
    out.add(Buffer.from(e.envelope.author).toString("hex"));
  for (const m of fold.state.memberships.values()) out.add(m.member);
  return [...out].sort();
}

/** True when the thing an id names lies outside what the viewer reads. */
function isUnreadable(id: string, reads: ReadonlySet<string>): boolean {
  const fold = f.hub.replica.fold;
  const scope = fold.scopeOf(id);
  if (scope !== null) return !reads.has(scope);
  // A member (or key): known to the viewer only through a readable scope's records.
  const s = fold.state;
  for (const r of reads) {
    if (s.members.has(`${r} ${id}`) || s.memberships.has(`${r} ${id}`))
      return false;
    if (s.delegates.has(`${r} ${id}`)) return false;
  }
  return true;
}

interface Operation {
  parameters: { name: string; in: string; schema: { pattern?: string } }[];
}

async function getPaths(): Promise<{ path: string; op: Operation }[]> {
  const doc = (await get(f.app, "/api/openapi.json")).json() as {
    paths: Record<string, Record<string, Operation>>;
  };
  const out: { path: string; op: Operation }[] = [];
  for (const [path, ops] of Object.entries(doc.paths))
    if (ops.get && path !== "/api/live" && path !== "/api/openapi.json")
      out.push({ path, op: ops.get });
  return out;
}

describe.each(VIEWERS)("every path, as %s", (label, make) => {
  let viewer: Viewer;
  let token: string | undefined;
  let reads: ReadonlySet<string>;
  let secrets: Set<string>;
  beforeAll(async () => {
    viewer = { label, key: make() };
    token = viewer.key ? await login(f.app, viewer.key) : undefined;
    reads = f.hub.viewer(viewer.key ? idOfKey(viewer.key) : null).reads;
    secrets = secretsFor(reads);
  });

  /** Asks, checks the answer holds no secret (the ids asked about aside), returns it. */
  async function ask(url: string, asked: readonly string[]) {
    const r = await get(f.app, url, token);
    expect(r.statusCode, `${url}: ${r.body.slice(0, 300)}`).toBeLessThan(500);
    let body = r.body;
    for (const id of asked) body = body.replaceAll(id, "");
    for (const s of secrets)
      if (body.includes(s))
        throw new Error(
          `${viewer.label}: ${url} answers "${s}", which lives only in scopes it may not read`,
        );
    return r;
  }

  it("answers no path with anything that lives only in scopes it may not read, and treats unreadable things as absent", async () => {
    expect(secrets.size).toBeGreaterThan(0);
    const ids = candidates();
    const paths = await getPaths();
    let equivalences = 0;
    for (const { path, op } of paths) {
      const hexQueries = op.parameters
        .filter((p) => p.in === "query" && p.schema.pattern?.includes("64"))
        .map((p) => p.name);
      const hasId = path.includes("{id}");
      const targets = hasId ? [...ids, NOWHERE] : [null];
      const queries: (string | null)[] = [null];
      // Query ids: every scope and member, and one that does not exist.
      if (hexQueries.length > 0)
        for (const q of hexQueries)
          for (const id of [...f.hub.replica.fold.heldScopes(), NOWHERE])
            queries.push(`${q}=${id}`);
      for (const target of targets)
        for (const query of queries) {
          const url = `${hasId ? path.replace("{id}", target!) : path}${query ? `?${query}` : ""}`;
          const asked = [target, query?.split("=")[1]].filter(
            (x): x is string => typeof x === "string",
          );
          const r = await ask(url, asked);
          // Equivalence: the thing asked about in the path, or else the scope in the query.
          const probe = hasId
            ? target !== NOWHERE
              ? target
              : null
            : query !== null && !query.endsWith(NOWHERE)
              ? query.split("=")[1]!
              : null;
          if (probe === null || !isUnreadable(probe, reads)) continue;
          const absentUrl = url.replace(probe, NOWHERE);
          const absent = await get(f.app, absentUrl, token);
          expect(
            { url, status: r.statusCode, body: normal(r.json()) },
            `${viewer.label}: ${url} differs from a thing that does not exist`,
          ).toEqual({
            url,
            status: absent.statusCode,
            body: normal(JSON.parse(absent.body.replaceAll(NOWHERE, probe))),
          });
          equivalences++;
        }
    }
    expect(equivalences).toBeGreaterThan(0);
  });

  it("finds nothing by the words of what it may not read", async () => {
    const texts = [...secrets].filter((s) => !/^[0-9a-f]{64}$/.test(s));
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      const r = await ask(
        `/api/search?q=${encodeURIComponent(text.slice(0, 200))}`,
        [],
      );
      expect(r.statusCode).toBe(200);
      for (const hit of (r.json() as { hits: { body: string }[] }).hits)
        expect(reads.has(hit.body)).toBe(true);
    }
  });

  it("counts only the events of scopes it reads", async () => {
    const expected = [...reads].reduce(
      (n, s) => n + f.hub.eventsOf(s).length,
      0,
    );
    expect((await ask("/api/hub", [])).json().events).toBe(expected);
    const state = (await ask("/api/state", [])).json();
    expect(state.events).toBe(expected);
    expect(state.scopes.map((s: { scope: string }) => s.scope).sort()).toEqual(
      [...reads].sort(),
    );
  });

  it("may post into no scope it does not read: refused exactly as for a scope that does not exist", async () => {
    if (viewer.key === null) return;
    const key = viewer.key;
    const attempt = async (scope: string) => {
      const h = await headsFor(f.app, key, f.hub.replica.fold.federationScope);
      const e = signEvent(key, {
        federation: h.federation,
        scope,
        seq: 1,
        kseq: (h.kseq ?? 0) + 1,
        prev: null,
        deps: [scope],
        time: 0,
        type: "motion.opened",
        payload: {
          kind: "resolution",
          title: { en: "Probe" },
          text: { en: "Probe" },
        },
      });
      const r = await post(f.app, [e]);
      return { status: r.statusCode, body: r.body.replaceAll(e.id, "<id>") };
    };
    const absent = await attempt(NOWHERE);
    expect(absent.status).toBe(403);
    for (const scope of f.hub.replica.fold.heldScopes())
      if (!reads.has(scope)) {
        const r = await attempt(scope);
        expect({ scope, ...r }).toEqual({
          scope,
          status: absent.status,
          body: absent.body,
        });
      }
  });
});

it("attacks every path the OpenAPI document lists", async () => {
  const paths = (await getPaths()).map((p) => p.path).sort();
  expect(paths).toEqual(
    [
      "/api/auth/challenge",
      "/api/bodies/{id}",
      "/api/bodies/{id}/meetings",
      "/api/bodies/{id}/plan",
      "/api/calls",
      "/api/calls/{id}",
      "/api/delegates/{id}",
      "/api/demands",
      "/api/demands/{id}",
      "/api/events/{id}",
      "/api/federation",
      "/api/health",
      "/api/heads",
      "/api/hub",
      "/api/me",
      "/api/me/waiting",
      "/api/meetings/{id}",
      "/api/meetings/{id}/door",
      "/api/meetings/{id}/minutes",
      "/api/meetings/{id}/minutes.html",
      "/api/members/{id}",
      "/api/motions/{id}",
      "/api/motions/{id}/close-draft",
      "/api/scopes/{id}/events",
      "/api/search",
      "/api/state",
    ].sort(),
  );
});
