/**
 * Who reads what: outsiders see only what a body marks public and never a member list;
 * members see their bodies in full, the councils above them, and nothing of a body elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair } from "../../src/crypto/index.js";
import {
  act,
  get,
  type HubFixture,
  login,
  makeHub,
} from "./support/hub-fixture.js";

let f: HubFixture;
beforeAll(async () => {
  f = await makeHub();
});
afterAll(() => f.close());

const assembly = (name: string) =>
  f.g.bodies.find((b) => b.name.en.startsWith(name))!;

describe("an outsider", () => {
  it("gets health, the hub and the state hash", async () => {
    expect((await get(f.app, "/api/health")).json()).toEqual({ ok: true });
    const hub = (await get(f.app, "/api/hub")).json();
    expect(hub.federation).toBe(f.g.federation);
    expect(hub.hub).toBe("0123456789abcdef0123456789abcdef");
    const state = (await get(f.app, "/api/state")).json();
    expect(state.stateHash).toBe(f.hub.replica.stateHash());
  });

  it("sees no body of a federation where nothing is public", async () => {
    const fed = (await get(f.app, "/api/federation")).json();
    expect(fed.levels).toEqual([]);
    expect(fed.call).toBeNull();
  });

  it("is asked to sign in for a body, and gets no member list", async () => {
    const r = await get(f.app, `/api/bodies/${assembly("Drilling crew").id}`);
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchInlineSnapshot(`
      {
        "code": "AUTH_REQUIRED",
        "details": {
          "body": "${assembly("Drilling crew").id}",
        },
        "message": "Sign in with your key to read this.",
      }
    `);
    expect(r.body).not.toContain(assembly("Drilling crew").members[1]!.name);
  });

  it("gets error messages in the language asked for", async () => {
    const r = await get(f.app, `/api/bodies/${"0".repeat(64)}?lang=ru`);
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe("BODY_NOT_FOUND");
    expect(r.json().message).toMatch(/[а-я]/);
  });

  it("sees the public projection of a public body: no members, no ballots, no names", async () => {
    const body = assembly("Gas processing");
    const chair = body.chair;
    const members = body.members;
    const rules = {
      admission: { method: "endorsements", endorsements: 1 },
      quorumPercent: 20,
      majority: "simple",
      recallThreshold: "simple",
      redaction: "chairs",
      public: true,
      delegateWeight: "one",
    };
    const opened = await act(f.app, chair.key, "motion.opened", {
      body: body.id,
      kind: "rules",
      title: { en: "Open our work to the town" },
      text: { en: "Anyone may read our motions." },
      subject: { kind: "rules", rules },
    });
    expect(opened.statusCode).toBe(201);
    const motion = opened.json().results.at(-1).id as string;
    for (const m of members) {
      const r = await act(f.app, m.key, "ballot.cast", {
        motion,
        choice: { vote: "yes" },
      });
      expect(r.statusCode).toBe(201);
    }
    const closed = await act(f.app, chair.key, "vote.closed", { motion });
    expect(closed.json().results.at(-1).invalid).toBeNull();
    expect(f.hub.replica.fold.state.bodies.get(body.id)!.rules.public).toBe(
      true,
    );

    const fed = (await get(f.app, "/api/federation")).json();
    expect(
      fed.levels.flatMap((l: { bodies: { id: string }[] }) =>
        l.bodies.map((b) => b.id),
      ),
    ).toEqual([body.id]);
    const view = await get(f.app, `/api/bodies/${body.id}`);
    expect(view.statusCode).toBe(200);
    expect(view.json().members).toBeNull();
    expect(view.json().chairs).toBeNull();
    expect(view.json().joinRequests).toEqual([]);
    for (const m of members) expect(view.body).not.toContain(m.name);
    const motionView = (await get(f.app, `/api/motions/${motion}`)).json();
    expect(motionView.ballots).toBeNull();
    expect(motionView.proposer).toBeNull();
    expect(motionView.live.yes).toBe(members.length);
    for (const m of members)
      expect(JSON.stringify(motionView)).not.toContain(m.name);
    expect((await get(f.app, `/api/bodies/${body.id}/events`)).statusCode).toBe(
      401,
    );
  });
});

describe("a member", () => {
  it("reads their assembly in full, with its members", async () => {
    const body = assembly("Drilling crew");
    const token = await login(f.app, body.members[1]!.key);
    const r = await get(f.app, `/api/bodies/${body.id}`, token);
    expect(r.statusCode).toBe(200);
    const view = r.json();
    expect(view.viewer).toMatchObject({
      member: true,
      full: true,
      seesMembers: true,
    });
    expect(view.members.map((m: { id: string }) => m.id).sort()).toEqual(
      [...new Set(f.hub.index().membersOf(body.id))].sort(),
    );
  });

  it("reads the councils above, but not another town's assembly", async () => {
    const body = assembly("Drilling crew");
    const token = await login(f.app, body.members[1]!.key);
    const above = f.hub.index().above(body.id);
    expect(above.length).toBeGreaterThanOrEqual(2);
    for (const c of above)
      expect((await get(f.app, `/api/bodies/${c}`, token)).statusCode).toBe(
        200,
      );
    const elsewhere = await get(
      f.app,
      `/api/bodies/${assembly("Pipeline maintenance").id}`,
      token,
    );
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().code).toBe("READ_NOT_ALLOWED");
  });

  it("sees its own page with memberships", async () => {
    const body = assembly("Drilling crew");
    const token = await login(f.app, body.members[1]!.key);
    const me = (await get(f.app, "/api/me", token)).json();
    expect(me.member).toBe(body.members[1]!.id);
    expect(me.bodies.map((b: { id: string }) => b.id)).toContain(body.id);
  });

  it("reads a body's event log in wire form", async () => {
    const body = assembly("Drilling crew");
    const token = await login(f.app, body.members[1]!.key);
    const log = (
      await get(f.app, `/api/bodies/${body.id}/events?limit=5`, token)
    ).json();
    expect(log.events).toHaveLength(5);
    expect(log.total).toBeGreaterThan(5);
    expect(log.events[0].wire).toMatch(/^[A-Za-z0-9_-]+$/);
    const older = (
      await get(
        f.app,
        `/api/bodies/${body.id}/events?limit=5&before=${log.next}`,
        token,
      )
    ).json();
    expect(older.events[0].n).toBeLessThan(log.events.at(-1).n);
  });

  it("needs a session for its own page", async () => {
    const r = await get(f.app, "/api/me");
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe("AUTH_REQUIRED");
    const bad = await get(f.app, "/api/me", "not-a-token");
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe("SESSION_UNKNOWN");
  });

  it("as a fresh key, sees no body but may sign in", async () => {
    const token = await login(f.app, generateKeyPair());
    const fed = (await get(f.app, "/api/federation", token)).json();
    expect(
      fed.levels
        .flatMap((l: { bodies: { readable: boolean }[] }) => l.bodies)
        .every((b: { readable: boolean }) => !b.readable),
    ).toBe(true);
  });
});
