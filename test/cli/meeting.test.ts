/**
 * A meeting from the command line: the chair convenes it and sets the agenda, members check in
 * (by the chair, or themselves with the door's code), ask to speak pro, contra and on a point of
 * order, the chair gives the floor in queue order, quorum falls when people leave, and
 * `state --json` shows it all. Bad input is refused with a code and an exit status. Then a
 * meeting that votes: it elects its own chair, reorders its agenda by a vote, votes a motion
 * among those present (checked by hand), and adopts its minutes, written as an HTML page.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-meeting-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = join(work, "data");

const kenges = inProcessCli(work, { prefix: ["--data", dir] });

async function ok(...args: string[]): Promise<string> {
  const r = await kenges([...args, "--quiet"]);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

async function json<T>(...args: string[]): Promise<T> {
  const r = await kenges([...args, "--json"]);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

interface Speaker {
  id: string;
  member: string;
  side: string;
}
interface MeetingJson {
  status: string;
  present: string[];
  current: string | null;
  agendaItems: { id: string; kind: string }[];
  proposedItems: { id: string }[];
  quorum: { present: number; voters: number; required: number; met: boolean };
  speakers: {
    item: string;
    speaking: Speaker | null;
    queue: Speaker[];
    spoke: Speaker[];
  }[];
}

let BODY = "";
let ME = "";
const MEMBERS: Record<string, string> = {};
beforeAll(async () => {
  await ok("init", "--name", "Test", "--founder-name", "Zhanar");
  BODY = await ok(
    "body",
    "create",
    "--name",
    "Depot",
    "--endorsements",
    "1",
    "--quorum",
    "60",
  );
  ME = await ok("key", "show");
  for (const [label, name] of [
    ["dana", "Dana"],
    ["erlan", "Erlan"],
    ["aigul", "Aigul"],
    ["bolat", "Bolat"],
  ] as const) {
    await ok("key", "create", "--label", label);
    MEMBERS[label] = await ok("--as", label, "key", "show");
    const request = await ok(
      "--as",
      label,
      "member",
      "join",
      BODY,
      "--name",
      name,
    );
    await ok("member", "endorse", request);
  }
}, 180_000);

it("runs a meeting: agenda, check-in, speakers, quorum, close", async () => {
  const refused = await kenges([
    "meeting",
    "convene",
    BODY,
    "--title",
    "x",
    "--quorm",
    "5",
  ]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain("--quorm");
  const notChair = await kenges([
    "--as",
    "dana",
    "meeting",
    "convene",
    BODY,
    "--title",
    "Mine",
  ]);
  expect(notChair.code).toBe(4);
  expect(notChair.stderr).toMatch(/chair/i);

  const meeting = await ok(
    "meeting",
    "convene",
    BODY,
    "--title",
    "Depot assembly",
    "--title-ru",
    "Собрание депо",
    "--when",
    "after the night shift",
    "--place",
    "the yard",
  );
  const pay = await ok(
    "meeting",
    "agenda",
    meeting,
    "--add",
    "Night-shift pay",
  );
  const report = await ok(
    "meeting",
    "agenda",
    meeting,
    "--add",
    "Delegate's report",
    "--kind",
    "report",
  );
  const canteen = await ok(
    "--as",
    "dana",
    "meeting",
    "agenda",
    meeting,
    "--add",
    "Canteen",
  );
  let m = await json<MeetingJson>("meeting", "show", meeting);
  expect(m.agendaItems.map((i) => i.id)).toEqual([pay, report]);
  expect(m.proposedItems.map((i) => i.id)).toEqual([canteen]);
  await ok(
    "meeting",
    "agenda",
    meeting,
    "--order",
    [report, canteen, pay].map((x) => x.slice(0, 10)).join(","),
  );
  await ok("meeting", "agenda", meeting, "--open", pay);

  // The chair checks in herself and Dana; Erlan checks himself in with the door's code (the
  // door key is kept in this data directory, as on the chair's laptop).
  await ok("meeting", "check-in", meeting);
  await ok("meeting", "check-in", meeting, "--member", MEMBERS.dana!);
  const code = await ok("meeting", "code", meeting);
  expect(code).toMatch(/^[0-9a-f]{10}$/);
  const wrong = await kenges([
    "--as",
    "erlan",
    "meeting",
    "check-in",
    meeting,
    "--code",
    "0000000000",
  ]);
  expect(wrong.code).toBe(4);
  await ok("--as", "erlan", "meeting", "check-in", meeting, "--code", code);
  const again = await kenges(["--as", "erlan", "meeting", "check-in", meeting]);
  expect(again.code).toBe(4);
  m = await json<MeetingJson>("meeting", "show", meeting);
  // Hand count: 5 voters (Zhanar and four members) at 60 % need 3; 3 are present.
  expect(m.quorum).toEqual({
    present: 3,
    voters: 5,
    quorumPercent: 60,
    required: 3,
    met: true,
  });
  expect(m.present.sort()).toEqual([ME, MEMBERS.dana!, MEMBERS.erlan!].sort());
  expect(m.agendaItems.map((i) => i.id)).toEqual([report, canteen, pay]);
  expect(m.current).toBe(pay);

  const absent = await kenges(["--as", "aigul", "meeting", "speak", meeting]);
  expect(absent.code).toBe(4);
  const pro = await ok(
    "--as",
    "dana",
    "meeting",
    "speak",
    meeting,
    "--side",
    "pro",
  );
  const contra = await ok(
    "--as",
    "erlan",
    "meeting",
    "speak",
    meeting,
    "--side",
    "contra",
  );
  const order = await ok(
    "meeting",
    "speak",
    meeting,
    "--side",
    "point-of-order",
  );
  m = await json<MeetingJson>("meeting", "show", meeting);
  let list = m.speakers.find((x) => x.item === pay)!;
  expect(list.queue.map((r) => r.id)).toEqual([order, pro, contra]);
  const byMember = await kenges(["--as", "dana", "meeting", "next", meeting]);
  expect(byMember.code).toBe(4);
  const first = await json<{ request: string; side: string }>(
    "meeting",
    "next",
    meeting,
  );
  expect(first).toMatchObject({ request: order, side: "point-of-order" });
  await ok("meeting", "next", meeting);
  await ok("--as", "erlan", "meeting", "speak", meeting, "--withdraw", contra);
  const empty = await kenges(["meeting", "next", meeting]);
  expect(empty.code).toBe(3);

  await ok("--as", "erlan", "meeting", "check-out", meeting);
  const state = await json<{
    views: { meetings: MeetingJson[] };
    state: Record<string, { meetings?: unknown[] }>;
  }>("state");
  const shown = state.views.meetings[0]!;
  expect(shown.quorum).toMatchObject({ present: 2, met: false });
  list = shown.speakers.find((x) => x.item === pay)!;
  expect(list.speaking).toMatchObject({ id: pro, member: MEMBERS.dana });
  expect(list.spoke.map((r) => r.id)).toEqual([order]);
  expect(list.queue).toEqual([]);
  expect(
    Object.values(state.state).some(
      (scope) => (scope.meetings ?? []).length === 1,
    ),
  ).toBe(true);

  // A motion taken as an item and voted on in the meeting: the minutes carry its result.
  const van = await ok(
    "motion",
    "open",
    BODY,
    "--title",
    "A van",
    "--text",
    "The depot hires a van.",
  );
  const vanItem = await ok(
    "meeting",
    "agenda",
    meeting,
    "--add",
    "A van",
    "--motion",
    van,
  );
  await ok("meeting", "agenda", meeting, "--open", vanItem);
  await ok("vote", van, "yes");
  await ok("--as", "dana", "vote", van, "yes");
  await ok("close", van);
  await ok("meeting", "close", meeting);
  const minutes = await json<{
    status: string;
    present: string[];
    items: {
      id: string;
      motion: {
        outcome: string;
        result: { decision: { yes: number; present: number } };
      } | null;
      speakers: { member: string; side: string }[];
    }[];
  }>("meeting", "minutes", meeting);
  expect(minutes.status).toBe("closed");
  expect(minutes.present.sort()).toEqual(
    [ME, MEMBERS.dana!, MEMBERS.erlan!].sort(),
  );
  const taken = minutes.items.find((i) => i.id === vanItem)!;
  // Hand count: two yes of five voters, 60 % quorum needs 3 — two ballots are no quorum.
  expect(taken.motion).toMatchObject({
    outcome: "no-quorum",
    result: { decision: { yes: 2, present: 2 } },
  });
  const payMinutes = minutes.items.find((i) => i.id === pay)!;
  expect(payMinutes.speakers).toEqual([
    { member: ME, side: "point-of-order" },
    { member: MEMBERS.dana, side: "pro" },
  ]);
  const text = await kenges(["meeting", "minutes", meeting]);
  expect(text.code).toBe(0);
  expect(text.stdout).toContain("A van");
  const late = await kenges([
    "meeting",
    "check-in",
    meeting,
    "--member",
    MEMBERS.bolat!,
  ]);
  expect(late.code).toBe(4);
  const list2 = await json<MeetingJson[]>("meeting", "list", BODY);
  expect(list2.map((x) => x.status)).toEqual(["closed"]);
}, 120_000);

it("votes in a meeting: its chair, its agenda, a motion among those present, its minutes", async () => {
  const meeting = await ok(
    "meeting",
    "convene",
    BODY,
    "--title",
    "Second assembly",
    "--speaking-time",
    "90",
  );
  for (const member of [ME, MEMBERS.dana!, MEMBERS.erlan!])
    await ok("meeting", "check-in", meeting, "--member", member);
  const election = await ok(
    "--as",
    "erlan",
    "meeting",
    "elect-chair",
    meeting,
    "--candidates",
    MEMBERS.dana!,
  );
  for (const who of ["zhanar", "dana", "erlan"])
    await ok(
      ...(who === "zhanar" ? [] : ["--as", who]),
      "vote",
      election,
      "--pick",
      "0",
    );
  await ok("close", election);
  let m = await json<MeetingJson & { chairs?: string[] }>(
    "meeting",
    "show",
    meeting,
  );
  expect(m.chairs).toEqual([MEMBERS.dana]);
  // Dana chairs this meeting now; Zhanar, the body's chair, does not.
  const byBodyChair = await kenges(["meeting", "speaking-time", meeting, "30"]);
  expect(byBodyChair.code).toBe(4);
  expect(byBodyChair.stderr).toContain("NOT_A_CHAIR");
  await ok("--as", "dana", "meeting", "speaking-time", meeting, "60");
  const [a, b] = [
    await ok("--as", "dana", "meeting", "agenda", meeting, "--add", "Tools"),
    await ok("--as", "dana", "meeting", "agenda", meeting, "--add", "Rota"),
  ];
  const reorder = await ok(
    "--as",
    "erlan",
    "meeting",
    "agenda",
    meeting,
    "--order",
    `${b},${a}`,
    "--by-vote",
  );
  for (const who of ["dana", "erlan"])
    await ok("--as", who, "vote", reorder, "yes");
  const notMeetingChair = await kenges(["close", reorder]);
  expect(notMeetingChair.code).toBe(4);
  await ok("--as", "dana", "close", reorder);
  m = await json<MeetingJson>("meeting", "show", meeting);
  expect(m.agendaItems.map((i) => i.id)).toEqual([b, a]);

  // A motion voted among the three present; Aigul arrives after it opened.
  const tools = await ok(
    "--as",
    "erlan",
    "motion",
    "open",
    BODY,
    "--title",
    "New tools",
    "--text",
    "The depot buys new tools.",
    "--meeting",
    meeting,
  );
  await ok(
    "--as",
    "dana",
    "meeting",
    "check-in",
    meeting,
    "--member",
    MEMBERS.aigul!,
  );
  const late = await kenges(["--as", "aigul", "vote", tools, "yes"]);
  expect(late.code).toBe(4);
  expect(late.stderr).toContain("NOT_PRESENT_AT_OPENING");
  await ok("vote", tools, "yes");
  await ok("--as", "dana", "vote", tools, "yes");
  await ok("--as", "erlan", "vote", tools, "no");
  await ok("--as", "dana", "close", tools);
  const { motion } = await json<{
    motion: {
      outcome: string;
      roll: string[];
      result: { decision: Record<string, number> };
    };
  }>("motion", "show", tools);
  // Hand count: 3 present at the opening (Zhanar, Dana, Erlan), 60 % of 3 → 2 must vote;
  // yes 2, no 1 of 3 voting: adopted.
  expect(motion.roll.sort()).toEqual(
    [ME, MEMBERS.dana!, MEMBERS.erlan!].sort(),
  );
  expect(motion.outcome).toBe("adopted");
  expect(motion.result.decision).toMatchObject({
    yes: 2,
    no: 1,
    abstain: 0,
    present: 3,
    quorumRequired: 2,
  });

  const shownText = await kenges(["motion", "show", tools]);
  expect(shownText.stdout).toContain(
    "A vote in the meeting “Second assembly”: the 3 present at its opening vote on it.",
  );

  const adopt = await ok(
    "--as",
    "dana",
    "meeting",
    "minutes",
    meeting,
    "--adopt",
  );
  for (const who of ["dana", "erlan", "aigul"])
    await ok("--as", who, "vote", adopt, "yes");
  await ok("--as", "dana", "close", adopt);
  const minutes = await json<{
    hash: string;
    chairs: string[];
    adopted: { motion: string; hash: string; matches: boolean };
    votes: { id: string; electorate: number }[];
  }>("meeting", "minutes", meeting);
  expect(minutes.adopted).toMatchObject({
    motion: adopt,
    hash: minutes.hash,
    matches: true,
  });
  expect(minutes.votes.map((v) => [v.id, v.electorate])).toEqual([
    [election, 3],
    [reorder, 3],
    [tools, 3],
    [adopt, 4],
  ]);

  const en = join(work, "minutes-en.html");
  const ur = join(work, "minutes-ur.html");
  await ok("meeting", "minutes", meeting, "--html", en);
  await ok("meeting", "minutes", meeting, "--html", ur, "--lang", "ur");
  const page = readFileSync(en, "utf8");
  expect(page).toContain('<html lang="en" dir="ltr">');
  expect(page).toContain("Second assembly");
  expect(page).toContain(
    "yes 2 · no 1 · abstain 0 · 3 voted of 3 present at the opening",
  );
  expect(page).toContain("these are the minutes adopted");
  expect(page).toContain(minutes.hash);
  expect(page).toContain("<bdi>Dana</bdi>");
  expect(page).not.toContain("<script");
  const urdu = readFileSync(ur, "utf8");
  expect(urdu).toContain('<html lang="ur" dir="rtl">');
  expect(urdu).toContain("کارروائی کی روداد");

  const state = await json<{
    views: {
      meetings: (MeetingJson & {
        id: string;
        chairs?: string[];
        speakingSeconds?: number;
      })[];
    };
  }>("state");
  const shown = state.views.meetings.find((x) => x.id === meeting)!;
  expect(shown).toMatchObject({ chairs: [MEMBERS.dana], speakingSeconds: 60 });
  expect(shown.agendaItems.map((i) => i.id)).toEqual([b, a]);
  expect(shown.present.sort()).toEqual(
    [ME, MEMBERS.dana!, MEMBERS.erlan!, MEMBERS.aigul!].sort(),
  );
}, 180_000);
