/**
 * Who reads what, through the views: each viewer reads exactly the scopes core's
 * `readableScopes` gives their key — an outsider the public bakery, a depot member the depot
 * and the councils above it, a coordinator every council and no assembly — and each view shows
 * the model across scopes: cards, attested delegates, mandates, the audit, pending claims,
 * demands, roll-ups, stated results and count sheets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair } from "../../src/crypto/index.js";
import {
  act,
  get,
  type HubFixture,
  idOfKey,
  login,
  makeHub,
} from "./support/hub-fixture.js";

let f: HubFixture;
beforeAll(async () => {
  f = await makeHub();
});
afterAll(() => f.close());

const fed = () => f.hub.replica.fold.federationScope!;

describe("what each viewer reads", () => {
  it("is the federation scope and the public bakery for an outsider, with or without a key", async () => {
    const t = f.town;
    expect([...f.hub.viewer(null).reads].sort()).toEqual(
      [fed(), t.bakery].sort(),
    );
    const fresh = generateKeyPair();
    expect([...f.hub.viewer(idOfKey(fresh)).reads].sort()).toEqual(
      [fed(), t.bakery].sort(),
    );
    // A pending join request does not open the body.
    expect(f.hub.viewer(idOfKey(t.o1)).reads.has(t.hospital)).toBe(false);
  });

  it("is the depot and the councils above for a depot member, and the same for their second device", async () => {
    const t = f.town;
    const expected = [fed(), t.depot, t.town, t.region, t.bakery].sort();
    expect([...f.hub.viewer(idOfKey(t.m2)).reads].sort()).toEqual(expected);
    expect([...f.hub.viewer(idOfKey(t.m2phone)).reads].sort()).toEqual(
      expected,
    );
    expect(f.hub.viewer(idOfKey(t.m2phone)).member).toBe(idOfKey(t.m2));
  });

  it("is every council and no assembly for the coordinator", async () => {
    const t = f.town;
    expect([...f.hub.viewer(idOfKey(t.f)).reads].sort()).toEqual(
      [fed(), t.town, t.region, t.bakery].sort(),
    );
  });
});

describe("a hub hosting some scopes", () => {
  it("serves a reader only what it may read among them", async () => {
    const partial = await makeHub({}, { hosted: (town) => [town.depot] });
    try {
      const t = partial.town;
      const fedScope = partial.hub.replica.fold.federationScope!;
      expect([...partial.hub.viewer(idOfKey(t.m2)).reads].sort()).toEqual(
        [fedScope, t.depot].sort(),
      );
      const token = await login(partial.app, t.m2);
      expect(
        (await get(partial.app, `/api/bodies/${t.town}`, token)).statusCode,
      ).toBe(404);
      expect(
        (await get(partial.app, `/api/bodies/${t.depot}`, token)).statusCode,
      ).toBe(200);
    } finally {
      await partial.close();
    }
  });
});

describe("an outsider", () => {
  it("gets health, the hub and the state of what it reads only", async () => {
    expect((await get(f.app, "/api/health")).json()).toEqual({ ok: true });
    const hub = (await get(f.app, "/api/hub")).json();
    expect(hub.federation).toBe(f.town.t.federation);
    const readable = [fed(), f.town.bakery];
    const count = readable.reduce((n, s) => n + f.hub.eventsOf(s).length, 0);
    expect(hub.events).toBe(count);
    expect(hub.events).toBeLessThan(f.hub.replica.fold.size);
    const state = (await get(f.app, "/api/state")).json();
    expect(state.scopes.map((s: { scope: string }) => s.scope)).toEqual(
      readable.sort(),
    );
    expect(state.events).toBe(count);
    expect(state.stateHash).not.toBe(f.hub.replica.stateHash());
  });

  it("sees the public bakery whole, and nothing of the town", async () => {
    const fedView = (await get(f.app, "/api/federation")).json();
    expect(
      fedView.levels.flatMap((l: { bodies: { id: string }[] }) =>
        l.bodies.map((b) => b.id),
      ),
    ).toEqual([f.town.bakery]);
    expect(fedView.call).toBeNull();
    const bakery = (await get(f.app, `/api/bodies/${f.town.bakery}`)).json();
    expect(bakery.memberList.map((m: { id: string }) => m.id)).toEqual([
      idOfKey(f.town.p1),
    ]);
    const motion = await get(f.app, `/api/motions/${f.town.bakeryMotion}`);
    expect(motion.statusCode).toBe(200);
  });

  it("is told a private body does not exist — 404, never 401", async () => {
    const r = await get(f.app, `/api/bodies/${f.town.depot}`);
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchInlineSnapshot(`
      {
        "code": "BODY_NOT_FOUND",
        "details": {
          "body": "${f.town.depot}",
        },
        "message": "Body ${f.town.depot} is not known here.",
      }
    `);
  });

  it("gets error messages in the language asked for", async () => {
    const r = await get(f.app, `/api/bodies/${"0".repeat(64)}?lang=ru`);
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe("BODY_NOT_FOUND");
    expect(r.json().message).toMatch(/[а-я]/);
  });
});

describe("a depot member", () => {
  it("reads the depot whole: members by the depot's names, its delegation, mandate, answers and the audit", async () => {
    const t = f.town;
    const token = await login(f.app, t.m2);
    const view = (await get(f.app, `/api/bodies/${t.depot}`, token)).json();
    expect(view.viewer).toEqual({ member: true, chair: false, attesterOn: [] });
    expect(view.memberList.map((m: { name: string }) => m.name).sort()).toEqual(
      [
        "Aliya Depotova",
        "Bolat Depotov",
        "Dana Depotova",
        "Arman Depotchair",
      ].sort(),
    );
    expect(view.delegations).toHaveLength(1);
    const d = view.delegations[0];
    expect(d).toMatchObject({
      council: t.town,
      seats: 1,
      card: { name: { en: "Depot card" } },
      attesters: [idOfKey(t.a1)],
      elected: [{ id: idOfKey(t.m1), name: "Aliya Depotova" }],
      seated: [{ id: idOfKey(t.m1), name: "Aliya Depotova" }],
    });
    expect(d.mandate.positions).toEqual([
      {
        motion: t.townMotion,
        title: { en: "Night buses to the hospital" },
        choice: { vote: "yes" },
      },
    ]);
    expect(view.calls).toHaveLength(1);
    expect(view.calls[0]).toMatchObject({
      call: t.call,
      answers: [{ answer: "will-join", headcount: 4 }],
    });
    expect(view.audit.map((a: { kind: string }) => a.kind).sort()).toEqual([
      "answers",
      "demand",
      "mandate",
      "members",
      "seats",
    ]);
    // Every honest claim is confirmed against the depot's log. (Not yet "answers": core's
    // audit compares answers by JSON text, and a replica folding payloads from its store
    // keeps their canonical key order — a core bug reported with this change.)
    expect(
      view.audit
        .filter((a: { kind: string }) => a.kind !== "answers")
        .map((a: { status: string }) => a.status),
    ).toEqual(["confirmed", "confirmed", "confirmed", "confirmed"]);
    expect(view.pending).toEqual([]);
    expect(view.council).toBeNull();
  });

  it("sees the town council's cards, attested delegates, demands and roll-ups — the hospital by its card only", async () => {
    const t = f.town;
    const token = await login(f.app, t.m2);
    const r = await get(f.app, `/api/bodies/${t.town}`, token);
    expect(r.statusCode).toBe(200);
    const council = r.json().council;
    const children = council.children.map(
      (c: { card: { name: { en: string } } }) => c.card.name.en,
    );
    expect(children.sort()).toEqual(["Depot card", "Ward Seven card"]);
    // The hospital's own name is in its scope only; the council knows its card.
    expect(r.body).not.toContain('"Hospital Night Staff Assembly"');
    const hospital = council.children.find(
      (c: { body: string }) => c.body === t.hospital,
    );
    expect(hospital.delegates).toEqual([
      { id: idOfKey(t.a2), name: "Gulnara Wardchair" },
    ]);
    expect(hospital.members).toBe(2);
    expect(council.demands).toEqual([
      {
        id: t.townDemand,
        title: { en: "Free depot canteen" },
        members: 4,
        bodies: 1,
      },
    ]);
    const call = council.calls.find((c: { id: string }) => c.id === t.call);
    expect(call.total.bodies["will-join"]).toBe(1);
    expect(call.total.bodies["will-not"]).toBe(1);
    expect(call.total.members["will-join"]).toBe(4);
  });

  it("is told the hospital, its motions, members and events do not exist", async () => {
    const t = f.town;
    const token = await login(f.app, t.m2);
    for (const url of [
      `/api/bodies/${t.hospital}`,
      `/api/motions/${t.hospitalMotion}`,
      `/api/members/${idOfKey(t.n1)}`,
      `/api/events/${t.hospitalMotion}`,
      `/api/scopes/${t.hospital}/events`,
    ])
      expect([url, (await get(f.app, url, token)).statusCode]).toEqual([
        url,
        404,
      ]);
  });

  it("reads a motion with the result its close stated and the count sheet", async () => {
    const t = f.town;
    const token = await login(f.app, t.m2);
    const demand = (
      await get(f.app, `/api/motions/${t.depotDemand}`, token)
    ).json();
    expect(demand.status).toBe("decided");
    expect(demand.stated).toEqual({ outcome: "adopted" });
    expect(demand.countSheet.counted).toHaveLength(3);
    expect(
      demand.countSheet.counted
        .map((c: { voter: { name: string } }) => c.voter.name)
        .sort(),
    ).toEqual(["Bolat Depotov", "Dana Depotova", "Arman Depotchair"].sort());
    expect(demand.carried).toEqual([
      {
        council: t.town,
        councilName: { en: "Aktau Town Council" },
        into: t.townDemand,
      },
    ]);
    const open = (
      await get(f.app, `/api/motions/${t.depotMotion}`, token)
    ).json();
    expect(open.live).toMatchObject({ voters: 1, yes: 1 });
    expect(open.stated).toBeNull();
    expect(open.viewer).toMatchObject({ canVote: true, canClose: false });
  });

  it("sees the delegate's record on the town council, with the depot as its card", async () => {
    const t = f.town;
    const token = await login(f.app, t.m2);
    const r = (
      await get(f.app, `/api/delegates/${idOfKey(t.m1)}`, token)
    ).json();
    expect(
      r.councils.map((c: { council: string }) => c.council).sort(),
    ).toEqual([t.town, t.region].sort());
    const onTown = r.councils.find(
      (c: { council: string }) => c.council === t.town,
    );
    expect(onTown.terms[0]).toMatchObject({
      body: t.depot,
      card: { name: { en: "Depot card" } },
      until: null,
      canRecall: true,
    });
    expect(onTown.terms[0].mandate.positions[0].motion).toBe(t.townMotion);
  });

  it("sees the call's dashboard from the region and from the town, per child by card", async () => {
    const t = f.town;
    const token = await login(f.app, t.m2);
    const region = (await get(f.app, `/api/calls/${t.call}`, token)).json();
    expect(region.looking).toBe(t.region);
    expect(region.now.bodies["will-join"]).toBe(1);
    expect(
      region.children.map(
        (c: { card: { name: { en: string } } }) => c.card.name.en,
      ),
    ).toEqual(["Aktau"]);
    expect(region.councils.map((c: { id: string }) => c.id)).toEqual([
      t.region,
      t.town,
    ]);
    const town = (
      await get(f.app, `/api/calls/${t.call}?council=${t.town}`, token)
    ).json();
    expect(
      town.children
        .map((c: { card: { name: { en: string } } }) => c.card.name.en)
        .sort(),
    ).toEqual(["Depot card", "Ward Seven card"]);
    expect(town.days.length).toBeGreaterThan(0);
    const other = await get(
      f.app,
      `/api/calls/${t.call}?council=${t.depot}`,
      token,
    );
    expect(other.statusCode).toBe(404);
  });

  it("sees its own page: names, bodies, seats, through either device", async () => {
    const t = f.town;
    for (const key of [t.m2, t.m2phone]) {
      const me = (await get(f.app, "/api/me", await login(f.app, key))).json();
      expect(me.member).toBe(idOfKey(t.m2));
      expect(me.names).toEqual([{ scope: t.depot, name: "Bolat Depotov" }]);
      expect(me.bodies.map((b: { id: string }) => b.id)).toEqual([t.depot]);
      expect(me.keys.sort()).toEqual(
        [idOfKey(t.m2), idOfKey(t.m2phone)].sort(),
      );
    }
    const m1 = (await get(f.app, "/api/me", await login(f.app, t.m1))).json();
    expect(m1.seats.map((s: { council: string }) => s.council).sort()).toEqual(
      [t.region, t.town].sort(),
    );
  });

  it("reads a scope's event log in wire form, page by page", async () => {
    const t = f.town;
    const token = await login(f.app, t.m2);
    const log = (
      await get(f.app, `/api/scopes/${t.depot}/events?limit=5`, token)
    ).json();
    expect(log.events).toHaveLength(5);
    expect(log.total).toBe(f.hub.eventsOf(t.depot).length);
    expect(
      log.events.every((e: { scope: string }) => e.scope === t.depot),
    ).toBe(true);
    expect(log.events[0].wire).toMatch(/^[A-Za-z0-9_-]+$/);
    const older = (
      await get(
        f.app,
        `/api/scopes/${t.depot}/events?limit=5&before=${log.next}`,
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
});

describe("an attester", () => {
  it("sees the claims it has yet to sign, and nothing pending once signed", async () => {
    const t = f.town;
    const token = await login(f.app, t.a1);
    const view = (await get(f.app, `/api/bodies/${t.depot}`, token)).json();
    expect(view.viewer.attesterOn).toEqual([t.town]);
    // Every claim was carried up when the town was built.
    expect(view.pending).toEqual([]);
  });
});

describe("attesting through the hub", () => {
  it("an attester sees the claim a new member implies, signs it, and the council counts it; a false claim is flagged to the body's members", async () => {
    const own = await makeHub();
    try {
      const t = own.town;
      const newcomer = generateKeyPair();
      const join = await act(
        own.app,
        newcomer,
        t.depot,
        "member.join-requested",
        {
          name: "Yerlan Newcomer",
        },
      );
      const request = join.json().results[0].id as string;
      await act(own.app, t.a1, t.depot, "member.admission-endorsed", {
        request,
      });
      const token = await login(own.app, t.a1);
      const view = (await get(own.app, `/api/bodies/${t.depot}`, token)).json();
      const pending = view.pending.find(
        (p: { kind: string }) => p.kind === "members",
      );
      expect(pending).toMatchObject({
        council: t.town,
        signedByMe: false,
        claim: { kind: "members", count: 5 },
      });
      // Members do not see what attesters have to sign.
      const memberToken = await login(own.app, t.m2);
      expect(
        (await get(own.app, `/api/bodies/${t.depot}`, memberToken)).json()
          .pending,
      ).toEqual([]);
      const signed = await act(own.app, t.a1, t.town, "attestation.made", {
        body: t.depot,
        claim: pending.claim,
      });
      expect(signed.json().results.at(-1).invalid).toBeNull();
      const after = (
        await get(own.app, `/api/bodies/${t.depot}`, token)
      ).json();
      expect(
        after.pending.filter((p: { kind: string }) => p.kind === "members"),
      ).toEqual([]);
      const town = (await get(own.app, `/api/bodies/${t.town}`, token)).json();
      expect(
        town.council.children.find((c: { body: string }) => c.body === t.depot)
          .members,
      ).toBe(5);
      // A rogue count: the chair tells the council the depot has 99 members.
      const lie = await act(own.app, t.a1, t.town, "attestation.made", {
        body: t.depot,
        claim: { kind: "members", cites: request, count: 99 },
      });
      expect(lie.json().results.at(-1).invalid).toBeNull();
      const audit = (
        await get(own.app, `/api/bodies/${t.depot}`, memberToken)
      ).json();
      expect(audit.mismatches).toBeGreaterThanOrEqual(1);
      expect(audit.audit).toContainEqual(
        expect.objectContaining({
          council: t.town,
          kind: "members",
          status: "mismatch",
          problem: "ATTESTATION_MISMATCH",
          effective: true,
        }),
      );
    } finally {
      await own.close();
    }
  });
});

describe("the coordinator", () => {
  it("sees the councils in the federation view, never an assembly", async () => {
    const t = f.town;
    const token = await login(f.app, t.f);
    const view = (await get(f.app, "/api/federation", token)).json();
    const ids = view.levels.flatMap((l: { bodies: { id: string }[] }) =>
      l.bodies.map((b) => b.id),
    );
    expect(ids.sort()).toEqual([t.region, t.town, t.bakery].sort());
    expect(view.levels.map((l: { level: string }) => l.level)).toEqual([
      "regional",
      "municipal",
      "base",
    ]);
    expect((await get(f.app, `/api/bodies/${t.depot}`, token)).statusCode).toBe(
      404,
    );
    const council = (await get(f.app, `/api/bodies/${t.town}`, token)).json();
    expect(council.council.children).toHaveLength(2);
    expect(council.viewer.member).toBe(true);
  });
});
