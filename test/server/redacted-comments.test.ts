/**
 * A redacted comment is gone from what the hub serves at once: the chair's redaction of an
 * informer's comment, and a member's deletion of their own, leave no text in the motion's view
 * — not only after the hub's next refold (the fold keeps its record of the comment until then).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  act,
  get,
  type HubFixture,
  login,
  makeHub,
} from "./support/hub-fixture.js";

let f: HubFixture;
let motion = "";
beforeAll(async () => {
  f = await makeHub();
  const opened = await act(f.app, f.town.m2, f.town.depot, "motion.opened", {
    kind: "resolution",
    title: { en: "A van for the night shift" },
    text: { en: "The depot hires a van for the night shift." },
  });
  motion = opened.json().results.at(-1).id;
});
afterAll(() => f.close());

async function commentTexts(id: string): Promise<string[]> {
  const token = await login(f.app, f.town.m1);
  const r = await get(f.app, `/api/motions/${id}`, token);
  expect(r.statusCode).toBe(200);
  return (r.json().comments as { text: string }[]).map((c) => c.text);
}

async function comment(key: typeof f.town.m1, text: string): Promise<string> {
  const t = f.town;
  const r = await act(f.app, key, t.depot, "comment.posted", {
    motion,
    text,
    lang: "en",
  });
  const last = r.json().results.at(-1);
  expect(last.invalid).toBeNull();
  return last.id as string;
}

it("serves no text of a comment the chair redacted or its author deleted", async () => {
  const t = f.town;
  const doxx = await comment(
    t.m3,
    "Aigerim lives at 12 Satpaev street, flat 4.",
  );
  const mine = await comment(t.m2, "I can drive on Tuesday.");
  await comment(t.m1, "Tuesday works.");
  expect(await commentTexts(motion)).toEqual(
    expect.arrayContaining([
      "Aigerim lives at 12 Satpaev street, flat 4.",
      "I can drive on Tuesday.",
    ]),
  );
  const byChair = await act(f.app, t.a1, t.depot, "event.redacted", {
    event: doxx,
  });
  expect(byChair.json().results.at(-1).invalid).toBeNull();
  const byAuthor = await act(f.app, t.m2, t.depot, "event.redacted", {
    event: mine,
  });
  expect(byAuthor.json().results.at(-1).invalid).toBeNull();
  const shown = await commentTexts(motion);
  expect(shown).toContain("Tuesday works.");
  expect(JSON.stringify(shown)).not.toMatch(/Satpaev|drive on Tuesday/);
  // Another member cannot delete someone else's comment.
  const other = await comment(t.m1, "Bring water.");
  const refused = await act(f.app, t.m3, t.depot, "event.redacted", {
    event: other,
  });
  expect(refused.json().results.at(-1).invalid?.code).toBe("NOT_A_CHAIR");
  expect(await commentTexts(motion)).toContain("Bring water.");
});
