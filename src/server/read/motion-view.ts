/**
 * @module The motion page, for a motion in a scope the viewer reads (any other motion is
 * MOTION_NOT_FOUND, exactly as one that does not exist): its text in every language,
 * amendments, comments, each voter's latest ballot, the live count, and once closed the result
 * its close states, the fold's result and the count sheet — the ballots that counted at the
 * close, with their weights — so anyone reading the body can re-check it; what the viewer may
 * do; and for an adopted demand, where its attesters carried it.
 */

import {
  type LiveCount,
  type MotionView,
  type StatedResult,
  statedResultSchema,
} from "../../api/index.js";
import {
  type BallotChoice,
  type BallotRecord,
  deadlineStatus,
  forwardedInto,
  isChairIn,
  isMeetingChairIn,
  isVoterIn,
  type MotionRecord,
  pairKey,
  recountMotion,
  votersIn,
} from "../../core/index.js";
import { type CanonicalValue, decodeCanonical } from "../../crypto/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { JsonAnswer, jsonWith } from "../json-answer.js";
import { nameIn } from "./body-summary.js";
import { joinLookalikes } from "./join-lookalikes.js";
import { byRecency, motionSummary } from "./motion-summary.js";
import { figuresOf } from "./plan-figures-view.js";
import { secretMotionView } from "./secret-motion-view.js";
import { canRead, presentView, type Viewer } from "./viewer.js";

/** The motion a viewer reads, or MOTION_NOT_FOUND — the same answer for one that does not exist. */
export function readableMotion(
  hub: Hub,
  viewer: Viewer,
  id: string,
): MotionRecord {
  const m = hub.replica.fold.state.motions.get(id);
  if (m === undefined || !canRead(viewer, m.body))
    throw new HubError("MOTION_NOT_FOUND", { motion: id });
  return m;
}

function liveCount(
  m: MotionRecord,
  latest: ReadonlyMap<string, BallotChoice>,
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

/** The subject with the names pages show: councils above by name, members by the body's names. */
function subjectView(
  hub: Hub,
  viewer: Viewer,
  m: MotionRecord,
): Record<string, unknown> | null {
  const s = m.subject;
  if (s === null) return null;
  const state = hub.replica.fold.state;
  const councilName = (id: string) =>
    canRead(viewer, id) ? (state.bodies.get(id)?.name ?? null) : null;
  switch (s.kind) {
    case "recall":
      return {
        ...s,
        ...("council" in s
          ? { councilName: councilName(s.council) }
          : { committeeName: councilName(s.committee) }),
        memberName: nameIn(state, m.body, s.member).name,
      };
    case "election":
      return s.role === "delegate"
        ? { ...s, councilName: councilName(s.council) }
        : s.role === "committee"
          ? { ...s, committeeName: councilName(s.committee) }
          : { ...s };
    case "mandate":
      return {
        ...s,
        councilName: councilName(s.council),
        positions: s.positions.map((p) => {
          const bound = state.motions.get(p.motion);
          return {
            ...p,
            title:
              bound !== undefined && canRead(viewer, bound.body)
                ? bound.title
                : null,
          };
        }),
      };
    case "admission": {
      const r = state.joinRequests.get(s.request);
      if (r?.body !== m.body) return { ...s, name: null };
      return { ...s, name: r.name, ...joinLookalikes(state, r) };
    }
    case "removal":
      return { ...s, memberName: nameIn(state, m.body, s.member).name };
    case "plan":
      // The figures of each variant, not its carried plan: the page compares them side by side.
      return {
        kind: "plan",
        period: s.period ?? null,
        variants: s.variants.map((v) => ({
          label: v.label,
          figures: figuresOf(v),
        })),
      };
    case "credentials":
      return {
        ...s,
        card: state.links.get(pairKey(m.body, s.body))?.card ?? null,
      };
    default:
      return { ...s };
  }
}

/** The result a close states, read from the close's payload (null when redacted). */
function statedOf(hub: Hub, close: string): StatedResult | null {
  const bytes = hub.replica.fold.payloadOf(close);
  if (bytes === null) return null;
  const decoded = decodeCanonical(bytes);
  if (!decoded.ok) return null;
  const result = (decoded.value as { result?: CanonicalValue }).result;
  const parsed = statedResultSchema.safeParse(result);
  return parsed.success ? parsed.data : null;
}

/**
 * The motion as the viewer reads it (`motionViewSchema`), as JSON: the per-motion work, and
 * the writing of its long lists, done once per fold size; the viewer's part per request.
 */
export function motionView(hub: Hub, viewer: Viewer, id: string): JsonAnswer {
  const m = readableMotion(hub, viewer, id);
  const fold = hub.replica.fold;
  const state = fold.state;
  const body = state.bodies.get(m.body)!;
  const name = (member: string) => nameIn(state, m.body, member);
  const ballots = state.ballots.get(id);
  // Many readers look at one motion while ballots arrive: the per-motion work is done once
  // per fold size, the viewer's part per request.
  const shared = hub.memo(`motion ${id}`, () => {
    const built = sharedOf();
    // The two long lists, written as JSON once for every reader (a hall of 300 reads the
    // motion at once when its vote closes).
    return {
      ...built,
      ballotsJson: JSON.stringify(built.ballots),
      countSheetJson: JSON.stringify(built.countSheet),
    };
  });
  function sharedOf() {
    const latestBallot = new Map<string, BallotRecord>();
    for (const b of ballots) latestBallot.set(b.member, b);
    const latest = new Map<string, BallotChoice>();
    for (const [k, b] of latestBallot) latest.set(k, b.choice);
    const closeAt = state.closeFacts.get(id);
    const close = closeAt === undefined ? null : fold.index.ids[closeAt]!;
    const recount = close === null ? null : recountMotion(fold, id);
    return {
      eligibleAtClose:
        recount?.ok === true ? new Set(recount.value.eligible) : null,
      latest,
      live: liveCount(m, latest),
      ballots: [...latestBallot.values()]
        .sort((a, b) => b.time - a.time || (a.id < b.id ? -1 : 1))
        .map((b) => ({
          ...name(b.member),
          ballot: b.id,
          choice: b.choice,
          time: b.time,
        })),
      close,
      stated: close === null ? null : statedOf(hub, close),
      countSheet:
        recount?.ok === true
          ? {
              eligible: recount.value.eligible.length,
              eligibleWeight: recount.value.eligibleWeight,
              counted: recount.value.counted.map((c) => ({
                ballot: c.ballot.id,
                voter: name(c.ballot.member),
                choice: c.ballot.choice,
                weight: c.weight,
              })),
            }
          : null,
      secret: secretMotionView(hub, id, m.body),
      // Present-state facts of the motion's own scope: the same for every viewer who reads it.
      // A vote in a meeting: those present at its opening, frozen there.
      voters:
        m.roll !== undefined
          ? [...m.roll]
          : votersIn(
              { ...presentView(fold, viewer), sees: (s) => s === m.body },
              m.body,
            ),
    };
  }
  const view = presentView(fold, viewer);
  const mine = [...viewer.members];
  const voting = mine.find((x) => isVoterIn(view, m.body, x)) ?? null;
  const secretRoll = state.secretMotions.get(id)?.roll ?? m.roll;
  const isChair = mine.some((x) => isChairIn(view, m.body, x));
  const isOpen = m.status === "open";
  const carried =
    m.kind === "demand" && m.outcome === "adopted" && shared.close !== null
      ? hub
          .shape()
          .linksOf(m.body)
          .filter((l) => canRead(viewer, l.council))
          .map((l) => ({
            council: l.council,
            councilName: state.bodies.get(l.council)?.name ?? {},
            into: forwardedInto(state, l.council, shared.close!),
          }))
      : [];
  const myBallot =
    mine.map((x) => shared.latest.get(x)).find((c) => c !== undefined) ?? null;
  const deadline = deadlineStatus(view, id);
  const saidSo =
    deadline !== null && mine.some((x) => deadline.attesters.includes(x));
  const answer: Omit<MotionView, "ballots" | "countSheet"> = {
    id,
    body: m.body,
    bodyName: body.name,
    bodyKind: body.kind,
    kind: m.kind,
    proposer: name(m.proposer),
    title: m.title,
    text: m.text,
    redacted: m.redacted === true,
    method: m.method,
    options: m.options.map((o) => ({ label: o.label, member: o.member })),
    seats: m.seats,
    threshold: m.threshold,
    amends:
      m.amends && state.motions.get(m.amends)?.body === m.body
        ? motionSummary(state, state.motions.get(m.amends)!)
        : null,
    subject: subjectView(hub, viewer, m),
    status: m.status,
    outcome: m.outcome,
    openedAt: m.openedAt,
    closesAt: m.closesAt ?? null,
    closedAt: m.closedAt,
    closedBy: m.closedBy ? name(m.closedBy) : null,
    closedByDeadline: m.closedByDeadline === true,
    deadline:
      deadline === null
        ? null
        : {
            closesAt: deadline.closesAt,
            // In the order they said so.
            attesters: deadline.attestations
              .filter(
                (a, i, all) =>
                  deadline.attesters.includes(a.member) &&
                  all.findIndex((b) => b.member === a.member) === i,
              )
              .map((a) => name(a.member)),
            needed: deadline.needed,
          },
    close: shared.close,
    meeting: m.meeting ?? null,
    electorate: m.roll?.length ?? null,
    stated: shared.stated,
    result: m.result,
    amendments: m.amendments
      .map((a) => state.motions.get(a))
      .filter((a) => a !== undefined && a.body === m.body)
      .map((a) => motionSummary(state, a!))
      .sort(byRecency),
    amendedBy: m.amendedBy,
    secret: shared.secret,
    live: shared.live,
    ballotCount: ballots.length,
    // A redacted comment's text stays in the fold's record of it until the next refold: it
    // must never be served (the payload is gone from the store and every copy).
    comments: state.comments
      .get(id)
      .filter((c) => !state.redactions.has(c.id))
      .map((c) => {
        const versions = [
          { text: c.text, lang: c.lang, time: c.time },
          ...state.commentEdits
            .get(c.id)
            .filter((e) => !state.redactions.has(e.id))
            .map((e) => ({ text: e.text, lang: e.lang, time: e.time })),
        ];
        const latest = versions.at(-1)!;
        return {
          id: c.id,
          member: name(c.member),
          text: latest.text,
          lang: latest.lang,
          time: c.time,
          editedAt: versions.length > 1 ? latest.time : null,
          earlier: versions.slice(0, -1),
        };
      }),
    carried,
    // A decided vote keeps the numbers of its close's causal past, however membership grows later.
    eligible: shared.countSheet?.eligible ?? shared.voters.length,
    viewer: {
      // A secret vote's electorate, and a meeting vote's, is the roll frozen at its opening:
      // one admitted (or checked in) since may not vote (NOT_ON_ROLL, NOT_PRESENT_AT_OPENING).
      canVote:
        voting !== null &&
        isOpen &&
        (secretRoll === undefined || secretRoll.includes(voting)),
      // A vote in a meeting is closed by the meeting's chair.
      canClose:
        isOpen &&
        (m.meeting === undefined
          ? isChair
          : mine.some((x) => isMeetingChairIn(view, m.body, m.meeting!, x))),
      canWithdraw: isOpen && (mine.includes(m.proposer) || isChair),
      canComment: (voting !== null || isChair) && isOpen,
      canRedact:
        m.redacted !== true &&
        (mine.includes(m.proposer) ||
          (isChair && body.rules.redaction === "chairs")),
      canSayDeadlinePassed:
        deadline !== null &&
        voting !== null &&
        isOpen &&
        (!saidSo || deadline.attesters.length >= deadline.needed),
      myBallot,
      missed:
        m.status === "decided" &&
        shared.secret === null &&
        myBallot === null &&
        mine.some((x) => shared.eligibleAtClose?.has(x) === true),
    },
  };
  return new JsonAnswer(
    jsonWith(JSON.stringify(answer), {
      ballots: shared.ballotsJson,
      countSheet: shared.countSheetJson,
    }),
  );
}
