/**
 * `GET /api/search`: bodies, motions, demands and calls found by every word of a query, in any
 * language, only among the scopes the viewer reads — counted by hand on the test town; a
 * private assembly's things are never found by those who do not read it; and the browser's
 * search over its offline copy (core's `searchState` over a fold of exactly the events the hub
 * serves the key) equals the hub's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readableScopes, searchState } from "../../src/core/index.js";
import type { KeyPair } from "../../src/crypto/index.js";
import {
  get,
  type HubFixture,
  idOfKey,
  login,
  makeHub,
} from "./support/hub-fixture.js";
import { offlineCopyOf } from "./support/offline-copy.js";

let f: HubFixture;
beforeAll(async () => {
  f = await makeHub();
});
afterAll(() => f.close());

interface Hit {
  kind: string;
  id: string;
  body: string;
  found: string;
}

async function search(
  q: string,
  key: KeyPair | null,
  limit?: number,
): Promise<{ hits: Hit[]; total: number }> {
  const token = key === null ? undefined : await login(f.app, key);
  const url = `/api/search?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ""}`;
  const r = await get(f.app, url, token);
  expect(r.statusCode).toBe(200);
  return r.json() as { hits: Hit[]; total: number };
}

describe("finding things", () => {
  it("finds the hospital's secret motion and demand for its member, and nothing for the depot or an outsider", async () => {
    const t = f.town;
    const nurse = await search("secret", t.n1);
    // By hand: "Secret night shift rota" (opened later) and "Secret hospital parking plan".
    expect(nurse.hits.map((h) => [h.kind, h.id, h.found])).toEqual([
      ["motion", t.hospitalMotion, "title"],
      ["motion", t.hospitalDemand, "title"],
    ]);
    expect(nurse.total).toBe(2);
    for (const who of [t.m2, null]) {
      const other = await search("secret", who);
      expect(other).toEqual({ hits: [], total: 0 });
    }
    // Not even the hospital's name.
    expect((await search("hospital night staff", t.m2)).total).toBe(0);
    expect((await search("hospital night staff", t.n1)).hits).toEqual([
      expect.objectContaining({ kind: "body", id: t.hospital }),
    ]);
  });

  it("finds by every word, in the text too, whatever the case or marks", async () => {
    const t = f.town;
    // "bay three" is only in the depot motion's text.
    expect((await search("BAY three", t.m2)).hits).toEqual([
      expect.objectContaining({
        kind: "motion",
        id: t.depotMotion,
        body: t.depot,
        found: "text",
      }),
    ]);
    // Every word must be there: "heating" and "bakery" never meet.
    expect((await search("heating bakery", t.m2)).total).toBe(0);
    // Marks and case are ignored: "Dépôt" finds what "depot" finds.
    const plain = await search("depot", t.m2);
    expect(await search("DÉPÔT", t.m2)).toEqual(plain);
    // By hand, for a depot member: the assembly, its two motions and the mandate, the demand
    // it adopted ("Free depot canteen") — and the town's demand of the same words when the
    // town council is among what the member reads.
    const reads = readableScopes(f.hub.replica.fold, {
      kind: "key",
      key: idOfKey(t.m2),
    });
    const expected = [
      ["body", t.depot],
      ["motion", t.depotMotion],
      ["motion", t.depotDemand],
      ...(reads.has(t.town) ? [["demand", t.townDemand]] : []),
    ];
    for (const [kind, id] of expected)
      expect(plain.hits).toContainEqual(expect.objectContaining({ kind, id }));
    expect(plain.hits.every((h) => reads.has(h.body))).toBe(true);
  });

  it("finds a public body's motion for anyone, the call for those who read the region", async () => {
    const t = f.town;
    expect((await search("rye", null)).hits).toEqual([
      expect.objectContaining({ kind: "motion", id: t.bakeryMotion }),
    ]);
    const strike = await search("general strike", t.f);
    expect(strike.hits).toContainEqual(
      expect.objectContaining({ kind: "call", id: t.call, body: t.region }),
    );
    expect((await search("general strike", null)).total).toBe(0);
  });

  it("gives the limit and counts the rest; finds nothing for no words; refuses a query too long", async () => {
    const t = f.town;
    const all = await search("depot", t.a1);
    expect(all.total).toBeGreaterThan(2);
    const one = await search("depot", t.a1, 1);
    expect(one.hits).toEqual([all.hits[0]]);
    expect(one.total).toBe(all.total);
    expect(await search("  ,, ", t.a1)).toEqual({ hits: [], total: 0 });
    const long = await get(f.app, `/api/search?q=${"a".repeat(201)}`);
    expect(long.statusCode).toBe(400);
  });

  it("agrees with the search run on each key's offline copy", async () => {
    const t = f.town;
    for (const key of [t.m1, t.m2, t.a1, t.a2, t.n1, t.o1, t.p1, t.f])
      for (const q of ["depot", "secret", "night", "strike", "rye"]) {
        const hub = await search(q, key);
        const offline = searchState(offlineCopyOf(f, key).state, q, () => true);
        expect(hub).toEqual(JSON.parse(JSON.stringify(offline)));
      }
  });
});
