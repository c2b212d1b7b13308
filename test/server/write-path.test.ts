/**
 * Writes are events the clients sign: verified, gated (a key posts into the scopes it reads;
 * anyone may ask to join a scope, naming nothing of it but its founding event), rate-limited,
 * committed — a 201 means verified and committed. A close states the result the hub counted
 * for it at its deps.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeWireEvent, signEvent } from "../../src/core/index.js";
import { generateKeyPair } from "../../src/crypto/index.js";
import {
  act,
  get,
  type HubFixture,
  headsFor,
  idOfKey,
  login,
  makeHub,
  post,
  signOnHub,
} from "./support/hub-fixture.js";

let f: HubFixture;
beforeAll(async () => {
  f = await makeHub({ keyBurst: 40, joinBurst: 3, refusedBurst: 2 });
});
afterAll(() => f.close());

const MOTION = {
  kind: "resolution",
  title: { en: "Water on the night shift" },
  text: { en: "Drinking water on every bus at night." },
};

describe("POST /api/events", () => {
  it("commits a member's motion in their scope, and says so", async () => {
    const t = f.town;
    const events = await signOnHub(
      f.app,
      t.m2,
      t.depot,
      "motion.opened",
      MOTION,
    );
    const r = await post(f.app, events);
    expect(r.statusCode).toBe(201);
    expect(r.json().results).toEqual(
      events.map((e) => ({ id: e.id, outcome: "added", invalid: null })),
    );
    for (const e of events)
      expect(await f.hub.replica.store.get(e.id)).not.toBeNull();
    expect(f.hub.replica.fold.state.motions.get(events.at(-1)!.id)?.body).toBe(
      t.depot,
    );
  });

  it("answers a repeated post as a duplicate", async () => {
    const t = f.town;
    const events = await signOnHub(f.app, t.m3, t.depot, "motion.opened", {
      ...MOTION,
      title: { en: "Helmets" },
    });
    expect((await post(f.app, events)).statusCode).toBe(201);
    const again = await post(f.app, events);
    expect(again.statusCode).toBe(201);
    expect(again.json().results.at(-1).outcome).toBe("duplicate");
  });

  it("keeps an event the rules refuse as invalid and names why", async () => {
    const t = f.town;
    const r = await act(f.app, t.m2, t.depot, "ballot.cast", {
      motion: t.depotDemand,
      choice: { vote: "yes" },
    });
    expect(r.statusCode).toBe(201);
    const last = r.json().results.at(-1);
    expect(last.outcome).toBe("added");
    expect(last.invalid.code).toBe("BALLOT_AFTER_CLOSE");
    expect(last.invalid.message).toContain("closed");
  });

  it("refuses an event in a scope the author does not read exactly as in one that does not exist", async () => {
    const t = f.town;
    const into = async (scope: string) => {
      const h = await headsFor(f.app, t.m2, t.depot);
      const e = signEvent(t.m2, {
        federation: h.federation,
        scope,
        seq: 1,
        kseq: (h.kseq ?? 0) + 1,
        prev: null,
        deps: [scope],
        time: 0,
        type: "motion.opened",
        payload: MOTION,
      });
      return post(f.app, [e]);
    };
    const hospital = await into(t.hospital);
    const nowhere = await into("9".repeat(64));
    expect(hospital.statusCode).toBe(403);
    expect(hospital.json().code).toBe("WRITE_NOT_ALLOWED");
    expect(nowhere.statusCode).toBe(hospital.statusCode);
    expect(nowhere.json().code).toBe(hospital.json().code);
    expect(f.hub.replica.fold.state.motions.size).toBeGreaterThan(0);
  });

  it("lets anyone ask to join with only the body's id, and refuses a join request naming what it may not read", async () => {
    const t = f.town;
    const stranger = generateKeyPair();
    const heads = await headsFor(f.app, stranger, t.hospital);
    expect(heads.access).toBe("join");
    expect(heads.deps).toContain(t.hospital);
    expect(
      heads.deps.every(
        (d) =>
          d === t.hospital ||
          f.hub.replica.fold.scopeOf(d) === f.hub.replica.fold.federationScope,
      ),
    ).toBe(true);
    const join = await act(
      f.app,
      stranger,
      t.hospital,
      "member.join-requested",
      {
        name: "Nasreen",
      },
    );
    expect(join.statusCode).toBe(201);
    expect(
      f.hub.replica.fold.state.joinRequests.get(join.json().results[0].id)
        ?.status,
    ).toBe("pending");
    const other = await act(
      f.app,
      generateKeyPair(),
      t.hospital,
      "motion.opened",
      MOTION,
    );
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe("WRITE_NOT_ALLOWED");
    const peeking = await act(
      f.app,
      generateKeyPair(),
      t.hospital,
      "member.join-requested",
      { name: "Peeker" },
      { deps: [t.hospital, t.hospitalMotion] },
    );
    expect(peeking.statusCode).toBe(403);
    expect(peeking.json().code).toBe("WRITE_NOT_ALLOWED");
  });

  it("admits a stranger who then reads the body they joined", async () => {
    const t = f.town;
    const stranger = generateKeyPair();
    const join = await act(
      f.app,
      stranger,
      t.hospital,
      "member.join-requested",
      {
        name: "Saule Newcomer",
      },
    );
    const request = join.json().results[0].id as string;
    const token = await login(f.app, stranger);
    expect(
      (await get(f.app, `/api/bodies/${t.hospital}`, token)).statusCode,
    ).toBe(404);
    const endorsed = await act(
      f.app,
      t.a2,
      t.hospital,
      "member.admission-endorsed",
      {
        request,
      },
    );
    expect(endorsed.json().results.at(-1).invalid).toBeNull();
    const view = await get(f.app, `/api/bodies/${t.hospital}`, token);
    expect(view.statusCode).toBe(200);
    expect(view.json().viewer.member).toBe(true);
    expect((await headsFor(f.app, stranger, t.hospital)).access).toBe("read");
  });

  it("limits self-made keys together: a new key and a new address per request do not dodge the cut-off", async () => {
    const shared = await makeHub({
      joinBurst: 3,
      strangersBurst: 5,
      strangersPerMinute: 0.01,
    });
    try {
      const t = shared.town;
      const codes: number[] = [];
      for (let i = 0; i < 12; i++) {
        const e = await signOnHub(
          shared.app,
          generateKeyPair(),
          t.bakery,
          "member.join-requested",
          { name: `Q${i}` },
        );
        codes.push((await post(shared.app, e, `10.1.0.${i}`)).statusCode);
      }
      expect(codes.filter((c) => c === 201)).toHaveLength(5);
      expect(codes.slice(5).every((c) => c === 429)).toBe(true);
    } finally {
      await shared.close();
    }
  });

  it("limits join requests of strangers per address", async () => {
    const t = f.town;
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const e = await signOnHub(
        f.app,
        generateKeyPair(),
        t.bakery,
        "member.join-requested",
        {
          name: `P${i}`,
        },
      );
      codes.push((await post(f.app, e, "10.0.0.9")).statusCode);
    }
    expect(codes).toEqual([201, 201, 201, 429]);
  });

  it("refuses a forged signature before anything is stored", async () => {
    const t = f.town;
    const [e] = await signOnHub(f.app, t.m2, t.depot, "comment.posted", {
      motion: t.depotMotion,
      text: "x",
      lang: "en",
    });
    const forged = { ...e!, signature: new Uint8Array(64) };
    const r = await post(f.app, [forged], "10.0.0.7");
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe("SIGNATURE_INVALID");
    expect(await f.hub.replica.store.get(e!.id)).toBeNull();
  });

  it("refuses bytes that are no event, and an event of another federation", async () => {
    const bad = await f.app.inject({
      method: "POST",
      url: "/api/events",
      remoteAddress: "10.0.0.8",
      payload: { events: ["AAAA"] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toMatch(/^CBOR_|WIRE_INVALID/);
    const foreign = signEvent(generateKeyPair(), {
      federation: "f".repeat(64),
      scope: "e".repeat(64),
      seq: 1,
      kseq: 1,
      prev: null,
      deps: ["e".repeat(64)],
      time: 0,
      type: "heads.merged",
      payload: {},
    });
    const r = await f.app.inject({
      method: "POST",
      url: "/api/events",
      remoteAddress: "10.0.0.8",
      payload: {
        events: [Buffer.from(encodeWireEvent(foreign)).toString("base64url")],
      },
    });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe("FEDERATION_MISMATCH");
  });

  it("makes an address that keeps sending refused events wait", async () => {
    const r = await f.app.inject({
      method: "POST",
      url: "/api/events",
      remoteAddress: "10.0.0.8",
      payload: { events: ["AAAA"] },
    });
    expect(r.statusCode).toBe(429);
    expect(r.json().code).toBe("RATE_LIMITED");
    expect(r.headers["retry-after"]).toBeDefined();
  });

  it("refuses malformed and oversize requests with their codes", async () => {
    const missing = await f.app.inject({
      method: "POST",
      url: "/api/events",
      payload: { nope: 1 },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe("REQUEST_INVALID");
    const json = await f.app.inject({
      method: "POST",
      url: "/api/events",
      headers: { "content-type": "application/json" },
      payload: "{",
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().code).toBe("REQUEST_INVALID");
    const huge = await f.app.inject({
      method: "POST",
      url: "/api/events",
      payload: { events: ["A".repeat(2_000_000)] },
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchInlineSnapshot(`
      {
        "code": "REQUEST_TOO_LARGE",
        "details": {
          "limit": 1048576,
        },
        "message": "The request is larger than 1048576 bytes.",
      }
    `);
    const nothing = await f.app.inject({ url: "/api/nothing-here" });
    expect(nothing.statusCode).toBe(404);
    expect(nothing.json().code).toBe("ROUTE_NOT_FOUND");
  });

  it("limits a member key's rate", async () => {
    const limited = await makeHub({ keyBurst: 2, keyEventsPerSecond: 0.01 });
    try {
      const t = limited.town;
      const codes: number[] = [];
      for (let i = 0; i < 3; i++)
        codes.push(
          (
            await act(limited.app, t.m3, t.depot, "motion.opened", {
              ...MOTION,
              title: { en: `T${i}` },
            })
          ).statusCode,
        );
      expect(codes).toEqual([201, 201, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe("closing a motion from a browser", () => {
  it("signs the result the hub counted at the draft's deps, and the fold accepts it", async () => {
    const t = f.town;
    const motion = t.depotMotion;
    const token = await login(f.app, t.a1);
    await act(f.app, t.m2, t.depot, "ballot.cast", {
      motion,
      choice: { vote: "yes" },
    });
    const draft = (
      await get(f.app, `/api/motions/${motion}/close-draft`, token)
    ).json();
    expect(draft.scope).toBe(t.depot);
    expect(draft.result).toEqual({ outcome: "adopted" });
    const close = await act(
      f.app,
      t.a1,
      t.depot,
      "vote.closed",
      { motion, result: draft.result },
      { deps: draft.deps },
    );
    expect(close.statusCode).toBe(201);
    expect(close.json().results.at(-1).invalid).toBeNull();
    const view = (await get(f.app, `/api/motions/${motion}`, token)).json();
    expect(view.status).toBe("decided");
    expect(view.stated).toEqual({ outcome: "adopted" });
    expect(
      view.countSheet.counted
        .map((c: { voter: { id: string } }) => c.voter.id)
        .sort(),
    ).toEqual([idOfKey(t.m2), idOfKey(t.m3)].sort());
  });

  it("a close stating another result than the count is kept invalid", async () => {
    const t = f.town;
    const opened = await act(f.app, t.a1, t.depot, "motion.opened", {
      ...MOTION,
      title: { en: "To be closed wrongly" },
    });
    const motion = opened.json().results.at(-1).id as string;
    await act(f.app, t.m2, t.depot, "ballot.cast", {
      motion,
      choice: { vote: "no" },
    });
    const lie = await act(f.app, t.a1, t.depot, "vote.closed", {
      motion,
      result: { outcome: "adopted" },
    });
    expect(lie.statusCode).toBe(201);
    expect(lie.json().results.at(-1).invalid.code).toBe("RESULT_MISMATCH");
  });

  it("gives no draft for a motion the viewer does not read, as for none", async () => {
    const t = f.town;
    const token = await login(f.app, t.m2);
    const hidden = await get(
      f.app,
      `/api/motions/${t.hospitalMotion}/close-draft`,
      token,
    );
    const none = await get(
      f.app,
      `/api/motions/${"7".repeat(64)}/close-draft`,
      token,
    );
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toEqual(
      JSON.parse(none.body.replaceAll("7".repeat(64), t.hospitalMotion)),
    );
  });
});
