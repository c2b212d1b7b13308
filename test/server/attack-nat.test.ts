/**
 * One abuser behind a NAT address, against a real `kenges serve`: it spends its address's
 * budgets — refused events, then requests of any kind — until it is cut off, and a member
 * signed in from the very same address (127.0.0.1) is still served, reading and posting,
 * because a member's session is counted per key, never per address.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeWireEvent } from "../../src/core/index.js";
import { apiLogin, apiSign, keyOf } from "../e2e/support/hub-api.js";
import type { DemoPerson } from "../e2e/support/hub-process.js";
import { type ServedHub, serveDemo } from "./support/serve-demo-process.js";

let hub: ServedHub;
let member: DemoPerson;
let token: string;
let body: string;

beforeAll(async () => {
  hub = await serveDemo(["--address-burst", "200", "--address-rate", "1"]);
  member = hub.people.find((p) =>
    p.roles.some((r) => r.startsWith("chair: Bus depot")),
  )!;
  token = await apiLogin(hub.url, keyOf(member));
  const me = (await (
    await fetch(`${hub.url}/api/me`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as { bodies: { id: string }[] };
  body = me.bodies[0]!.id;
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

/** Posts wire events, as the member (with its session) or as the anonymous abuser. */
function post(events: readonly Uint8Array[], session: string | null) {
  return fetch(`${hub.url}/api/events`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(session ? { authorization: `Bearer ${session}` } : {}),
    },
    body: JSON.stringify({
      events: events.map((e) => Buffer.from(e).toString("base64url")),
    }),
  });
}

describe("an abuser behind the members' NAT address", () => {
  it("spends the address's refused-event budget alone: the member still posts", async () => {
    // Garbage events until the address is cut off (the budget is 60 refused events).
    let status = 0;
    let code = "";
    for (let i = 0; i < 200 && status !== 429; i++) {
      const r = await post([new Uint8Array([0xff, i & 255, 1, 2, 3])], null);
      status = r.status;
      code = ((await r.json()) as { code: string }).code;
    }
    expect(status).toBe(429);
    expect(code).toBe("RATE_LIMITED");
    // The member, signed in from the same address, posts a signed comment: committed.
    const events = await apiSign(hub.url, member, body, "comment.posted", {
      motion: "ab".repeat(32),
      text: "Still here.",
      lang: "en",
    });
    const r = await post(
      events.map((e) => encodeWireEvent(e)),
      token,
    );
    expect(r.status, await r.clone().text()).toBe(201);
  }, 120_000);

  it("spends the address's request budget alone: the member is still served", async () => {
    let answer: Response | null = null;
    let refusedAt = 0;
    for (let i = 0; i < 5_000; i++) {
      const r = await fetch(`${hub.url}/api/hub`);
      if (r.status === 429) {
        answer = r;
        refusedAt = performance.now();
        break;
      }
      await r.arrayBuffer();
    }
    expect(answer?.status).toBe(429);
    expect(((await answer!.json()) as { code: string }).code).toBe(
      "RATE_LIMITED",
    );
    expect(Number(answer!.headers.get("retry-after"))).toBeGreaterThan(0);
    // Cut off: the abuser's next request is refused too — unless a busy machine took longer
    // than the budget's refill (one request a second here) to send it.
    const next = await fetch(`${hub.url}/api/hub`);
    if (next.status !== 429)
      expect(performance.now() - refusedAt).toBeGreaterThan(900);
    // The member from the same address reads its own page and its body.
    const me = await fetch(`${hub.url}/api/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
    const page = await fetch(`${hub.url}/api/bodies/${body}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(page.status).toBe(200);
  }, 120_000);
});
