/**
 * Names under attack, against a real `kenges serve`: an informer asks to join a body under a
 * copy of a member's name — one Latin letter swapped for its Cyrillic twin — and the chair
 * who admits sees the request flagged as a lookalike of that member; a name carrying a bidi
 * override or a zero-width space is refused with NAME_NOT_NORMALIZED before it is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  encodeWireEvent,
  type SignedEvent,
  signEvent,
  skeletonOf,
} from "../../src/core/index.js";
import { generateKeyPair, toHex } from "../../src/crypto/index.js";
import { apiLogin, keyOf } from "../e2e/support/hub-api.js";
import type { DemoPerson } from "../e2e/support/hub-process.js";
import { type ServedHub, serveDemo } from "./support/serve-demo-process.js";

interface JoinRequestView {
  member: string;
  name: string;
  lookalikeOf: { id: string; name: string }[];
  mixedScript: boolean;
}

interface BodyPage {
  memberList: { id: string; name: string }[];
  joinRequests: JoinRequestView[];
}

let hub: ServedHub;
let chair: DemoPerson;
let token: string;
let body: string;
let federation: string;

beforeAll(async () => {
  hub = await serveDemo();
  chair = hub.people.find((p) =>
    p.roles.some((r) => r.startsWith("chair: Bus depot")),
  )!;
  token = await apiLogin(hub.url, keyOf(chair));
  const me = (await (
    await fetch(`${hub.url}/api/me`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as { bodies: { id: string }[] };
  body = me.bodies[0]!.id;
  federation = (
    (await (await fetch(`${hub.url}/api/hub`)).json()) as {
      federation: string;
    }
  ).federation;
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

async function bodyPage(): Promise<BodyPage> {
  const r = await fetch(`${hub.url}/api/bodies/${body}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(r.status).toBe(200);
  return (await r.json()) as BodyPage;
}

/** A stranger's join request, on the body's founding event only, as any outsider may sign. */
function joinRequest(name: string): { key: string; event: SignedEvent } {
  const key = generateKeyPair();
  const event = signEvent(key, {
    federation,
    scope: body,
    seq: 1,
    kseq: 1,
    prev: null,
    deps: [body],
    time: Date.now(),
    type: "member.join-requested",
    payload: { name },
  });
  return { key: toHex(key.publicKey), event };
}

function post(event: SignedEvent) {
  return fetch(`${hub.url}/api/events`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      events: [Buffer.from(encodeWireEvent(event)).toString("base64url")],
    }),
  });
}

/** The name with one letter swapped for its twin in the other alphabet. */
function twinOf(name: string): string {
  const twins: Record<string, string> = {
    a: "а",
    e: "е",
    o: "о",
    p: "р",
    c: "с",
    A: "А",
    E: "Е",
    O: "О",
    K: "К",
    M: "М",
    а: "a",
    е: "e",
    о: "o",
    р: "p",
    с: "c",
    А: "A",
    Е: "E",
    О: "O",
    К: "K",
    М: "M",
  };
  const chars = [...name];
  const i = chars.findIndex((c) => twins[c] !== undefined);
  expect(i, `no letter with a twin in ${name}`).toBeGreaterThanOrEqual(0);
  chars[i] = twins[chars[i]!]!;
  return chars.join("");
}

describe("a join request under a copy of a member's name", () => {
  it("is flagged to the chair as a lookalike of that member", async () => {
    const page = await bodyPage();
    const victim = page.memberList.find((m) => {
      try {
        return twinOf(m.name) !== m.name;
      } catch {
        return false;
      }
    })!;
    const copy = twinOf(victim.name);
    expect(copy).not.toBe(victim.name);
    expect(skeletonOf(copy)).toBe(skeletonOf(victim.name));
    const informer = joinRequest(copy);
    expect((await post(informer.event)).status).toBe(201);
    const honest = joinRequest("Zhanar Unique-Name");
    expect((await post(honest.event)).status).toBe(201);

    const requests = (await bodyPage()).joinRequests;
    const flagged = requests.find((r) => r.member === informer.key)!;
    expect(flagged.name).toBe(copy);
    expect(flagged.lookalikeOf).toEqual([{ id: victim.id, name: victim.name }]);
    expect(flagged.mixedScript).toBe(true);
    const clean = requests.find((r) => r.member === honest.key)!;
    expect(clean.lookalikeOf).toEqual([]);
    expect(clean.mixedScript).toBe(false);
  }, 120_000);

  it.each([
    ["a right-to-left override", "Asel\u202E lesA"],
    ["a zero-width space", "As\u200Bel"],
    ["a name not in NFC", "A\u0308sel"],
  ])("with %s is refused with NAME_NOT_NORMALIZED", async (_, name) => {
    const r = await post(joinRequest(name).event);
    expect(r.status).toBe(422);
    expect(((await r.json()) as { code: string }).code).toBe(
      "NAME_NOT_NORMALIZED",
    );
  });
});
