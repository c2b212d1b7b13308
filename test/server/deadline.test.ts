/**
 * A timed motion through the hub: the motion page gives the closing time, who said it passed
 * and whether the viewer may; "waiting for you" gives the closing time; an early word is kept
 * as invalid; the two hospital voters' words close it (k = 2 in a body of two).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  get,
  type HubFixture,
  idOfKey,
  login,
  makeHub,
  post,
  signOnHub,
} from "./support/hub-fixture.js";

let f: HubFixture;
beforeAll(async () => {
  f = await makeHub();
});
afterAll(() => f.close());

const OPENED = Date.UTC(2026, 10, 20, 9);
const CLOSES = OPENED + 3_600_000;

it("shows the closing time and the words that it passed, and closes on the k-th", async () => {
  const t = f.town;
  const opened = await post(
    f.app,
    await signOnHub(
      f.app,
      t.a2,
      t.hospital,
      "motion.opened",
      {
        kind: "resolution",
        title: { en: "Timed" },
        text: { en: "By noon." },
        closesAt: CLOSES,
      },
      { time: OPENED },
    ),
  );
  const motion = opened.json().results.at(-1).id as string;
  expect(opened.json().results.at(-1).invalid).toBeNull();
  const asA2 = await login(f.app, t.a2);
  const asN1 = await login(f.app, t.n1);
  const read = async (token: string) =>
    (await get(f.app, `/api/motions/${motion}`, token)).json();

  let view = await read(asN1);
  expect(view).toMatchObject({
    closesAt: CLOSES,
    closedByDeadline: false,
    deadline: { closesAt: CLOSES, attesters: [], needed: 2 },
    viewer: { canSayDeadlinePassed: true },
  });
  const waiting = (await get(f.app, "/api/me/waiting", asA2)).json();
  expect(
    waiting.items.find((i: { motion?: string }) => i.motion === motion),
  ).toMatchObject({ kind: "vote", closesAt: CLOSES });

  const say = async (key: typeof t.n1, time: number) =>
    (
      await post(
        f.app,
        await signOnHub(
          f.app,
          key,
          t.hospital,
          "motion.deadline-passed",
          { motion },
          { time },
        ),
      )
    )
      .json()
      .results.at(-1);
  expect((await say(t.n1, CLOSES - 1)).invalid.code).toBe(
    "DEADLINE_NOT_PASSED",
  );
  expect((await say(t.n1, CLOSES + 1)).invalid).toBeNull();
  view = await read(asN1);
  expect(view.deadline.attesters).toEqual([
    { id: idOfKey(t.n1), name: expect.any(String) },
  ]);
  expect(view.viewer.canSayDeadlinePassed).toBe(false);
  expect((await read(asA2)).viewer.canSayDeadlinePassed).toBe(true);

  expect((await say(t.a2, CLOSES + 2)).invalid).toBeNull();
  view = await read(asN1);
  expect(view).toMatchObject({
    status: "decided",
    closedByDeadline: true,
    closedBy: { id: idOfKey(t.a2) },
    viewer: { canSayDeadlinePassed: false, canVote: false },
  });
  expect(view.close).toBe(
    f.hub.replica.fold.index.ids[
      f.hub.replica.fold.state.closeFacts.get(motion)!
    ],
  );
});
