/**
 * A closed vote keeps its numbers: eligible as in the close's causal past, however the body
 * grows afterwards — while an open vote's electorate follows the body.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
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

it("a decided motion's eligible stays as at its close when a member joins later", async () => {
  const t = f.town;
  const state = f.hub.replica.fold.state;
  const decided = [...state.motions.values()].find(
    (m) => m.body === t.hospital && m.status === "decided",
  );
  expect(decided).toBeDefined();
  const token = await login(f.app, t.a2);
  const read = async (id: string) =>
    (await get(f.app, `/api/motions/${id}`, token)).json();
  const before = await read(decided!.id);
  const openBefore = await read(t.hospitalMotion);
  expect(before.eligible).toBe(before.countSheet.eligible);

  const newcomer = generateKeyPair();
  const join = await act(f.app, newcomer, t.hospital, "member.join-requested", {
    name: "Gulnar Later",
  });
  const request = join.json().results[0].id as string;
  const admitted = await act(
    f.app,
    t.a2,
    t.hospital,
    "member.admission-endorsed",
    {
      request,
    },
  );
  expect(admitted.json().results.at(-1).invalid).toBeNull();

  const after = await read(decided!.id);
  const openAfter = await read(t.hospitalMotion);
  expect(openAfter.eligible).toBe(openBefore.eligible + 1);
  expect(after.eligible).toBe(before.eligible);
  expect(after.countSheet.eligible).toBe(before.countSheet.eligible);
  // Present too: the ballots that counted at the close, however many members there are now.
  const presentOf = (m: {
    result: { decision?: { present: number }; present?: number };
  }) => m.result.decision?.present ?? m.result.present;
  expect(presentOf(before)).toBeGreaterThan(0);
  expect(presentOf(after)).toBe(presentOf(before));
  expect(after.countSheet.counted).toEqual(before.countSheet.counted);
});
