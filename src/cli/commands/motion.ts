/** @module `kenges motion …`, `vote`, `close`, `comment`, `redact`: the life of a motion. */

import {
  type CausalView,
  closeResultFor,
  type DeadlineStatus,
  deadlineStatus,
  keptPartOf,
  MOTION_KINDS,
  type MotionRecord,
} from "../../core/index.js";
import { type CanonicalValue, decodeCanonical } from "../../crypto/index.js";
import { CliError } from "../cli-error.js";
import { closingTimeFrom } from "../closing-time.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { choiceFlag, intFlag, requireFlag, textFlags } from "../flags.js";
import { memberName } from "../names.js";
import { formatTime, pickText, short, table } from "../render.js";
import { resolveId } from "../resolve.js";
import { secretFromFlags } from "../secret-flags.js";
import { secretMotionShow } from "../secret-motion-show.js";
import { type SecretVoteStep, secretVote } from "../secret-vote.js";
import { type Session, withSession } from "../session.js";
import { say, term } from "../words.js";
import { attestersFrom, rulesFromFlags } from "./body.js";

function describeResult(m: MotionRecord, s: Session): string {
  const r = m.result;
  if (r === null) return term(s.lang, "status", m.status);
  const outcome = term(s.lang, "outcome", m.outcome ?? "");
  if (r.kind === "decision") {
    const d = r.decision;
    return say(s.lang, "motion.result.decision", {
      outcome,
      yes: d.yes,
      no: d.no,
      abstain: d.abstain,
      present: d.present,
      quorum: d.quorumRequired,
      threshold: term(s.lang, "threshold", d.threshold),
    });
  }
  const names = r.election.elected.map((i) => m.options[i]?.label ?? String(i));
  return say(s.lang, "motion.result.election", {
    outcome,
    names: names.join(", "),
    present: r.present,
    eligible: r.eligible,
  });
}

async function open(s: Session, amend: boolean): Promise<number> {
  const args = s.args;
  let body: string;
  let amends: string | undefined;
  let text = textFlags(args, "text");
  if (amend) {
    amends = resolveId(s.replica, "motion", args.positionals[1]);
    const target = s.replica.fold.state.motions.get(amends);
    if (!target)
      throw new CliError("ID_NOT_FOUND", { kind: "motion", id: amends });
    body = target.body;
    // An amendment replaces the languages it gives; the others keep the motion's text.
    text = { ...target.text, ...text };
  } else body = resolveId(s.replica, "body", args.positionals[1]);
  const kind = amend
    ? "amendment"
    : (choiceFlag(args, "kind", MOTION_KINDS) ?? "resolution");
  const payload: Record<string, CanonicalValue | undefined> = {
    kind,
    title: textFlags(args, "title", !amend) ?? { en: "Amendment" },
    text,
    method: stringFlag(args, "method"),
    amends,
    closesAt: closingTimeFrom(args, Date.now()),
    meeting:
      args.flags.get("meeting") === undefined
        ? undefined
        : resolveId(s.replica, "meeting", requireFlag(args, "meeting")),
    // The agenda item the meeting's vote decides (the minutes list the vote under it).
    item:
      args.flags.get("item") === undefined
        ? undefined
        : resolveId(s.replica, "item", requireFlag(args, "item")),
  };
  const candidates = args.flags.get("candidates");
  if (typeof candidates === "string") {
    payload.options = candidates.split(",").map((c) => {
      const member = resolveId(s.replica, "member", c.trim());
      return {
        label: memberName(s.replica.fold.state, member, body),
        member,
      };
    });
    payload.seats = intFlag(args, "seats", 1, 100);
  }
  payload.secret = secretFromFlags(s.replica, args);
  switch (kind) {
    case "rules":
      payload.subject = {
        kind: "rules",
        rules: rulesFromFlags(
          args,
          s.replica.fold.state.bodies.get(body)?.rules,
        ) as unknown as CanonicalValue,
      };
      break;
    case "admission":
      payload.subject = {
        kind: "admission",
        request: resolveId(s.replica, "request", requireFlag(args, "request")),
      };
      break;
    case "removal":
      payload.subject = {
        kind: "removal",
        member: resolveId(s.replica, "member", requireFlag(args, "member")),
      };
      break;
    case "redaction": {
      const event = resolveId(s.replica, "event", requireFlag(args, "event"));
      const keep = keepFor(s, event);
      payload.subject = {
        kind: "redaction",
        event,
        ...(keep === undefined ? {} : { keep }),
      };
      break;
    }
    case "election":
      payload.subject = { kind: "election", role: "chair" };
      break;
    case "credentials": {
      const below = resolveId(s.replica, "body", requireFlag(args, "for"));
      payload.subject = {
        kind: "credentials",
        body: below,
        attesters: await attestersFrom(s, below, false),
        threshold: intFlag(args, "threshold", 1, 16) ?? 1,
      };
      break;
    }
  }
  const e = await s.act(body, "motion.opened", payload);
  s.print({ motion: e.id }, () =>
    say(s.lang, "motion.opened", {
      id: e.id,
      command: `kenges vote ${short(e.id)} yes|no|abstain`,
    }),
  );
  return 0;
}

/** The present fold as a view: every held event known, every held scope seen. */
function presentView(s: Session): CausalView {
  const fold = s.replica.fold;
  return {
    state: fold.state,
    knows: () => true,
    precedes: (x, y) => fold.index.precedes(x, y),
    sees: () => true,
    canSee: () => true,
  };
}

/** The lines `motion show` gives a motion's closing time and who said it passed. */
function deadlineLines(
  s: Session,
  m: MotionRecord,
  d: DeadlineStatus,
): string[] {
  const st = s.replica.fold.state;
  const lines = [
    say(s.lang, "motion.closes-at", { time: formatTime(d.closesAt) }),
  ];
  if (d.closedByDeadline)
    lines.push(say(s.lang, "motion.closed-by-deadline", { needed: d.needed }));
  else if (d.attesters.length > 0)
    lines.push(
      say(s.lang, "motion.deadline-attesters", {
        count: d.attesters.length,
        needed: d.needed,
        names: d.attesters.map((a) => memberName(st, a, m.body)).join(", "),
      }),
    );
  return lines;
}

/** `kenges motion deadline-passed <motion>`: says the closing time has passed; the k-th closes it. */
async function deadlinePassed(s: Session): Promise<number> {
  const motion = resolveId(s.replica, "motion", s.args.positionals[1]);
  const m = s.replica.fold.state.motions.get(motion);
  if (m === undefined)
    throw new CliError("ID_NOT_FOUND", { kind: "motion", id: motion });
  if (m.closesAt === undefined)
    throw new CliError("MOTION_HAS_NO_DEADLINE", { motion });
  // An honest device never signs early (the fold refuses an early claimed time anyway).
  const now = Date.now();
  if (now < m.closesAt)
    throw new CliError("DEADLINE_NOT_PASSED", {
      motion,
      closesAt: m.closesAt,
      time: now,
    });
  const e = await s.act(m.body, "motion.deadline-passed", { motion });
  const after = s.replica.fold.state.motions.get(motion)!;
  const d = deadlineStatus(presentView(s), motion)!;
  s.print(
    {
      event: e.id,
      closed: after.status === "decided",
      attesters: d.attesters,
      needed: d.needed,
      outcome: after.outcome,
      result: after.result,
    },
    () =>
      after.status === "decided"
        ? `${say(s.lang, "motion.deadline-closed", { needed: d.needed })}\n${describeResult(after, s)}`
        : say(s.lang, "motion.deadline-attested", {
            count: d.attesters.length,
            needed: d.needed,
          }),
  );
  return 0;
}

function show(s: Session): number {
  const id = resolveId(s.replica, "motion", s.args.positionals[1]);
  const st = s.replica.fold.state;
  const m = st.motions.get(id);
  if (!m) throw new CliError("ID_NOT_FOUND", { kind: "motion", id });
  // A secret motion: its checkable figures instead of anyone's ballot.
  const secret = secretMotionShow(s, id);
  const deadline = deadlineStatus(presentView(s), id);
  const ballots = st.ballots.get(id);
  // Each comment as its author last wrote it; its earlier versions beside it (none redacted).
  const comments = st.comments
    .get(id)
    .filter((c) => !st.redactions.has(c.id))
    .map((c) => {
      const edits = st.commentEdits
        .get(c.id)
        .filter((e) => !st.redactions.has(e.id));
      const latest = edits.at(-1);
      return latest === undefined
        ? c
        : {
            ...c,
            text: latest.text,
            lang: latest.lang,
            earlier: [
              { text: c.text, lang: c.lang, time: c.time },
              ...edits.slice(0, -1).map(({ id: _id, ...v }) => v),
            ],
          };
    });
  s.print(
    {
      motion: m,
      ballots: ballots.map(({ at: _at, ...b }) => b),
      ...(secret?.json ?? {}),
      ...(deadline === null ? {} : { deadline }),
      comments,
    },
    () =>
      [
        `${m.redacted ? say(s.lang, "motion.words-removed") : pickText(m.title, s.lang)}  [${term(s.lang, "motion-kind", m.kind)}, ${m.method}]  ${id}`,
        say(s.lang, "motion.where", {
          body: pickText(st.bodies.get(m.body)?.name ?? {}, s.lang),
          name: memberName(st, m.proposer, m.body),
          time: formatTime(m.openedAt),
        }),
        m.meeting === undefined
          ? ""
          : say(s.lang, "motion.in-meeting", {
              title: pickText(st.meetings.get(m.meeting)?.title ?? {}, s.lang),
              count: m.roll?.length ?? 0,
            }),
        "",
        pickText(m.text, s.lang),
        "",
        m.options.length
          ? say(s.lang, "motion.options", {
              options: m.options.map((o, i) => `${i}: ${o.label}`).join("; "),
            })
          : "",
        m.subject?.kind !== "plan"
          ? ""
          : m.subject.period === undefined
            ? say(s.lang, "plan.adopted.any-period")
            : say(s.lang, "plan.adopted.period", { period: m.subject.period }),
        m.amendments.length
          ? say(s.lang, "motion.amendments", {
              amendments: m.amendments
                .map((a) => {
                  const x = st.motions.get(a);
                  const word = x?.outcome
                    ? term(s.lang, "outcome", x.outcome)
                    : x
                      ? term(s.lang, "status", x.status)
                      : "";
                  return `${short(a)} ${word}`;
                })
                .join(", "),
            })
          : "",
        m.amendedBy
          ? say(s.lang, "motion.amended-by", { id: short(m.amendedBy) })
          : "",
        say(s.lang, "motion.status", { status: describeResult(m, s) }),
        ...(deadline === null ? [] : deadlineLines(s, m, deadline)),
        ...(secret?.lines ?? []),
        say(s.lang, "motion.counts", {
          ballots: secret?.json.secret.ballots ?? ballots.length,
          comments: comments.length,
        }),
        ...comments
          .slice(-5)
          .map((c) => `  ${memberName(st, c.member, m.body)}: ${c.text}`),
      ]
        .filter((l) => l !== "")
        .join("\n"),
  );
  return 0;
}

export const motionCommand: Command = {
  name: "motion",
  usage: `kenges motion open <body> --title <title> --text <text> [--title-kk …] [--text-ru …]
        [--kind resolution|demand|election|recall|rules|action|admission|removal|redaction|credentials]
        [--method yes-no-abstain|plurality|approval|irv|scottish-stv|meek-stv|schulze|ranked-pairs]
        [--candidates <member>,<member>… --seats N]   (elections)
        [--secret --registrar <offer> --registrar <offer>…]   (a secret ballot: 2 to 5 registrar offers)
        [--closes-at <time> | --closes-in <duration>]   (a closing time: 2026-12-07T18:00Z, or 2h, 90m, 1d12h from now)
        [--meeting <meeting> [--item <item>]]   (a vote in the meeting: those present now are its electorate;
                                 --item: the agenda item it decides)
        [--request <join request>] [--member <member>] [--event <event>]   (admission, removal, redaction)
        [--endorsements N --quorum P --meeting-demand P …]   (rules: the proposed rules)
        [--for <body below> --attester <label|key>… --threshold k]   (credentials: a council replaces a body's attesters)
  kenges motion amend <motion> --text <replacement text> [--text-kk …] [--title …]
        (the languages not given keep the motion's text)
  kenges motion withdraw <motion>
  kenges motion deadline-passed <motion>   (after its closing time: k members saying so close it, k = 3 or fewer in a small body)
  kenges motion list <body> [--json]
  kenges motion show <motion> [--json]`,
  async run(args, io) {
    const verb = args.positionals[0];
    return withSession(args, io, async (s) => {
      switch (verb) {
        case "open":
          return open(s, false);
        case "amend":
          return open(s, true);
        case "withdraw": {
          const motion = resolveId(s.replica, "motion", args.positionals[1]);
          const e = await s.act(s.bodyOfMotion(motion), "motion.withdrawn", {
            motion,
          });
          s.print({ event: e.id }, () =>
            say(s.lang, "motion.withdrawn", { id: short(motion) }),
          );
          return 0;
        }
        case "list": {
          const body = resolveId(s.replica, "body", args.positionals[1]);
          const motions = [...s.replica.fold.state.motions.values()].filter(
            (m) => m.body === body,
          );
          s.print(motions, () =>
            table(
              motions.map((m) => [
                short(m.id),
                term(s.lang, "motion-kind", m.kind),
                m.status === "decided"
                  ? term(s.lang, "outcome", m.outcome ?? "")
                  : term(s.lang, "status", m.status),
                m.redacted
                  ? say(s.lang, "motion.words-removed")
                  : pickText(m.title, s.lang),
              ]),
            ),
          );
          return 0;
        }
        case "show":
          return show(s);
        case "deadline-passed":
          return deadlinePassed(s);
        default:
          throw new CliError("USAGE", { command: "motion", verb: verb ?? "" });
      }
    });
  },
};

/** Parses "1,2;3" as the ranking [[1,2],[3]] (commas: equal preference; semicolons or spaces: next). */
/** An option number as the member typed it: a whole number from 0, else FLAG_INVALID naming the flag. */
function optionNumber(flag: string, text: string, value: string): number {
  if (!/^\d{1,3}$/.test(value))
    throw new CliError("FLAG_INVALID", { flag, value: text });
  return Number(value);
}

/** `--approve 0,2` (or `0;2`, `0 2`): the approved options. */
function parseApprovals(text: string): number[] {
  return text
    .split(/[,;\s]+/)
    .filter((x) => x !== "")
    .map((x) => optionNumber("approve", text, x));
}

/** `--rank "2;0,1;3"`: semicolons (or `>`) order, commas tie. */
function parseRanking(text: string): number[][] {
  return text
    .split(/[;>\s]+/)
    .filter((g) => g !== "")
    .map((g) =>
      g
        .split(",")
        .filter((x) => x !== "")
        .map((x) => optionNumber("rank", text, x)),
    );
}

/** The choice the flags give (the same for open and secret ballots), or null when none is given. */
function choiceOf(args: Session["args"]): CanonicalValue | null {
  const word = args.positionals[1];
  if (word === "yes" || word === "no" || word === "abstain")
    return { vote: word };
  if (stringFlag(args, "pick") !== undefined)
    return { pick: intFlag(args, "pick", 0, 99)! };
  if (stringFlag(args, "approve") !== undefined)
    return { approve: parseApprovals(stringFlag(args, "approve")!) };
  if (stringFlag(args, "rank") !== undefined)
    return { ranking: parseRanking(stringFlag(args, "rank")!) };
  return null;
}

/** What a run of `kenges vote` on a secret motion says it did. */
function describeSecretStep(s: Session, step: SecretVoteStep): string {
  switch (step.step) {
    case "requested":
      return say(s.lang, "secret.requested", { id: short(step.request) });
    case "waiting":
      return say(s.lang, "secret.waiting", {
        count: step.waitingFor.length,
        offers: step.waitingFor.map(short).join(", "),
      });
    case "tokens-ready":
      return say(s.lang, "secret.tokens-ready");
    case "cast":
      return say(s.lang, "secret.cast", { id: step.ballot });
  }
}

export const voteCommand: Command = {
  name: "vote",
  usage: `kenges vote <motion> yes|no|abstain
  kenges vote <motion> --pick N            (plurality)
  kenges vote <motion> --approve 0,2       (approval; "0;2" too)
  kenges vote <motion> --rank "2;0,1;3"    (ranked methods; commas tie, semicolons order)
  kenges vote <motion> [choice] [--json]   (a secret motion: the first run asks the registrars
        for tokens, a later one — once they answered — casts the ballot with a one-time key;
        without a choice it only fetches the tokens, to vote later, offline)`,
  async run(args, io) {
    return withSession(args, io, async (s) => {
      const motion = resolveId(s.replica, "motion", args.positionals[0]);
      const given = choiceOf(args);
      const secret = s.replica.fold.state.secretMotions.get(motion);
      if (secret !== undefined) {
        const step = await secretVote(s, secret, given);
        s.print(step, () => describeSecretStep(s, step));
        return 0;
      }
      if (given === null)
        throw new CliError("USAGE", {
          missing: "yes|no|abstain, --pick, --approve or --rank",
        });
      const choice = given;
      const e = await s.act(s.bodyOfMotion(motion), "ballot.cast", {
        motion,
        choice,
      });
      s.print({ ballot: e.id }, () =>
        say(s.lang, "motion.ballot", { id: e.id }),
      );
      return 0;
    });
  },
};

export const closeCommand: Command = {
  name: "close",
  usage: "kenges close <motion> [--json]",
  async run(args, io) {
    return withSession(args, io, async (s) => {
      const motion = resolveId(s.replica, "motion", args.positionals[0]);
      // A close states its result: counted on a draft placed where the close will be.
      const e = await s.act(
        s.bodyOfMotion(motion),
        "vote.closed",
        { motion },
        {
          payloadFor: (fold, draft) => {
            const r = closeResultFor(fold, motion, draft);
            return r.ok
              ? {
                  ok: true,
                  value: { motion, result: r.value as CanonicalValue },
                }
              : r;
          },
        },
      );
      const m = s.replica.fold.state.motions.get(motion)!;
      s.print({ event: e.id, outcome: m.outcome, result: m.result }, () =>
        describeResult(m, s),
      );
      return 0;
    });
  },
};

export const commentCommand: Command = {
  name: "comment",
  usage: "kenges comment <motion> --text <text> [--lang en|kk|ru|ur]",
  async run(args, io) {
    return withSession(args, io, async (s) => {
      const motion = resolveId(s.replica, "motion", args.positionals[0]);
      const e = await s.act(s.bodyOfMotion(motion), "comment.posted", {
        motion,
        text: requireFlag(args, "text"),
        lang: s.lang,
      });
      s.print({ comment: e.id }, () =>
        say(s.lang, "motion.comment", { id: e.id }),
      );
      return 0;
    });
  },
};

/**
 * What a redaction of `event` must keep of it (a motion, a meeting, an agenda item: everything
 * but its words), computed from the payload this replica holds; undefined for a comment, a join
 * request or a demand for a meeting.
 */
function keepFor(s: Session, event: string): CanonicalValue | undefined {
  const type = s.replica.fold.typeOf(event);
  const bytes = s.replica.fold.payloadOf(event);
  if (type === null || bytes === null) return undefined;
  const payload = decodeCanonical(bytes);
  return payload.ok ? keptPartOf(type, payload.value) : undefined;
}

export const redactCommand: Command = {
  name: "redact",
  usage:
    "kenges redact <event> [--reason <why>]     (a comment, a join request's name, a motion's title and text, a meeting's or a meeting demand's words, an agenda item's title; in its own body)",
  async run(args, io) {
    return withSession(args, io, async (s) => {
      const event = resolveId(s.replica, "event", args.positionals[0]);
      const scope = s.replica.fold.scopeOf(event);
      if (scope === null)
        throw new CliError("ID_NOT_FOUND", { kind: "event", id: event });
      const keep = keepFor(s, event);
      const e = await s.act(scope, "event.redacted", {
        event,
        reason: stringFlag(args, "reason"),
        ...(keep === undefined ? {} : { keep }),
      });
      s.print({ redaction: e.id }, () =>
        say(s.lang, "motion.redacted", { id: short(event) }),
      );
      return 0;
    });
  },
};
