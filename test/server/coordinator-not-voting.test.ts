/**
 * Coordinating is not voting (#17), through the hub's API: the coordinator who founded the
 * town council sees it as theirs to run — it is among their bodies, they chair it, may
 * open, comment and close — but may not vote there, and is not among its members.
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
  f = await makeHub();
});
afterAll(() => f.close());

it("the council's founder runs it from the API and the app without a vote", async () => {
  const t = f.town;
  const token = await login(f.app, t.f);

  const me = (await get(f.app, "/api/me", token)).json();
  const town = me.bodies.find((b: { id: string }) => b.id === t.town);
  expect(town).toMatchObject({ mine: true, chair: true, members: 0 });

  const body = (await get(f.app, `/api/bodies/${t.town}`, token)).json();
  expect(body.viewer).toMatchObject({ member: true, chair: true });
  expect(body.memberList.map((m: { id: string }) => m.id)).not.toContain(
    idOfKey(t.f),
  );

  const motion = (
    await get(f.app, `/api/motions/${t.townMotion}`, token)
  ).json();
  expect(motion.viewer).toMatchObject({
    canVote: false,
    canClose: true,
    canComment: true,
  });

  const ballot = await act(f.app, t.f, t.town, "ballot.cast", {
    motion: t.townMotion,
    choice: { vote: "yes" },
  });
  expect(ballot.json().results.at(-1).invalid).toMatchObject({
    code: "NOT_A_MEMBER",
    details: { body: t.town, member: idOfKey(t.f) },
  });

  const opened = await act(f.app, t.f, t.town, "motion.opened", {
    kind: "resolution",
    title: { en: "Agenda for Monday" },
    text: { en: "The delegates meet at six." },
  });
  expect(opened.json().results.at(-1).invalid).toBeNull();
});

it("a delegate of the council sees a vote there, and the coordinator's ballot is in no count", async () => {
  const t = f.town;
  const token = await login(f.app, t.m1);
  const motion = (
    await get(f.app, `/api/motions/${t.townMotion}`, token)
  ).json();
  expect(motion.viewer).toMatchObject({ canVote: true, canClose: false });
  // The town's voters are its two seated delegates; the coordinator is not one of them.
  expect(motion.eligible).toBe(2);
});
