/**
 * The hub's meeting list with demands: a demand in the depot (four voters, the default 25 %:
 * one signature is enough) is convened by its own signature and listed among the meetings,
 * chairs check members in; a demand whose count is not reached is listed under `demands`
 * with how many joined and how many are needed once a rules motion raised the share to 75 %
 * (3 of 4), and convened by the third signature.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
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
  f = await makeHub({ memberSignInBurst: 1_000 });
});
afterAll(() => f.close());

it("lists a meeting convened by a member's demand, and refuses a join of an unknown demand", async () => {
  const t = f.town;
  const r = await act(f.app, t.m1, t.depot, "meeting.demanded", {
    title: { en: "Wages" },
    when: "Friday",
    place: "the canteen",
  } as never);
  const demand = r.json().results.at(-1);
  expect(demand.invalid).toBeNull();
  const token = await login(f.app, t.m2);
  const list = await get(f.app, `/api/bodies/${t.depot}/meetings`, token);
  expect(list.statusCode).toBe(200);
  const body = list.json();
  // 4 voters × 25 % = 1: the demand is its own convening signature.
  expect(body.demands).toEqual([]);
  expect(body.meetings).toEqual([
    expect.objectContaining({ id: demand.id, status: "open" }),
  ]);
  const one = await get(f.app, `/api/meetings/${demand.id}`, token);
  expect(one.json()).toMatchObject({
    door: false,
    convenedBy: expect.objectContaining({ id: idOfKey(t.m1) }),
  });
  const checkIn = await act(f.app, t.a1, t.depot, "meeting.checked-in", {
    meeting: demand.id,
    member: idOfKey(t.m2),
  } as never);
  expect(checkIn.json().results.at(-1).invalid).toBeNull();

  const bad = await act(f.app, t.m2, t.depot, "meeting.demand-joined", {
    demand: t.depot,
  } as never);
  expect(bad.json().results.at(-1).invalid).toMatchObject({
    code: "MEETING_DEMAND_NOT_FOUND",
  });
});

it("lists a demand not yet convened with how many joined and how many are needed", async () => {
  const t = f.town;
  // The depot's rules raised to 75 % by a rules motion: 4 voters × 75 % = 3 signatures.
  const rules = {
    ...t.t.fold.state.bodies.get(t.depot)!.rules,
    meetingDemandPercent: 75,
  };
  const motionAct = await act(f.app, t.a1, t.depot, "motion.opened", {
    kind: "rules",
    title: { en: "Meetings on demand" },
    text: { en: "Three of us may call a meeting." },
    subject: { kind: "rules", rules },
  } as never);
  const motion = motionAct.json().results.at(-1);
  expect(motion.invalid).toBeNull();
  for (const k of [t.a1, t.m1, t.m2]) {
    const b = await act(f.app, k, t.depot, "ballot.cast", {
      motion: motion.id,
      choice: { vote: "yes" },
    } as never);
    expect(b.json().results.at(-1).invalid).toBeNull();
  }
  const close = await act(f.app, t.a1, t.depot, "vote.closed", {
    motion: motion.id,
    result: { outcome: "adopted" },
  } as never);
  expect(close.json().results.at(-1).invalid).toBeNull();

  const r = await act(f.app, t.m3, t.depot, "meeting.demanded", {
    title: { en: "Night shifts" },
    when: "",
    place: "",
  } as never);
  const demand = r.json().results.at(-1);
  expect(demand.invalid).toBeNull();
  await act(f.app, t.m2, t.depot, "meeting.demand-joined", {
    demand: demand.id,
  } as never);
  const token = await login(f.app, t.m2);
  const list = (
    await get(f.app, `/api/bodies/${t.depot}/meetings`, token)
  ).json();
  expect(list.demands).toEqual([
    expect.objectContaining({
      id: demand.id,
      joined: 2,
      needed: 3,
      percent: 75,
      signedByViewer: true,
      demandedBy: expect.objectContaining({ id: idOfKey(t.m3) }),
    }),
  ]);
  expect(list.demandRule).toEqual({ percent: 75, needed: 3 });
  expect(list.meetings.map((m: { id: string }) => m.id)).not.toContain(
    demand.id,
  );
  const other = await login(f.app, t.m1);
  const seen = (
    await get(f.app, `/api/bodies/${t.depot}/meetings`, other)
  ).json();
  expect(seen.demands[0].signedByViewer).toBe(false);
  // The third signature convenes it.
  await act(f.app, t.m1, t.depot, "meeting.demand-joined", {
    demand: demand.id,
  } as never);
  const after = (
    await get(f.app, `/api/bodies/${t.depot}/meetings`, other)
  ).json();
  expect(after.demands).toEqual([]);
  expect(after.meetings.map((m: { id: string }) => m.id)).toContain(demand.id);
});
