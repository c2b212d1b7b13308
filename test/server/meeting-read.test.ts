/**
 * The hub's read API for meetings: a meeting of the depot is served, with its agenda, who is
 * present (by name), the quorum of those present and the speakers' list, to those who read the
 * depot — and to nobody else, who gets the same 404 as for a meeting that does not exist. A
 * council's meeting records a present delegate with the body they sit for.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { deriveKeyPair } from "../../src/crypto/index.js";
import { PAGE_HEADERS } from "../../src/server/app.js";
import {
  act,
  get,
  type HubFixture,
  idOfKey,
  login,
  makeHub,
} from "./support/hub-fixture.js";

let f: HubFixture;
let meeting = "";
let item = "";
let request = "";

async function ok(
  key: typeof f.town.m1,
  scope: string,
  type: string,
  payload: Record<string, unknown>,
): Promise<string> {
  const r = await act(f.app, key, scope, type, payload as never);
  const last = r.json().results.at(-1);
  expect(last.invalid, `${type}: ${JSON.stringify(last.invalid)}`).toBeNull();
  return last.id as string;
}

beforeAll(async () => {
  // Every act signs in again: the chair acts far more often than a member key's sign-in burst.
  f = await makeHub({ memberSignInBurst: 1_000 });
  const t = f.town;
  meeting = await ok(t.a1, t.depot, "meeting.convened", {
    title: { en: "Depot assembly", ur: "ڈپو اسمبلی" },
    when: "after the night shift",
    place: "the yard",
  });
  item = await ok(t.a1, t.depot, "meeting.item-proposed", {
    meeting,
    kind: "motion",
    title: { en: "A van for the night shift" },
    motion: t.depotMotion,
  });
  await ok(t.m1, t.depot, "meeting.item-proposed", {
    meeting,
    kind: "point",
    title: { en: "The canteen" },
  });
  await ok(t.a1, t.depot, "meeting.item-opened", { meeting, item });
  for (const k of [t.a1, t.m1])
    await ok(t.a1, t.depot, "meeting.checked-in", {
      meeting,
      member: idOfKey(k),
    });
  await ok(t.m1, t.depot, "meeting.speaker-requested", {
    meeting,
    item,
    side: "pro",
  });
  request = await ok(t.a1, t.depot, "meeting.speaker-requested", {
    meeting,
    item,
    side: "point-of-order",
  });
});
afterAll(() => f.close());

it("serves the meeting to a member of the body: agenda, present, quorum, speakers", async () => {
  const t = f.town;
  const token = await login(f.app, t.m1);
  const r = await get(f.app, `/api/meetings/${meeting}`, token);
  expect(r.statusCode).toBe(200);
  const m = r.json();
  expect(m).toMatchObject({
    id: meeting,
    body: t.depot,
    status: "open",
    when: "after the night shift",
    place: "the yard",
    door: false,
    current: item,
    convenedBy: { id: idOfKey(t.a1), name: "Arman Depotchair" },
  });
  expect(m.agenda.map((i: { id: string }) => i.id)).toEqual([item]);
  expect(m.agenda[0].motion).toBe(t.depotMotion);
  expect(m.proposed).toHaveLength(1);
  expect(m.proposed[0].proposer.name).toBe("Aliya Depotova");
  expect(m.present.map((p: { name: string }) => p.name).sort()).toEqual([
    "Aliya Depotova",
    "Arman Depotchair",
  ]);
  // Hand count: the depot's voters are its chair and three members; 25 % of 4 needs 1.
  expect(m.quorum).toEqual({
    present: 2,
    voters: 4,
    quorumPercent: 25,
    required: 1,
    met: true,
  });
  const list = m.speakers.find((s: { item: string }) => s.item === item);
  expect(
    list.queue.map((s: { id: string; side: string }) => [
      s.id === request,
      s.side,
    ]),
  ).toEqual([
    [true, "point-of-order"],
    [false, "pro"],
  ]);
  expect(m.viewer).toMatchObject({ present: true, chairs: false });
  expect(m.viewer.waiting).toHaveLength(1);

  const listed = await get(f.app, `/api/bodies/${t.depot}/meetings`, token);
  expect(listed.statusCode).toBe(200);
  expect(listed.json().meetings).toEqual([
    expect.objectContaining({ id: meeting, status: "open" }),
  ]);
});

it("answers anyone who does not read the depot as if the meeting did not exist", async () => {
  const t = f.town;
  const nurse = await login(f.app, t.n1);
  const missing = "ab".repeat(32);
  for (const token of [nurse, undefined]) {
    const r = await get(f.app, `/api/meetings/${meeting}`, token);
    const none = await get(f.app, `/api/meetings/${missing}`, token);
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe("MEETING_NOT_FOUND");
    expect(none.statusCode).toBe(404);
    expect(r.json().code).toBe(none.json().code);
    const listed = await get(f.app, `/api/bodies/${t.depot}/meetings`, token);
    expect(listed.statusCode).toBe(404);
    expect(listed.json().code).toBe("BODY_NOT_FOUND");
  }
});

it("records a delegate present at a council with the body they sit for", async () => {
  const t = f.town;
  const session = await ok(t.f, t.town, "meeting.convened", {
    title: { en: "Town council session" },
    when: "Friday",
    place: "school hall",
  });
  await ok(t.f, t.town, "meeting.checked-in", {
    meeting: session,
    member: idOfKey(t.m1),
  });
  const token = await login(f.app, t.m1);
  const r = await get(f.app, `/api/meetings/${session}`, token);
  expect(r.statusCode).toBe(200);
  expect(r.json().present).toEqual([
    expect.objectContaining({ id: idOfKey(t.m1), for: [t.depot] }),
  ]);
  expect(r.json().quorum.present).toBe(1);
  // The bakery stands alone, under no council: its founder does not read the town's meeting.
  const baker = await login(f.app, t.p1);
  expect((await get(f.app, `/api/meetings/${session}`, baker)).statusCode).toBe(
    404,
  );
});

it("the door: the chair's projector gets the code, a member's phone trades it for a pass that checks them in", async () => {
  const t = f.town;
  const door = deriveKeyPair("meeting-read-door", 0);
  const doorHex = idOfKey(door);
  f.hub.doorKeys = {
    load: (pub) => (pub === doorHex ? door : null),
    create: () => door,
  };
  const hall = await ok(t.a1, t.depot, "meeting.convened", {
    title: { en: "Hall meeting" },
    when: "now",
    place: "the hall",
    door: doorHex,
  });
  const chair = await login(f.app, t.a1);
  const member = await login(f.app, t.m3);
  const refused = await get(f.app, `/api/meetings/${hall}/door`, member);
  expect(refused.statusCode).toBe(422);
  expect(refused.json().code).toBe("NOT_A_CHAIR");
  const shown = await get(f.app, `/api/meetings/${hall}/door`, chair);
  expect(shown.statusCode).toBe(200);
  const { code, window } = shown.json() as { code: string; window: number };
  expect(code).toMatch(/^[0-9a-f]{10}$/);

  const pass = (token: string | undefined, c: string) =>
    f.app.inject({
      method: "POST",
      url: `/api/meetings/${hall}/pass`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      payload: { code: c },
    });
  const wrong = await pass(
    member,
    code === "0000000000" ? "1111111111" : "0000000000",
  );
  expect(wrong.statusCode).toBe(422);
  expect(wrong.json().code).toBe("MEETING_PASS_INVALID");
  expect((await pass(undefined, code)).statusCode).toBe(401);
  const given = await pass(member, code);
  expect(given.statusCode).toBe(200);
  const p = given.json() as {
    member: string;
    window: number;
    signature: string;
  };
  expect(p.member).toBe(idOfKey(t.m3));
  expect(p.window).toBeGreaterThanOrEqual(window);
  await ok(t.m3, t.depot, "meeting.checked-in", {
    meeting: hall,
    member: p.member,
    pass: { window: p.window, signature: p.signature },
  });
  const r = await get(f.app, `/api/meetings/${hall}`, member);
  expect(r.json().viewer.present).toBe(true);
  // The meeting of the first test has no door: no pass.
  const noDoor = await f.app.inject({
    method: "POST",
    url: `/api/meetings/${meeting}/pass`,
    headers: { authorization: `Bearer ${member}` },
    payload: { code },
  });
  expect(noDoor.statusCode).toBe(404);
  expect(noDoor.json().code).toBe("DOOR_KEY_NOT_HERE");
});

it("serves a meeting's vote and its minutes, as data and as one HTML page, to its readers only", async () => {
  const t = f.town;
  // Present: the chair (a1) and m1, of the depot's four voters (quorum 25 %: 1 needed).
  const motion = await ok(t.m1, t.depot, "motion.opened", {
    kind: "resolution",
    title: { en: "Gloves for the yard" },
    text: { en: "The depot buys gloves." },
    meeting,
    // The item under discussion, which the vote decides: the minutes show it under that item.
    item,
  });
  await ok(t.a1, t.depot, "ballot.cast", { motion, choice: { vote: "yes" } });
  await ok(t.m1, t.depot, "ballot.cast", { motion, choice: { vote: "no" } });
  const absent = await act(f.app, t.m2, t.depot, "ballot.cast", {
    motion,
    choice: { vote: "no" },
  });
  expect(absent.json().results.at(-1).invalid).toMatchObject({
    code: "NOT_PRESENT_AT_OPENING",
  });
  const member = await login(f.app, t.m1);
  // Open: among the meeting's open votes, which the projector shows live.
  expect(
    (await get(f.app, `/api/meetings/${meeting}`, member)).json(),
  ).toMatchObject({ motions: [motion], openVotes: [motion] });
  const shown = (await get(f.app, `/api/motions/${motion}`, member)).json();
  // Hand count: 2 present at the opening, 1 yes and 1 no; the absent m2 is not counted.
  expect(shown).toMatchObject({
    meeting,
    electorate: 2,
    eligible: 2,
    live: { voters: 2, yes: 1, no: 1 },
  });
  await ok(t.a1, t.depot, "vote.closed", {
    motion,
    result: { outcome: "rejected" },
  });

  const r = await get(f.app, `/api/meetings/${meeting}/minutes`, member);
  expect(r.statusCode).toBe(200);
  const minutes = r.json();
  expect(minutes.present.map((x: { name: string }) => x.name).sort()).toEqual([
    "Aliya Depotova",
    "Arman Depotchair",
  ]);
  expect(minutes.votes).toEqual([
    expect.objectContaining({
      id: motion,
      outcome: "rejected",
      electorate: 2,
      result: expect.objectContaining({
        decision: expect.objectContaining({ yes: 1, no: 1, present: 2 }),
      }),
    }),
  ]);
  const items = [...minutes.items, ...minutes.notTaken] as {
    id: string;
    votes?: { id: string }[];
  }[];
  expect(items.find((i) => i.id === item)?.votes?.map((x) => x.id)).toEqual([
    motion,
  ]);
  expect(items.filter((i) => i.votes !== undefined)).toHaveLength(1);
  expect(minutes.hash).toMatch(/^[0-9a-f]{64}$/);
  expect(minutes.adopted).toBeNull();
  const view = (await get(f.app, `/api/meetings/${meeting}`, member)).json();
  expect(view).toMatchObject({
    chairs: null,
    speakingSeconds: null,
    motions: [motion],
    openVotes: [],
    minutesAdopted: null,
  });

  const page = await get(
    f.app,
    `/api/meetings/${meeting}/minutes.html?lang=ur`,
    member,
  );
  expect(page.statusCode).toBe(200);
  expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
  expect(page.body).toContain('<html lang="ur" dir="rtl">');
  expect(page.body).toContain("Gloves for the yard");
  // Under its item on the agenda, and again among the meeting's votes.
  const agenda = page.body.slice(
    page.body.indexOf('<section id="agenda">'),
    page.body.indexOf('<section id="votes">'),
  );
  expect(agenda).toMatch(
    /A van for the night shift.*<\/h3>.*Gloves for the yard/s,
  );
  expect(page.body).toContain(minutes.hash);
  // Those present, two, joined by Urdu's own comma.
  expect(page.body).toMatch(/<\/bdi>، <bdi>/);
  // One stylesheet, with the print rules, which the app's policy allows by its hash (a
  // signed-in reader opens the page from a blob the app made, under the app's policy).
  const styles = [...page.body.matchAll(/<style>([\s\S]*?)<\/style>/g)];
  expect(styles).toHaveLength(1);
  const style = styles[0]![1]!;
  expect(style).toContain("@page { size: A4;");
  expect(style).toContain("@media print");
  const hash = createHash("sha256").update(style).digest("base64");
  expect(PAGE_HEADERS["content-security-policy"]).toContain(
    `style-src 'self' 'sha256-${hash}';`,
  );

  const nurse = await login(f.app, t.n1);
  const missing = "ab".repeat(32);
  for (const token of [nurse, undefined])
    for (const path of ["minutes", "minutes.html"]) {
      const hidden = await get(
        f.app,
        `/api/meetings/${meeting}/${path}`,
        token,
      );
      const none = await get(f.app, `/api/meetings/${missing}/${path}`, token);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json()).toEqual(
        JSON.parse(none.body.replaceAll(missing, meeting)),
      );
    }
});

it("a new door: the hub keeps a fresh key for a chair about to convene from the app, and its code then checks members in", async () => {
  const t = f.town;
  const kept = new Map<string, ReturnType<typeof deriveKeyPair>>();
  let made = 0;
  f.hub.doorKeys = {
    load: (pub) => kept.get(pub) ?? null,
    create: () => {
      const k = deriveKeyPair("meeting-read-new-door", made++);
      kept.set(idOfKey(k), k);
      return k;
    },
  };
  const ask = (token: string | undefined, body: string) =>
    f.app.inject({
      method: "POST",
      url: `/api/bodies/${body}/door`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const chair = await login(f.app, t.a1);
  const member = await login(f.app, t.m3);
  const nurse = await login(f.app, t.n1);
  // A member who is not a chair, a body the viewer does not read, no session: no key is made.
  const notChair = await ask(member, t.depot);
  expect([notChair.statusCode, notChair.json().code]).toEqual([
    422,
    "NOT_A_CHAIR",
  ]);
  const elsewhere = await ask(nurse, t.depot);
  expect([elsewhere.statusCode, elsewhere.json().code]).toEqual([
    404,
    "BODY_NOT_FOUND",
  ]);
  expect((await ask(undefined, t.depot)).statusCode).toBe(401);
  expect(made).toBe(0);

  const given = await ask(chair, t.depot);
  expect(given.statusCode).toBe(200);
  const { door } = given.json() as { door: string };
  expect(kept.has(door)).toBe(true);
  expect(made).toBe(1);
  const hall = await ok(t.a1, t.depot, "meeting.convened", {
    title: { en: "Convened from the app" },
    when: "",
    place: "",
    door,
  });
  const { code } = (
    await get(f.app, `/api/meetings/${hall}/door`, chair)
  ).json() as { code: string };
  const pass = await f.app.inject({
    method: "POST",
    url: `/api/meetings/${hall}/pass`,
    headers: { authorization: `Bearer ${member}` },
    payload: { code },
  });
  expect(pass.statusCode).toBe(200);
  expect(pass.json().member).toBe(idOfKey(t.m3));

  // A hub that keeps no door keys says so.
  f.hub.doorKeys = null;
  const none = await ask(chair, t.depot);
  expect([none.statusCode, none.json().code]).toEqual([
    404,
    "DOOR_KEY_NOT_HERE",
  ]);
});

it("builds the meeting once for all its readers, each with their own part, and again after a change", async () => {
  const t = f.town;
  const tokens = new Map<typeof t.m1, string>();
  const read = async (key: typeof t.m1) => {
    if (!tokens.has(key)) tokens.set(key, await login(f.app, key));
    const r = await get(f.app, `/api/meetings/${meeting}`, tokens.get(key));
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toBe("application/json; charset=utf-8");
    return r.json();
  };
  // Read one after another at the same fold size: the chair first, so a part of the chair's
  // kept with the shared view would show in the member's answer.
  const chair = await read(t.a1);
  const member = await read(t.m1);
  const { viewer: chairPart, ...chairShared } = chair;
  const { viewer: memberPart, ...memberShared } = member;
  expect(memberShared).toEqual(chairShared);
  expect(chairPart).toEqual({
    present: true,
    chairs: true,
    waiting: [request],
    showsDoor: true,
  });
  expect(memberPart.chairs).toBe(false);
  expect(memberPart.showsDoor).toBe(false);
  expect(memberPart.waiting).toHaveLength(1);
  expect(memberPart.waiting).not.toContain(request);
  // A change folded: the next reader sees it, not the view built before it.
  const withdrawn = await ok(t.a1, t.depot, "meeting.speaker-withdrawn", {
    meeting,
    request,
  });
  expect(withdrawn).toMatch(/^[0-9a-f]{64}$/);
  const after = await read(t.m1);
  const queue = after.speakers.find((s: { item: string }) => s.item === item);
  expect(queue.queue.map((s: { id: string }) => s.id)).not.toContain(request);
  expect((await read(t.a1)).viewer.waiting).toEqual([]);
  expect(after.left).toEqual([]);
  // Aliya checks out: she leaves those present and is named among those who left.
  await ok(t.m1, t.depot, "meeting.checked-out", {
    meeting,
    member: idOfKey(t.m1),
  });
  const gone = await read(t.a1);
  expect(gone.present.map((p: { name: string }) => p.name)).toEqual([
    "Arman Depotchair",
  ]);
  expect(gone.left.map((p: { name: string }) => p.name)).toEqual([
    "Aliya Depotova",
  ]);
  expect(gone.quorum.present).toBe(1);
});

it("the projector on the body's chair's laptop keeps the door's code once the meeting elects a chair of its own; a member never gets it", async () => {
  const t = f.town;
  const kept = new Map<string, ReturnType<typeof deriveKeyPair>>();
  f.hub.doorKeys = {
    load: (pub) => kept.get(pub) ?? null,
    create: () => {
      const k = deriveKeyPair("meeting-read-elected-chair", kept.size);
      kept.set(idOfKey(k), k);
      return k;
    },
  };
  const chair = await login(f.app, t.a1);
  const elected = await login(f.app, t.m1);
  const member = await login(f.app, t.m2);
  const { door } = (
    await f.app.inject({
      method: "POST",
      url: `/api/bodies/${t.depot}/door`,
      headers: { authorization: `Bearer ${chair}` },
    })
  ).json() as { door: string };
  const hall = await ok(t.a1, t.depot, "meeting.convened", {
    title: { en: "The meeting elects its chair" },
    when: "",
    place: "",
    door,
  });
  for (const k of [t.a1, t.m1, t.m2])
    await ok(t.a1, t.depot, "meeting.checked-in", {
      meeting: hall,
      member: idOfKey(k),
    });
  const election = await ok(t.a1, t.depot, "motion.opened", {
    kind: "election",
    title: { en: "Chair of this meeting" },
    text: { en: "Aliya chairs this meeting." },
    method: "plurality",
    options: [{ label: "Aliya", member: idOfKey(t.m1) }],
    subject: { kind: "election", role: "meeting-chair", meeting: hall },
    meeting: hall,
  });
  for (const k of [t.a1, t.m1, t.m2])
    await ok(k, t.depot, "ballot.cast", {
      motion: election,
      choice: { pick: 0 },
    });
  const draft = (
    await get(f.app, `/api/motions/${election}/close-draft`, chair)
  ).json() as { result: Record<string, unknown> };
  await ok(t.a1, t.depot, "vote.closed", {
    motion: election,
    result: draft.result,
  });
  const seen = async (token: string) =>
    (await get(f.app, `/api/meetings/${hall}`, token)).json() as {
      chairs: { id: string }[] | null;
      viewer: { chairs: boolean; showsDoor: boolean };
    };
  // Aliya chairs the meeting now; the body's chair no longer does, but keeps the door.
  const byChair = await seen(chair);
  expect(byChair.chairs?.map((c) => c.id)).toEqual([idOfKey(t.m1)]);
  expect(byChair.viewer).toMatchObject({ chairs: false, showsDoor: true });
  expect((await seen(elected)).viewer).toMatchObject({
    chairs: true,
    showsDoor: true,
  });
  expect((await seen(member)).viewer).toMatchObject({
    chairs: false,
    showsDoor: false,
  });
  for (const token of [chair, elected]) {
    const code = await get(f.app, `/api/meetings/${hall}/door`, token);
    expect(code.statusCode).toBe(200);
    expect(code.json().code).toMatch(/\S/);
  }
  const refused = await get(f.app, `/api/meetings/${hall}/door`, member);
  expect([refused.statusCode, refused.json().code]).toEqual([
    422,
    "NOT_A_CHAIR",
  ]);
});
