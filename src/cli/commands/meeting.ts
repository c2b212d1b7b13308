/**
 * @module `kenges meeting …`: a body's meeting — convene, agenda, check-in, speakers, the
 * meeting's own votes (its chair, its agenda's order, its minutes), close, minutes as text or
 * one HTML page.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  AGENDA_ITEM_KINDS,
  checkMeetingCode,
  doorWindowAt,
  MAX_SPEAKING_SECONDS,
  type MeetingRecord,
  type MeetingView,
  MIN_SPEAKING_SECONDS,
  type MinutesItem,
  meetingCode,
  meetingDemandView,
  meetingDemandViews,
  meetingMinutes,
  meetingView,
  pairKey,
  SPEAKER_SIDES,
  signMeetingPass,
  speakersQueue,
} from "../../core/index.js";
import { type CanonicalValue, toHex } from "../../crypto/index.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { createDoorKey, loadDoorKey, removeDoorKey } from "../door-keys.js";
import { choiceFlag, intFlag, requireFlag, textFlags } from "../flags.js";
import { memberName } from "../names.js";
import { pickText, short, table } from "../render.js";
import { resolveId } from "../resolve.js";
import { type Session, withSession } from "../session.js";
import { say, term } from "../words.js";

function meetingOf(s: Session, typed: string | undefined): MeetingRecord {
  const id = resolveId(s.replica, "meeting", typed);
  const m = s.replica.fold.state.meetings.get(id);
  if (m === undefined)
    throw new CliError("ID_NOT_FOUND", { kind: "meeting", id });
  return m;
}

function viewOf(s: Session, m: MeetingRecord): MeetingView {
  const fold = s.replica.fold;
  return meetingView(
    fold.state,
    fold.index,
    fold.state.meetings.get(m.id) ?? m,
  );
}

/** A meeting's, a demand's or an item's title — or, once a redaction removed it, saying so. */
function titleIn(
  s: Session,
  x: {
    readonly title: Readonly<Record<string, string>>;
    readonly redacted?: true;
  },
): string {
  return x.redacted
    ? say(s.lang, "motion.words-removed")
    : pickText(x.title, s.lang);
}

function itemTitle(s: Session, v: MeetingView, item: string): string {
  const found = [...v.agendaItems, ...v.proposedItems].find(
    (i) => i.id === item,
  );
  return found === undefined ? short(item) : titleIn(s, found);
}

/** The meeting as lines: title, when and where, quorum, the agenda, the current item's speakers. */
function describe(s: Session, v: MeetingView): string {
  const st = s.replica.fold.state;
  const name = (member: string) => memberName(st, member, v.body);
  const lines = [
    `${titleIn(s, v)}  [${term(s.lang, "meeting-status", v.status)}]  ${v.id}`,
    say(s.lang, "meeting.when-where", { when: v.when, place: v.place }),
    say(s.lang, "meeting.quorum", {
      present: v.quorum.present,
      voters: v.quorum.voters,
      required: v.quorum.required,
      met: say(
        s.lang,
        v.quorum.met ? "meeting.quorum-met" : "meeting.quorum-not-met",
      ),
    }),
    "",
    say(s.lang, "meeting.agenda", { count: v.agendaItems.length }),
    table(
      v.agendaItems.map((i, n) => [
        i.id === v.current ? "▶" : " ",
        String(n + 1),
        short(i.id),
        term(s.lang, "agenda-kind", i.kind),
        titleIn(s, i),
      ]),
    ),
  ];
  if (v.chairs !== undefined)
    lines.push(
      say(s.lang, "meeting.chairs", { names: v.chairs.map(name).join(", ") }),
    );
  if (v.speakingSeconds !== undefined)
    lines.push(
      say(s.lang, "meeting.speaking-time", { seconds: v.speakingSeconds }),
    );
  if (v.proposedItems.length > 0)
    lines.push(
      say(s.lang, "meeting.proposed", { count: v.proposedItems.length }),
      table(
        v.proposedItems.map((i) => [
          short(i.id),
          term(s.lang, "agenda-kind", i.kind),
          titleIn(s, i),
          name(i.proposer),
        ]),
      ),
    );
  const current = v.speakers.find((x) => x.item === v.current);
  if (current !== undefined) {
    lines.push(
      "",
      say(s.lang, "meeting.speakers", { item: itemTitle(s, v, current.item) }),
    );
    if (current.speaking !== null)
      lines.push(
        say(s.lang, "meeting.speaking", {
          name: name(current.speaking.member),
          side: term(s.lang, "speaker-side", current.speaking.side),
        }),
      );
    lines.push(
      table(
        current.queue.map((r, n) => [
          String(n + 1),
          short(r.id),
          term(s.lang, "speaker-side", r.side),
          name(r.member),
        ]),
      ),
    );
  }
  lines.push(
    "",
    say(s.lang, "meeting.present", {
      count: v.present.length,
      names: v.present.map(name).join(", "),
    }),
  );
  return lines.join("\n");
}

async function convene(s: Session): Promise<number> {
  const body = resolveId(s.replica, "body", s.args.positionals[1]);
  const door =
    s.args.flags.get("no-door") === true
      ? null
      : createDoorKey(s.dir, s.dataKey);
  const doorHex = door === null ? undefined : toHex(door.publicKey);
  let id: string;
  try {
    const e = await s.act(body, "meeting.convened", {
      title: textFlags(s.args, "title")!,
      when: stringFlag(s.args, "when") ?? "",
      place: stringFlag(s.args, "place") ?? "",
      door: doorHex,
      speakingSeconds: speakingSecondsFlag(s),
    });
    id = e.id;
  } catch (error) {
    if (doorHex !== undefined) removeDoorKey(s.dir, doorHex);
    throw error;
  }
  s.print({ meeting: id }, () =>
    say(s.lang, "meeting.convened", {
      id,
      command: `kenges meeting agenda ${short(id)} --add <title>`,
    }),
  );
  return 0;
}

/** Says where a demand stands: convened, or how many of the voters needed have signed. */
function demandStatus(s: Session, demand: string): number {
  const fold = s.replica.fold;
  const d = meetingDemandView(
    fold.state,
    fold.index,
    fold.state.meetingDemands.get(demand)!,
  );
  const convened = fold.state.meetings.has(demand);
  s.print({ demand, convened, joined: d.joined, needed: d.needed }, () =>
    convened
      ? say(s.lang, "meeting.demand-convened", {
          id: demand,
          command: `kenges meeting agenda ${short(demand)} --add <title>`,
        })
      : say(s.lang, "meeting.demand-signed", {
          id: demand,
          joined: d.joined,
          needed: d.needed,
          command: `kenges meeting join-demand ${short(demand)}`,
        }),
  );
  return 0;
}

/** A voter demands a meeting: convened by the rules once enough voters have joined. */
async function demand(s: Session): Promise<number> {
  const body = resolveId(s.replica, "body", s.args.positionals[1]);
  const e = await s.act(body, "meeting.demanded", {
    title: textFlags(s.args, "title")!,
    when: stringFlag(s.args, "when") ?? "",
    place: stringFlag(s.args, "place") ?? "",
  });
  return demandStatus(s, e.id);
}

/** A voter joins a demand for a meeting. */
async function joinDemand(s: Session): Promise<number> {
  const id = resolveId(s.replica, "meeting demand", s.args.positionals[1]);
  const d = s.replica.fold.state.meetingDemands.get(id);
  if (d === undefined)
    throw new CliError("ID_NOT_FOUND", { kind: "meeting demand", id });
  await s.act(d.body, "meeting.demand-joined", { demand: id });
  return demandStatus(s, id);
}

function speakingSecondsFlag(s: Session): number | undefined {
  return intFlag(
    s.args,
    "speaking-time",
    MIN_SPEAKING_SECONDS,
    MAX_SPEAKING_SECONDS,
  );
}

/**
 * Opens a motion in the meeting — a vote of those present now — and says how to vote on it.
 * The meeting's chair closes it with `kenges close`.
 */
async function openInMeeting(
  s: Session,
  m: MeetingRecord,
  payload: Record<string, CanonicalValue | undefined>,
  how: string,
): Promise<number> {
  const e = await s.act(m.body, "motion.opened", {
    ...payload,
    meeting: m.id,
  });
  s.print({ motion: e.id }, () =>
    say(s.lang, "meeting.vote-opened", {
      id: e.id,
      command: `kenges vote ${short(e.id)} ${how}`,
    }),
  );
  return 0;
}

/** `kenges meeting elect-chair`: the meeting elects its own chair, for this meeting only. */
async function electChair(s: Session): Promise<number> {
  const m = meetingOf(s, s.args.positionals[1]);
  const options = requireFlag(s.args, "candidates")
    .split(",")
    .filter((c) => c.trim() !== "")
    .map((c) => {
      const member = resolveId(s.replica, "member", c.trim());
      return {
        label: memberName(s.replica.fold.state, member, m.body),
        member,
      };
    });
  return openInMeeting(
    s,
    m,
    {
      kind: "election",
      title: textFlags(s.args, "title", false) ?? {
        [s.lang]: say(s.lang, "meeting.chairs", { names: "…" }),
      },
      text: textFlags(s.args, "title", false) ?? { en: "—" },
      method: stringFlag(s.args, "method"),
      options,
      subject: { kind: "election", role: "meeting-chair", meeting: m.id },
    },
    "--pick N",
  );
}

async function agenda(s: Session): Promise<number> {
  const m = meetingOf(s, s.args.positionals[1]);
  const add = textFlags(s.args, "add", false);
  const order = stringFlag(s.args, "order");
  const open = stringFlag(s.args, "open");
  if (add !== undefined) {
    const motion = stringFlag(s.args, "motion");
    const e = await s.act(m.body, "meeting.item-proposed", {
      meeting: m.id,
      kind:
        choiceFlag(s.args, "kind", AGENDA_ITEM_KINDS) ??
        (motion === undefined ? "point" : "motion"),
      title: add,
      motion:
        motion === undefined
          ? undefined
          : resolveId(s.replica, "motion", motion),
    });
    s.print({ item: e.id }, () =>
      say(s.lang, "meeting.item-proposed", { id: e.id }),
    );
    return 0;
  }
  if (order !== undefined) {
    const items = order
      .split(",")
      .map((x) => x.trim())
      .filter((x) => x !== "")
      .map((x) => resolveId(s.replica, "item", x));
    if (s.args.flags.get("by-vote") === true) {
      const v = viewOf(s, m);
      const title = items.map((i) => itemTitle(s, v, i)).join(" · ");
      return openInMeeting(
        s,
        m,
        {
          kind: "agenda",
          title: { [s.lang]: title.slice(0, 300) || "—" },
          text: { [s.lang]: title || "—" },
          subject: { kind: "agenda", meeting: m.id, items },
        },
        "yes|no|abstain",
      );
    }
    const e = await s.act(m.body, "meeting.agenda-set", {
      meeting: m.id,
      items,
    });
    s.print({ event: e.id }, () =>
      say(s.lang, "meeting.agenda-set", { count: items.length }),
    );
    return 0;
  }
  if (open !== undefined) {
    const item = resolveId(s.replica, "item", open);
    const e = await s.act(m.body, "meeting.item-opened", {
      meeting: m.id,
      item,
    });
    s.print({ event: e.id }, () =>
      say(s.lang, "meeting.item-opened", {
        title: itemTitle(s, viewOf(s, m), item),
      }),
    );
    return 0;
  }
  const v = viewOf(s, m);
  s.print(
    { agenda: v.agendaItems, proposed: v.proposedItems, current: v.current },
    () => describe(s, v),
  );
  return 0;
}

async function checkIn(s: Session, out: boolean): Promise<number> {
  const m = meetingOf(s, s.args.positionals[1]);
  const who = await s.identity();
  const typed = stringFlag(s.args, "member");
  const member =
    typed === undefined
      ? memberOfKey(s, m.body, toHex(who.key.publicKey))
      : resolveId(s.replica, "member", typed);
  if (out) {
    const e = await s.act(m.body, "meeting.checked-out", {
      meeting: m.id,
      member,
    });
    s.print({ event: e.id }, () =>
      say(s.lang, "meeting.checked-out", {
        name: memberName(s.replica.fold.state, member, m.body),
      }),
    );
    return 0;
  }
  const code = stringFlag(s.args, "code");
  let pass: { window: number; signature: string } | undefined;
  if (code !== undefined) {
    // The code on the projector, checked here against this machine's clock with the door key
    // kept here (the chair's laptop); the hub does the same for phones.
    if (m.door === null)
      throw new CliError("MEETING_PASS_INVALID", { meeting: m.id });
    const door = loadDoorKey(s.dir, s.dataKey, m.door);
    if (door === null)
      throw new CliError("DOOR_KEY_NOT_HERE", { meeting: m.id });
    const window = checkMeetingCode(
      door.secretKey,
      m.id,
      code.toLowerCase(),
      Date.now(),
    );
    if (window === null)
      throw new CliError("MEETING_PASS_INVALID", { meeting: m.id });
    pass = {
      window,
      signature: signMeetingPass(door.secretKey, m.id, member, window),
    };
  }
  const e = await s.act(m.body, "meeting.checked-in", {
    meeting: m.id,
    member,
    pass,
  });
  s.print({ event: e.id }, () =>
    say(s.lang, "meeting.checked-in", {
      name: memberName(s.replica.fold.state, member, m.body),
    }),
  );
  return 0;
}

/** The member a key acts for in a body (a device key added for them), else the key itself. */
function memberOfKey(s: Session, body: string, key: string): string {
  return s.replica.fold.state.keys.get(pairKey(body, key))?.member ?? key;
}

function currentItem(s: Session, m: MeetingRecord): string {
  const typed = stringFlag(s.args, "item");
  if (typed !== undefined) return resolveId(s.replica, "item", typed);
  if (m.current === null) throw new CliError("USAGE", { missing: "--item" });
  return m.current;
}

async function speak(s: Session): Promise<number> {
  const m = meetingOf(s, s.args.positionals[1]);
  const withdraw = stringFlag(s.args, "withdraw");
  if (withdraw !== undefined) {
    const request = resolveId(s.replica, "event", withdraw);
    const e = await s.act(m.body, "meeting.speaker-withdrawn", {
      meeting: m.id,
      request,
    });
    s.print({ event: e.id }, () =>
      say(s.lang, "meeting.speaker-withdrawn", { id: short(request) }),
    );
    return 0;
  }
  const item = currentItem(s, m);
  const side = choiceFlag(s.args, "side", SPEAKER_SIDES) ?? "pro";
  const e = await s.act(m.body, "meeting.speaker-requested", {
    meeting: m.id,
    item,
    side,
  });
  const queue = speakersQueue(
    s.replica.fold.state.meetings.get(m.id)!.speakers,
    item,
  );
  s.print({ request: e.id }, () =>
    say(s.lang, "meeting.speaker-requested", {
      id: short(e.id),
      place: queue.findIndex((r) => r.id === e.id) + 1,
    }),
  );
  return 0;
}

async function next(s: Session): Promise<number> {
  const m = meetingOf(s, s.args.positionals[1]);
  const item = currentItem(s, m);
  const head = speakersQueue(m.speakers, item)[0];
  if (head === undefined)
    throw new CliError("SPEAKERS_QUEUE_EMPTY", { meeting: m.id });
  const e = await s.act(m.body, "meeting.floor-given", {
    meeting: m.id,
    request: head.id,
  });
  s.print(
    { event: e.id, request: head.id, member: head.member, side: head.side },
    () =>
      say(s.lang, "meeting.floor-given", {
        name: memberName(s.replica.fold.state, head.member, m.body),
        side: term(s.lang, "speaker-side", head.side),
      }),
  );
  return 0;
}

/** The minutes as lines: who was present, each item with its motion's outcome and its speakers. */
async function minutes(s: Session): Promise<number> {
  const m = meetingOf(s, s.args.positionals[1]);
  const fold = s.replica.fold;
  const st = fold.state;
  const data = meetingMinutes(st, fold.index, m.id)!;
  const name = (member: string) => memberName(st, member, m.body);
  if (s.args.flags.get("adopt") === true) {
    // Adopted by a vote in this meeting, or in a later one (`--in`), naming what is adopted.
    const typed = stringFlag(s.args, "in");
    const where = typed === undefined ? m : meetingOf(s, typed);
    return openInMeeting(
      s,
      where,
      {
        kind: "minutes",
        title: {
          [s.lang]:
            `${say(s.lang, "meeting.minutes.heading")}: ${titleIn(s, m)}`.slice(
              0,
              300,
            ),
        },
        text: {
          [s.lang]: say(s.lang, "meeting.minutes.hash", { hash: data.hash }),
        },
        subject: { kind: "minutes", meeting: m.id, hash: data.hash },
      },
      "yes|no|abstain",
    );
  }
  const html = stringFlag(s.args, "html");
  if (html !== undefined) {
    const out = resolve(s.io.cwd, html);
    // Loaded only here: the server's module graph is not every meeting command's cost.
    const { minutesHtml } = await import("../../server/index.js");
    writeFileSync(out, minutesHtml(data, { lang: s.lang, nameOf: name }));
    s.print({ file: out, hash: data.hash }, () =>
      say(s.lang, "meeting.minutes.html-written", { file: out }),
    );
    return 0;
  }
  const itemLines = (i: MinutesItem, n: number | null): string[] => {
    const lines = [
      `${n === null ? "-" : `${n}.`} ${titleIn(s, i)} [${term(s.lang, "agenda-kind", i.kind)}]`,
    ];
    const motions = [
      ...(i.motion === null ? [] : [i.motion]),
      ...(i.votes ?? []),
    ].flatMap((x) => [...x.amendments, x]);
    for (const x of motions)
      lines.push(
        `   ${say(s.lang, "meeting.minutes.motion", {
          title: titleIn(s, x),
          outcome:
            x.status === "decided"
              ? term(s.lang, "outcome", x.outcome ?? "")
              : term(s.lang, "status", x.status),
        })}`,
      );
    if (i.speakers.length > 0)
      lines.push(
        `   ${say(s.lang, "meeting.minutes.spoke", {
          names: i.speakers
            .map(
              (x) =>
                `${name(x.member)} (${term(s.lang, "speaker-side", x.side)})`,
            )
            .join(", "),
        })}`,
      );
    return lines;
  };
  s.print(data, () =>
    [
      `${titleIn(s, data)}  [${term(s.lang, "meeting-status", data.status)}]`,
      say(s.lang, "meeting.when-where", { when: data.when, place: data.place }),
      say(s.lang, "meeting.minutes.present", {
        count: data.present.length,
        names: data.present.map(name).join(", "),
      }),
      "",
      ...data.items.flatMap((i, n) => itemLines(i, n + 1)),
      ...data.notTaken.flatMap((i) => itemLines(i, null)),
      "",
      say(s.lang, "meeting.minutes.votes", { count: data.votes.length }),
      ...data.votes.map(
        (x) =>
          `   ${say(s.lang, "meeting.minutes.motion", {
            title: titleIn(s, x),
            outcome:
              x.status === "decided"
                ? term(s.lang, "outcome", x.outcome ?? "")
                : term(s.lang, "status", x.status),
          })}`,
      ),
      "",
      data.adopted === null
        ? say(s.lang, "meeting.minutes.not-adopted")
        : `${say(s.lang, "meeting.minutes.adopted", { motion: short(data.adopted.motion) })} ${say(
            s.lang,
            data.adopted.matches
              ? "meeting.minutes.adopted-matches"
              : "meeting.minutes.adopted-differ",
          )}`,
      say(s.lang, "meeting.minutes.hash", { hash: data.hash }),
    ].join("\n"),
  );
  return 0;
}

export const meetingCommand: Command = {
  name: "meeting",
  usage: `kenges meeting convene <body> --title <title> [--title-kk …] [--when <text>] [--place <text>] [--no-door] [--speaking-time <seconds>]
        (as a chair; the door key for check-in by code is kept sealed here)
  kenges meeting demand <body> --title <title> [--title-kk …] [--when <text>] [--place <text>]
        (as a voter, without a chair: convened by the rules once enough voters have joined)
  kenges meeting join-demand <demand>                          (as a voter) sign another's demand for a meeting
  kenges meeting list <body> [--json]                          its meetings, and demands not yet convened
  kenges meeting show <meeting> [--json]
  kenges meeting agenda <meeting> [--json]                     the agenda and proposed items
  kenges meeting agenda <meeting> --add <title> [--add-kk …] [--kind motion|election|report|point] [--motion <motion>]
  kenges meeting agenda <meeting> --order <item>,<item>…       (as a chair) the agenda's order
  kenges meeting agenda <meeting> --order <item>,<item>… --by-vote   the order put to the vote of those present
  kenges meeting agenda <meeting> --open <item>                (as a chair) the item under discussion
  kenges meeting check-in <meeting> [--member <member>]         (a chair checks in anyone; a member
        themselves with --code <code on the projector>, where the door key is held)
  kenges meeting check-out <meeting> [--member <member>]
  kenges meeting code <meeting>                                the door's code now (where its key is held)
  kenges meeting speak <meeting> [--side pro|contra|point-of-order] [--item <item>]
  kenges meeting speak <meeting> --withdraw <request>
  kenges meeting next <meeting> [--item <item>]                (as a chair) the floor to the queue's head
  kenges meeting speaking-time <meeting> <seconds>             (as a chair) each speaker's time
  kenges meeting elect-chair <meeting> --candidates <member>,<member>… [--method plurality|…]
        the meeting elects its own chair by a vote of those present (closed with kenges close)
  kenges meeting close <meeting>
  kenges meeting minutes <meeting> [--json]                    who was present, each item, motions and results, speakers
  kenges meeting minutes <meeting> --html <file> [--lang en|ru|kk|ur]   the minutes as one HTML page
  kenges meeting minutes <meeting> --adopt [--in <meeting>]    put these minutes (their hash) to the vote of this meeting, or a later one
  (votes in a meeting: kenges motion open <body> … --meeting <meeting>)`,
  async run(args, io) {
    const verb = args.positionals[0];
    return withSession(args, io, async (s) => {
      switch (verb) {
        case "convene":
          return convene(s);
        case "demand":
          return demand(s);
        case "join-demand":
          return joinDemand(s);
        case "list": {
          const body = resolveId(s.replica, "body", args.positionals[1]);
          const fold = s.replica.fold;
          const list = [...fold.state.meetings.values()]
            .filter((m) => m.body === body)
            .map((m) => meetingView(fold.state, fold.index, m));
          const demands = meetingDemandViews(fold.state, fold.index, {
            scopes: new Set([body]),
            pending: true,
          });
          // The JSON stays the list of meetings; pending demands show in the text.
          s.print(list, () =>
            [
              table(
                list.map((v) => [
                  short(v.id),
                  term(s.lang, "meeting-status", v.status),
                  titleIn(s, v),
                  v.when,
                  v.place,
                ]),
              ),
              ...(demands.length === 0
                ? []
                : [
                    "",
                    say(s.lang, "meeting.demands-pending", {
                      count: demands.length,
                    }),
                    table(
                      demands.map((d) => [
                        short(d.id),
                        say(s.lang, "meeting.demand-count", {
                          joined: d.joined,
                          needed: d.needed,
                        }),
                        titleIn(s, d),
                        d.when,
                        d.place,
                      ]),
                    ),
                  ]),
            ].join("\n"),
          );
          return 0;
        }
        case "show": {
          const v = viewOf(s, meetingOf(s, args.positionals[1]));
          s.print(v, () => describe(s, v));
          return 0;
        }
        case "agenda":
          return agenda(s);
        case "check-in":
          return checkIn(s, false);
        case "check-out":
          return checkIn(s, true);
        case "code": {
          const m = meetingOf(s, args.positionals[1]);
          const door =
            m.door === null ? null : loadDoorKey(s.dir, s.dataKey, m.door);
          if (door === null)
            throw new CliError("DOOR_KEY_NOT_HERE", { meeting: m.id });
          const now = Date.now();
          const code = meetingCode(door.secretKey, m.id, doorWindowAt(now));
          s.print({ code, window: doorWindowAt(now) }, () => code);
          return 0;
        }
        case "speak":
          return speak(s);
        case "next":
          return next(s);
        case "elect-chair":
          return electChair(s);
        case "speaking-time": {
          const m = meetingOf(s, args.positionals[1]);
          const seconds = Number(args.positionals[2]);
          if (
            !Number.isInteger(seconds) ||
            seconds < MIN_SPEAKING_SECONDS ||
            seconds > MAX_SPEAKING_SECONDS
          )
            throw new CliError("FLAG_INVALID", {
              flag: "seconds",
              value: args.positionals[2] ?? "",
            });
          const e = await s.act(m.body, "meeting.speaking-time-set", {
            meeting: m.id,
            seconds,
          });
          s.print({ event: e.id }, () =>
            say(s.lang, "meeting.speaking-time-set", { seconds }),
          );
          return 0;
        }
        case "minutes":
          return minutes(s);
        case "close": {
          const m = meetingOf(s, args.positionals[1]);
          const e = await s.act(m.body, "meeting.closed", { meeting: m.id });
          s.print({ event: e.id }, () =>
            say(s.lang, "meeting.closed", { title: titleIn(s, m) }),
          );
          return 0;
        }
        default:
          throw new CliError("USAGE", { command: "meeting", verb: verb ?? "" });
      }
    });
  },
};
