/**
 * `GET /api/me/waiting`: only the caller's own list, from the scopes their key reads — nothing
 * of a private body they do not belong to — counted by hand on the test town; and the list the
 * browser computes from its offline copy (core's `waitingFor` over a fold of exactly the events
 * the hub serves the key) equals the hub's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitingFor } from "../../src/core/index.js";
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

interface Item {
  kind: string;
  motion?: string;
  request?: string;
  body?: string;
  council?: string;
  delegate?: string;
  ballots?: number;
}

async function waitingOf(key: KeyPair): Promise<Item[]> {
  const r = await get(f.app, "/api/me/waiting", await login(f.app, key));
  expect(r.statusCode).toBe(200);
  return (r.json() as { items: Item[] }).items;
}

describe("what waits for a member", () => {
  it("is the depot vote and the depot delegate's ballot for a depot member, and nothing of the hospital", async () => {
    const t = f.town;
    const items = await waitingOf(t.m2);
    expect(items).toEqual([
      expect.objectContaining({ kind: "vote", motion: t.depotMotion }),
      expect.objectContaining({
        kind: "delegate-ballots",
        council: t.town,
        delegate: idOfKey(t.m1),
        ballots: 1,
      }),
    ]);
    expect(JSON.stringify(items)).not.toContain(t.hospital);
    expect(JSON.stringify(items)).not.toContain(t.o1Request);
  });

  it("is the council vote and the join request for the hospital's chair and delegate", async () => {
    const t = f.town;
    expect(await waitingOf(t.a2)).toEqual([
      expect.objectContaining({ kind: "vote", motion: t.townMotion }),
      expect.objectContaining({ kind: "vouch", request: t.o1Request }),
    ]);
  });

  it("shows the depot delegate the choice the depot's mandate binds on the council", async () => {
    const t = f.town;
    expect(await waitingOf(t.m1)).toEqual([
      expect.objectContaining({
        kind: "mandate",
        motion: t.townMotion,
        for: t.depot,
        bound: { vote: "yes" },
      }),
      expect.objectContaining({ kind: "vote", motion: t.depotMotion }),
    ]);
  });

  it("is empty for someone who only asked to join, and refused without a session", async () => {
    const t = f.town;
    expect(await waitingOf(t.o1)).toEqual([]);
    const anonymous = await get(f.app, "/api/me/waiting");
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: "AUTH_REQUIRED" });
  });

  it("agrees with the list computed on each key's offline copy", async () => {
    const t = f.town;
    for (const key of [t.m1, t.m2, t.m3, t.a1, t.a2, t.n1, t.o1, t.p1, t.f]) {
      const hub = await waitingOf(key);
      const offline = waitingFor(offlineCopyOf(f, key), idOfKey(key));
      expect(hub).toEqual(JSON.parse(JSON.stringify(offline)));
    }
  });
});
