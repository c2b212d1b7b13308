/**
 * Writes are events the clients sign: verified, gated (keys that are no member here may only
 * ask to join), rate-limited, committed — a 201 means verified and committed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeWireEvent, signEvent } from "../../src/core/index.js";
import { generateKeyPair } from "../../src/crypto/index.js";
import {
  act,
  type HubFixture,
  makeHub,
  post,
  signOnHub,
} from "./support/hub-fixture.js";

let f: HubFixture;
beforeAll(async () => {
  f = await makeHub({ keyBurst: 40, joinBurst: 2, refusedBurst: 2 });
});
afterAll(() => f.close());

const drilling = () =>
  f.g.bodies.find((b) => b.name.en.startsWith("Drilling crew"))!;

describe("POST /api/events", () => {
  it("commits a member's comment and its merges, and says so", async () => {
    const body = drilling();
    const motion = [...f.hub.replica.fold.state.motions.values()].find(
      (m) => m.body === body.id,
    )!;
    const events = await signOnHub(
      f.app,
      body.members[1]!.key,
      "motion.opened",
      {
        body: body.id,
        kind: "resolution",
        title: { en: "Water on the night shift" },
        text: { en: "Drinking water on every rig at night." },
      },
    );
    const r = await post(f.app, events);
    expect(r.statusCode).toBe(201);
    expect(r.json().results.map((x: { outcome: string }) => x.outcome)).toEqual(
      events.map(() => "added"),
    );
    for (const e of events)
      expect(await f.hub.replica.store.get(e.id)).not.toBeNull();
    expect(motion).toBeDefined();
  });

  it("answers a repeated post as a duplicate", async () => {
    const body = drilling();
    const events = await signOnHub(
      f.app,
      body.members[2]!.key,
      "motion.opened",
      {
        body: body.id,
        kind: "demand",
        title: { en: "Helmets" },
        text: { en: "New helmets for everyone." },
      },
    );
    expect((await post(f.app, events)).statusCode).toBe(201);
    const again = await post(f.app, events);
    expect(again.statusCode).toBe(201);
    expect(again.json().results.at(-1).outcome).toBe("duplicate");
  });

  it("keeps an event the rules refuse as invalid and names why", async () => {
    const body = drilling();
    const m = [...f.hub.replica.fold.state.motions.values()].find(
      (x) => x.body === body.id && x.status === "decided",
    )!;
    const r = await act(f.app, body.members[1]!.key, "ballot.cast", {
      motion: m.id,
      choice: { vote: "yes" },
    });
    expect(r.statusCode).toBe(201);
    const last = r.json().results.at(-1);
    expect(last.outcome).toBe("added");
    expect(last.invalid.code).toBe("BALLOT_AFTER_CLOSE");
    expect(last.invalid.message).toContain("closed");
  });

  it("lets a key that is no member here ask to join, and nothing else", async () => {
    const body = drilling();
    const stranger = generateKeyPair();
    const join = await act(
      f.app,
      stranger,
      "member.join-requested",
      { body: body.id, name: "Nasreen" },
      { deps: [body.id] },
    );
    expect(join.statusCode).toBe(201);
    expect(
      f.hub.replica.fold.state.joinRequests.get(join.json().results[0].id)
        ?.status,
    ).toBe("pending");
    const other = await act(
      f.app,
      generateKeyPair(),
      "motion.opened",
      {
        body: body.id,
        kind: "resolution",
        title: { en: "x" },
        text: { en: "y" },
      },
      { deps: [body.id] },
    );
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe("WRITE_NOT_ALLOWED");
  });

  it("limits join requests per address", async () => {
    const body = drilling();
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const e = await signOnHub(
        f.app,
        generateKeyPair(),
        "member.join-requested",
        { body: body.id, name: `P${i}` },
        { deps: [body.id] },
      );
      codes.push((await post(f.app, e, "10.0.0.9")).statusCode);
    }
    expect(codes).toEqual([201, 201, 429]);
  });

  it("refuses a forged signature before anything is stored", async () => {
    const body = drilling();
    const [e] = await signOnHub(
      f.app,
      body.members[1]!.key,
      "comment.posted",
      { motion: "a".repeat(64), text: "x", lang: "en" },
      { deps: [body.id] },
    );
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
      seq: 1,
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
      const body = limited.g.bodies.find((b) =>
        b.name.en.startsWith("Drilling crew"),
      )!;
      const key = body.members[1]!.key;
      const codes: number[] = [];
      for (let i = 0; i < 3; i++)
        codes.push(
          (
            await act(limited.app, key, "motion.opened", {
              body: body.id,
              kind: "resolution",
              title: { en: `T${i}` },
              text: { en: "x" },
            })
          ).statusCode,
        );
      expect(codes).toEqual([201, 201, 429]);
    } finally {
      await limited.close();
    }
  });
});
