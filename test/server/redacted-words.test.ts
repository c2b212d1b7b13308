/**
 * Issue 12, redaction beyond comments, at the hub: a chair removes the name in a join request
 * and the title and text of a motion. The hub serves neither — not in the body's page, not in
 * the motion's, not in the event's wire form — and keeps no payload for them; the request can
 * still be vouched for, the motion is still voted on and its ballots count.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { decodeWireEvent, keptPartOf } from "../../src/core/index.js";
import { decodeCanonical } from "../../src/crypto/index.js";
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

const SECRET = "Kairat, 7 Zheltoksan Street";

async function lastOf(r: {
  json(): { results: { id: string; invalid: unknown }[] };
}) {
  const last = r.json().results.at(-1)!;
  expect(last.invalid).toBeNull();
  return last.id;
}

it("serves no trace of a redacted motion's words, and the motion is still voted on", async () => {
  const t = f.town;
  const motion = await lastOf(
    await act(f.app, t.m2, t.depot, "motion.opened", {
      kind: "resolution",
      title: { en: `Visit ${SECRET}` },
      text: { en: `He lives at ${SECRET}.` },
    }),
  );
  await lastOf(
    await act(f.app, t.m1, t.depot, "ballot.cast", {
      motion,
      choice: { vote: "yes" },
    }),
  );
  const token = await login(f.app, t.a1);
  const before = await get(f.app, `/api/motions/${motion}`, token);
  expect(before.json().viewer.canRedact).toBe(true);
  const stored = await f.hub.replica.store.get(motion);
  const payload = decodeCanonical(stored!.payload!);
  if (!payload.ok) throw new Error("payload");
  // Another member who is no chair and did not write it is refused.
  const refused = await act(f.app, t.m3, t.depot, "event.redacted", {
    event: motion,
    keep: keptPartOf("motion.opened", payload.value)!,
  });
  expect(refused.json().results.at(-1).invalid?.code).toBe("NOT_A_CHAIR");
  await lastOf(
    await act(f.app, t.a1, t.depot, "event.redacted", {
      event: motion,
      keep: keptPartOf("motion.opened", payload.value)!,
    }),
  );
  await lastOf(
    await act(f.app, t.m3, t.depot, "ballot.cast", {
      motion,
      choice: { vote: "no" },
    }),
  );
  const view = await get(f.app, `/api/motions/${motion}`, token);
  expect(view.statusCode).toBe(200);
  expect(view.json()).toMatchObject({
    redacted: true,
    title: {},
    text: {},
    status: "open",
    ballotCount: 2,
    viewer: { canRedact: false },
  });
  const page = await get(f.app, `/api/bodies/${t.depot}`, token);
  const event = await get(f.app, `/api/events/${motion}`, token);
  expect(event.json().redacted).toBe(true);
  const wire = decodeWireEvent(Buffer.from(event.json().wire, "base64url"));
  expect(wire.ok && wire.value.payloadBytes).toBeNull();
  for (const served of [view.body, page.body, event.body])
    expect(served).not.toContain("Zheltoksan");
  expect((await f.hub.replica.store.get(motion))!.payload).toBeNull();
});

it("serves no trace of a redacted join request's name, and the request can still be vouched for", async () => {
  const t = f.town;
  const token = await login(f.app, t.a2);
  const page = await get(f.app, `/api/bodies/${t.hospital}`, token);
  const request = page
    .json()
    .joinRequests.find((r: { id: string }) => r.id === t.o1Request);
  expect(request).toMatchObject({ redacted: false });
  expect(request.name.length).toBeGreaterThan(0);
  const name = request.name as string;
  await lastOf(
    await act(f.app, t.a2, t.hospital, "event.redacted", {
      event: t.o1Request,
      reason: "a name that is not theirs",
    }),
  );
  const after = await get(f.app, `/api/bodies/${t.hospital}`, token);
  expect(
    after.json().joinRequests.find((r: { id: string }) => r.id === t.o1Request),
  ).toMatchObject({ name: "", redacted: true, lookalikeOf: [] });
  expect(after.body).not.toContain(name);
  expect((await f.hub.replica.store.get(t.o1Request))!.payload).toBeNull();
  await lastOf(
    await act(f.app, t.n1, t.hospital, "member.admission-endorsed", {
      request: t.o1Request,
    }),
  );
});

it("serves no trace of a meeting's place nor of an informer's agenda item once redacted; both stand", async () => {
  const t = f.town;
  const PLACE = "the flat of Aigul, 14 Abai street";
  const ITEM = "Expose Bekzat of 3 Dostyk lane";
  const meeting = await lastOf(
    await act(f.app, t.a1, t.depot, "meeting.convened", {
      title: { en: "Depot meeting" },
      when: "Friday",
      place: PLACE,
    }),
  );
  const item = await lastOf(
    await act(f.app, t.m2, t.depot, "meeting.item-proposed", {
      meeting,
      kind: "point",
      title: { en: ITEM },
    }),
  );
  const token = await login(f.app, t.a1);
  const before = await get(f.app, `/api/meetings/${meeting}`, token);
  expect(before.body).toContain("Dostyk");
  expect(before.body).toContain("Abai");
  for (const [event, type] of [
    [item, "meeting.item-proposed"],
    [meeting, "meeting.convened"],
  ] as const) {
    const stored = await f.hub.replica.store.get(event);
    const payload = decodeCanonical(stored!.payload!);
    if (!payload.ok) throw new Error("payload");
    await lastOf(
      await act(f.app, t.a1, t.depot, "event.redacted", {
        event,
        keep: keptPartOf(type, payload.value)!,
      }),
    );
    expect((await f.hub.replica.store.get(event))!.payload).toBeNull();
  }
  // The item stands: the chair puts it on the agenda and opens it.
  await lastOf(
    await act(f.app, t.a1, t.depot, "meeting.agenda-set", {
      meeting,
      items: [item],
    }),
  );
  await lastOf(
    await act(f.app, t.a1, t.depot, "meeting.item-opened", { meeting, item }),
  );
  const after = await get(f.app, `/api/meetings/${meeting}`, token);
  expect(after.statusCode).toBe(200);
  expect(after.json()).toMatchObject({ redacted: true, current: item });
  const page = await get(f.app, `/api/bodies/${t.depot}`, token);
  for (const served of [after.body, page.body])
    for (const word of ["Dostyk", "Abai"]) expect(served).not.toContain(word);
});
