/**
 * @module The motion page: its text in every language, amendments, comments, ballots (open
 * ballots are signed by members, so only those who read the body in full see them), the live
 * count, the result with its count sheet, what the viewer may do, and — for an adopted
 * demand — the councils it can be forwarded to. An outsider reading a public body sees the
 * motion and its counts, never who proposed, voted or commented.
 */
import type {
  BallotChoice,
  I18nText,
  MotionRecord,
  MotionResult,
} from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { type Named, named } from "./body-summary.js";
import { isPublicKind } from "./body-view.js";
import {
  byRecency,
  type MotionSummary,
  motionSummary,
} from "./motion-summary.js";
import { canSee, type Viewer } from "./viewer.js";

/** The running count of an open motion: each member's latest ballot. */
export interface LiveCount {
  /** Members whose latest ballot is counted here. */
  readonly voters: number;
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
  /** For elections: first preferences (picks, approvals) per option. */
  readonly options: readonly number[];
}

export interface MotionView {
  readonly id: string;
  readonly body: string;
  readonly bodyName: I18nText;
  readonly bodyKind: string;
  readonly kind: MotionRecord["kind"];
  readonly proposer: Named | null;
  readonly title: I18nText;
  readonly text: I18nText;
  readonly method: string;
  readonly options: MotionRecord["options"];
  readonly seats: number;
  readonly threshold: string;
  readonly amends: MotionSummary | null;
  readonly subject: Record<string, unknown> | null;
  readonly status: MotionRecord["status"];
  readonly outcome: MotionRecord["outcome"];
  readonly openedAt: number;
  readonly closedAt: number | null;
  readonly closedBy: Named | null;
  readonly result: MotionResult | null;
  readonly amendments: readonly MotionSummary[];
  readonly amendedBy: string | null;
  readonly live: LiveCount;
  /** Every ballot cast, members' earlier ones too (the audit log lists them all). */
  readonly ballotCount: number;
  /** Each voter's latest ballot, newest first; null when the viewer may not see who voted. */
  readonly ballots:
    | readonly (Named & {
        readonly ballot: string;
        readonly choice: BallotChoice;
        readonly time: number;
      })[]
    | null;
  readonly comments: readonly {
    readonly id: string;
    readonly member: Named | null;
    readonly text: string;
    readonly lang: string;
    readonly time: number;
  }[];
  /** For an adopted demand: the councils its body may forward it to. */
  readonly forward: readonly ForwardTarget[];
  /** Eligible voters now (members, or delegates sitting on a council). */
  readonly eligible: number;
  readonly viewer: {
    readonly canVote: boolean;
    readonly canClose: boolean;
    readonly canWithdraw: boolean;
    readonly canComment: boolean;
    readonly canForward: boolean;
    readonly myBallot: BallotChoice | null;
  };
}

/** Where a demand may go: a council, whether it went already, and demands there to endorse. */
export interface ForwardTarget {
  readonly council: string;
  readonly name: I18nText;
  /** The council demand it opened or endorsed there, once forwarded. */
  readonly forwardedInto: string | null;
  readonly existing: readonly {
    readonly id: string;
    readonly title: I18nText;
  }[];
}

/** Councils a demand of `body` may be forwarded to. */
export function forwardTargets(
  hub: Hub,
  body: string,
  demand: string,
): ForwardTarget[] {
  const state = hub.replica.fold.state;
  return (hub.index().parents.get(body) ?? []).map((l) => ({
    council: l.parent,
    name: state.bodies.get(l.parent)?.name ?? {},
    forwardedInto: state.forwardedInto.get(`${demand} ${l.parent}`) ?? null,
    existing: [...state.councilDemands.values()]
      .filter((d) => d.council === l.parent)
      .map((d) => ({ id: d.id, title: d.title })),
  }));
}

function liveCount(
  m: MotionRecord,
  latest: Map<string, BallotChoice>,
): LiveCount {
  let yes = 0;
  let no = 0;
  let abstain = 0;
  const options = m.options.map(() => 0);
  for (const c of latest.values()) {
    if ("vote" in c) {
      if (c.vote === "yes") yes++;
      else if (c.vote === "no") no++;
      else abstain++;
    } else if ("pick" in c) {
      if (options[c.pick] !== undefined) options[c.pick]!++;
    } else if ("approve" in c) {
      for (const o of c.approve) if (options[o] !== undefined) options[o]!++;
    } else
      for (const o of c.ranking[0] ?? [])
        if (options[o] !== undefined) options[o]!++;
  }
  return { voters: latest.size, yes, no, abstain, options };
}

/** Member ids and names inside a subject, for display. */
function subjectView(
  hub: Hub,
  m: MotionRecord,
): Record<string, unknown> | null {
  const s = m.subject;
  if (s === null) return null;
  const state = hub.replica.fold.state;
  const nameOf = (id: string) => state.bodies.get(id)?.name ?? null;
  switch (s.kind) {
    case "recall":
      return {
        ...s,
        councilName: nameOf(s.council),
        memberName: named(state, s.member).name,
      };
    case "election":
      return s.role === "delegate"
        ? { ...s, councilName: nameOf(s.council) }
        : { ...s };
    case "mandate":
      return {
        ...s,
        councilName: nameOf(s.council),
        positions: s.positions.map((p) => ({
          ...p,
          title: state.motions.get(p.motion)?.title ?? null,
        })),
      };
    case "admission": {
      const r = state.joinRequests.get(s.request);
      return { ...s, name: r?.name ?? null };
    }
    case "removal":
      return { ...s, memberName: named(state, s.member).name };
    default:
      return { ...s };
  }
}

/** The motion as the viewer may see it. */
export function motionView(hub: Hub, viewer: Viewer, id: string): MotionView {
  const state = hub.replica.fold.state;
  const index = hub.index();
  const m = state.motions.get(id);
  if (m === undefined) throw new HubError("MOTION_NOT_FOUND", { motion: id });
  const full = viewer.reads.has(m.body);
  if (!full && !(canSee(viewer, index, m.body) && isPublicKind(m.kind)))
    throw new HubError(
      viewer.key === null ? "AUTH_REQUIRED" : "READ_NOT_ALLOWED",
      {
        motion: id,
      },
    );
  const body = state.bodies.get(m.body)!;
  const ballots = state.ballots.get(id);
  // Many readers look at one motion while ballots arrive: the per-motion work is done once
  // per fold size, the viewer's part per request.
  const shared = hub.memo(`motion ${id}`, () => {
    const latestBallot = new Map<string, (typeof ballots)[number]>();
    for (const b of ballots) latestBallot.set(b.member, b);
    const latest = new Map<string, BallotChoice>();
    for (const [k, b] of latestBallot) latest.set(k, b.choice);
    return {
      latest,
      live: liveCount(m, latest),
      ballots: [...latestBallot.values()]
        .sort((a, b) => b.time - a.time || (a.id < b.id ? -1 : 1))
        .map((b) => ({
          ...named(state, b.member),
          ballot: b.id,
          choice: b.choice,
          time: b.time,
        })),
    };
  });
  const latest = shared.latest;
  const member = viewer.member;
  const takesPart = member !== null && index.takesPart(m.body, member);
  const isOpen = m.status === "open";
  const isChair = member !== null && body.chairs.includes(member) && takesPart;
  const forwardable = m.kind === "demand" && m.outcome === "adopted";
  const eligible =
    body.kind === "council"
      ? new Set([
          ...index.membersOf(m.body),
          ...index.delegatesOn(m.body).map((d) => d.member),
        ]).size
      : index.membersOf(m.body).length;
  return {
    id,
    body: m.body,
    bodyName: body.name,
    bodyKind: body.kind,
    kind: m.kind,
    proposer: full ? named(state, m.proposer) : null,
    title: m.title,
    text: m.text,
    method: m.method,
    options: full ? m.options : m.options.map((o) => ({ ...o, member: null })),
    seats: m.seats,
    threshold: m.threshold,
    amends:
      m.amends && state.motions.has(m.amends)
        ? motionSummary(state, state.motions.get(m.amends)!)
        : null,
    subject: full ? subjectView(hub, m) : null,
    status: m.status,
    outcome: m.outcome,
    openedAt: m.openedAt,
    closedAt: m.closedAt,
    closedBy: full && m.closedBy ? named(state, m.closedBy) : null,
    result: m.result,
    amendments: m.amendments
      .map((a) => state.motions.get(a))
      .filter((a) => a !== undefined)
      .map((a) => motionSummary(state, a))
      .sort(byRecency),
    amendedBy: m.amendedBy,
    live: shared.live,
    ballotCount: ballots.length,
    ballots: full ? shared.ballots : null,
    comments: full
      ? state.comments.get(id).map((c) => ({
          id: c.id,
          member: named(state, c.member),
          text: c.text,
          lang: c.lang,
          time: c.time,
        }))
      : [],
    forward: full && forwardable ? forwardTargets(hub, m.body, id) : [],
    eligible,
    viewer: {
      canVote: takesPart && isOpen,
      canClose: isChair && isOpen,
      canWithdraw:
        isOpen && member !== null && (m.proposer === member || isChair),
      canComment: takesPart && isOpen,
      canForward: forwardable && isChair,
      myBallot: member !== null ? (latest.get(member) ?? null) : null,
    },
  };
}
