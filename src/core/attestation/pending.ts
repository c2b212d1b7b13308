/**
 * @module What a body's attesters have yet to carry up: the claims its own facts imply about
 * it on a council — seats, recalls, vacancies, the mandate, its member count, its answers to
 * calls — that have not taken effect there. Read on a replica holding the body and the
 * council (an attester's); deterministic, so attesters on the same log sign the same claims.
 */
import { rollupEntries } from "../action/rollup.js";
import {
  demandSupportOf,
  isMemberLevel,
  levelOf,
} from "../demand/aggregate.js";
import type { SupportEntry } from "../demand/model.js";
import type { FoldEngine } from "../fold/fold.js";
import { pairKey, splitPair } from "../fold/state.js";
import { CLOSE_TYPES, type MotionRecord } from "../motion/model.js";
import { bodyTotals, heldTotals, planPeriodsOf } from "../plan/totals.js";
import { ownReferendumEntry } from "../referendum/own-result.js";
import { referendumEntries } from "../referendum/tally.js";
import { fail, ok, type Result } from "../result.js";
import { type Claim, claimHash, MAX_ATTESTERS } from "./model.js";
import { isSameValue } from "./same-value.js";

/** A claim the body's attesters may sign, with who signed it already. */
export interface PendingClaim {
  readonly council: string;
  readonly body: string;
  readonly claim: Claim;
  readonly hash: string;
  /** Keys that signed it already (it waits for more). */
  readonly signers: readonly string[];
}

/** The members of a body now (present state). */
function memberCount(fold: FoldEngine, body: string): number {
  let n = 0;
  for (const m of fold.state.memberships.values())
    if (m.body === body && m.status === "member") n++;
  return n;
}

/** The id of the event at an index. */
function idAt(fold: FoldEngine, at: number): string {
  return fold.index.ids[at]!;
}

/** The motion of a body closed by the event at index `at`, if any. */
function motionClosedAt(
  fold: FoldEngine,
  body: string,
  at: number,
): MotionRecord | null {
  const id = idAt(fold, at);
  const type = fold.typeOf(id);
  if (type === null || !CLOSE_TYPES.has(type)) return null;
  for (const m of fold.state.motions.values())
    if (m.body === body && fold.state.closeFacts.get(m.id) === at) return m;
  return null;
}

/**
 * The members a body represents now and the event of its own scope that count is as of: its
 * own members for an assembly or committee; for a council, the sum of the counts its linked
 * children's attesters reported (each body below counted once, people in two bodies twice).
 */
function representedCount(
  fold: FoldEngine,
  body: string,
): { count: number; asOf: number } | null {
  const s = fold.state;
  let newest = -1;
  let count = 0;
  if (s.bodies.get(body)?.kind !== "council") {
    for (const m of new Set(s.bodyMembers.get(body)))
      for (const f of s.membershipFacts.get(pairKey(body, m)))
        if (f.at > newest) newest = f.at;
    count = memberCount(fold, body);
  } else {
    // The newest report in fold order: every child's latest report is at or before it there,
    // on every replica that holds the council (auditAttestations counts the same way).
    let newestAt = -1;
    for (const child of linkedChildren(fold, body)) {
      const latest = latestCountFact(
        fold,
        body,
        child,
        Number.POSITIVE_INFINITY,
      );
      if (latest === null) continue;
      count += latest.value;
      const at = fold.positionOf(idAt(fold, latest.at)) ?? -1;
      if (at > newestAt) {
        newestAt = at;
        newest = latest.at;
      }
    }
  }
  return newest < 0 ? null : { count, asOf: newest };
}

/** The bodies linked below a council now. */
export function linkedChildren(fold: FoldEngine, council: string): string[] {
  return [...new Set(fold.state.councilChildren.get(council))]
    .filter((c) => fold.state.links.has(pairKey(council, c)))
    .sort();
}

/**
 * A child's latest member count on a council (not superseded), at or before a place in the
 * fold order.
 */
export function latestCountFact(
  fold: FoldEngine,
  council: string,
  child: string,
  upTo: number,
): { value: number; at: number } | null {
  let best: { value: number; at: number; pos: number } | null = null;
  for (const f of fold.state.memberCountFacts.get(pairKey(council, child))) {
    if (fold.state.supersededFacts.get(pairKey(council, f.claim)).length > 0)
      continue;
    const pos = fold.positionOf(idAt(fold, f.at)) ?? -1;
    if (pos > upTo) continue;
    if (best === null || pos > best.pos)
      best = { value: f.value, at: f.at, pos };
  }
  return best;
}

/** The councils a body is linked to now (its card is on them). */
export function councilsOf(fold: FoldEngine, body: string): string[] {
  return [...new Set(fold.state.bodyParents.get(body))]
    .filter((c) => fold.state.links.has(pairKey(c, body)))
    .sort();
}

/**
 * The body's **primary link**: of the councils it is linked to now, the one that linked it
 * first (fold order). People rise only along it — the body's member count and its answers
 * to calls go to this council alone, so a body linked to a municipal and a sectoral council
 * is not counted twice at the council above both. Seats, recalls and mandates go to every
 * council where the body holds seats.
 */
export function primaryCouncilOf(
  fold: FoldEngine,
  body: string,
): string | null {
  let primary: string | null = null;
  let first = Number.POSITIVE_INFINITY;
  for (const council of councilsOf(fold, body)) {
    const facts = fold.state.linkFacts.get(pairKey(body, council));
    // The link in force began after the last time the council took the body's seats away.
    let since = facts.length - 1;
    while (since > 0 && facts[since - 1]!.value > 0) since--;
    const at = fold.positionOf(idAt(fold, facts[since]!.at)) ?? 0;
    if (at < first) {
      first = at;
      primary = council;
    }
  }
  return primary;
}

/** True when a claim took effect on the council. */
function isEffective(fold: FoldEngine, council: string, hash: string): boolean {
  const r = fold.state.claims.get(pairKey(council, hash));
  return r !== undefined && r.effectiveAt !== null;
}

/** The claims about seats the body's own facts imply, in the order they happened. */
function seatClaims(fold: FoldEngine, body: string, council: string): Claim[] {
  const s = fold.state;
  const link = s.links.get(pairKey(council, body));
  const out: Claim[] = [];
  for (const f of s.ownSeatFacts.get(pairKey(body, council))) {
    const cites = idAt(fold, f.at);
    if (f.kind === "elected" || f.kind === "replaced") {
      const motion = motionClosedAt(fold, body, f.at);
      if (motion === null || motion.result?.kind !== "election") continue;
      const elected = motion.result.election.elected.map(
        (i) => motion.options[i]!.member!,
      );
      out.push({
        kind: "seats",
        cites,
        elected: elected.map((member) => ({
          member,
          name:
            s.members.get(pairKey(body, member))?.name ?? member.slice(0, 8),
        })),
        full: motion.seats >= (link?.seats ?? 0),
      });
    } else
      for (const member of f.members)
        out.push({
          kind: f.kind === "recalled" ? "recall" : "vacancy",
          cites,
          member,
        });
  }
  return out;
}

/** The claims the body's own facts imply about it on one council (before checking which took effect). */
function impliedClaims(
  fold: FoldEngine,
  body: string,
  council: string,
): Claim[] {
  const s = fold.state;
  const claims: Claim[] = [];
  // Seats: everything after the last seat claim that took effect, in order.
  const seats = seatClaims(fold, body, council);
  let from = 0;
  for (let k = 0; k < seats.length; k++)
    if (isEffective(fold, council, claimHash(body, seats[k]!))) from = k + 1;
  claims.push(...seats.slice(from));
  // The mandate in force.
  const mandate = s.ownMandates.get(pairKey(body, council));
  if (mandate !== undefined) {
    const close = s.closeFacts.get(mandate.motion);
    if (close !== undefined)
      claims.push({
        kind: "mandate",
        cites: idAt(fold, close),
        positions: mandate.positions.map((x) => ({
          motion: x.motion,
          choice: x.choice,
        })) as Extract<Claim, { kind: "mandate" }>["positions"],
      });
  }
  // Words of demands it carried to this council that it has removed since.
  claims.push(...redactionClaims(fold, body, council));
  // People rise along the primary link only (see primaryCouncilOf).
  if (primaryCouncilOf(fold, body) !== council) return claims;
  // The members it represents: its own, as of the newest change of membership; for a
  // council, the counts its children's attesters reported, as of the newest of those.
  const counted = representedCount(fold, body);
  if (counted !== null)
    claims.push({
      kind: "members",
      cites: idAt(fold, counted.asOf),
      count: counted.count,
    });
  // Answers to every call the council can see.
  const visible = new Set([council, ...fold.scopesAbove(council)]);
  for (const call of s.calls.values()) {
    if (!visible.has(call.council)) continue;
    const entries = answerEntries(fold, body, call.id);
    if (entries.length > 0)
      claims.push({ kind: "answers", call: call.id, entries });
  }
  // Planning totals, per period the body declared for or (a council) holds totals for.
  for (const period of planPeriodsOf(s, body)) {
    const own = bodyTotals(s, body, period);
    // Empty totals rise only to replace totals the council holds (everything withdrawn).
    const held = s.planTotals
      .get(pairKey(council, period))
      .some((r) => r.child === body);
    if (own.totals.needs.length + own.totals.supply.length > 0 || held)
      claims.push({
        kind: "plan-totals",
        period,
        round: own.round,
        totals: own.totals,
      });
  }
  // Results of every referendum put by the council or one above it that asks the body.
  for (const r of s.referendums.values()) {
    if (!visible.has(r.council)) continue;
    const entries = referendumEntriesOf(fold, body, r.id);
    if (entries.length > 0)
      claims.push({ kind: "referendum", referendum: r.id, entries });
  }
  return claims;
}

/** The results a body carries up for a referendum: its own, and for a council, those it holds. */
export function referendumEntriesOf(
  fold: FoldEngine,
  body: string,
  referendum: string,
): Extract<Claim, { kind: "referendum" }>["entries"] {
  if (fold.state.bodies.get(body)?.kind === "council")
    return referendumEntries(fold.state, referendum, body)
      .entries.slice(0, 400)
      .map((e) => ({ ...e, counts: [...e.counts] }));
  const own = ownReferendumEntry(fold, body, referendum);
  return own === null ? [] : [{ ...own, counts: [...own.counts] }];
}

/** The entries a body carries up for a call: its own answers, and for a council, its roll-up. */
export function answerEntries(
  fold: FoldEngine,
  body: string,
  call: string,
): Extract<Claim, { kind: "answers" }>["entries"] {
  const s = fold.state;
  if (s.bodies.get(body)?.kind === "council")
    return rollupEntries(s, call, body)
      .entries.slice(0, 200)
      .map((e) => ({ ...e, answers: [...e.answers] }));
  const own = s.answers.get(pairKey(body, call));
  if (own.length === 0) return [];
  return [
    {
      body,
      level: levelOf(s, body) as SupportEntry["level"],
      members: memberCount(fold, body),
      answers: own.slice(-32).map((a) => ({
        answer: a.answer,
        headcount: a.headcount,
        time: a.time,
      })),
    },
  ];
}

/**
 * The event of `body` that removed the words of the demand a demand claim cites, or null while
 * they stand: the redaction of the adopted demand motion (the claim cites its close), or — for
 * a council carrying a demand on — the redaction that reached the council demand from below.
 */
export function demandWordsRemovedBy(
  fold: FoldEngine,
  body: string,
  cites: string,
): string | null {
  const s = fold.state;
  const at = fold.index.indexOf(cites);
  if (at >= 0 && CLOSE_TYPES.has(fold.typeOf(cites) ?? ""))
    for (const m of s.motions.values())
      if (m.body === body && s.closeFacts.get(m.id) === at)
        return m.redacted ? (s.redactions.get(m.id)?.event ?? null) : null;
  const held = s.councilDemands.get(cites);
  if (held !== undefined && held.council === body && held.redacted)
    return s.redactions.get(held.id)?.event ?? null;
  return null;
}

/**
 * The redactions `body` has yet to carry to `council`: for each demand claim of the body in
 * effect there whose words the body has removed since, the claim naming the attestations that
 * carried them and what stays of the demand.
 */
function redactionClaims(
  fold: FoldEngine,
  body: string,
  council: string,
): Claim[] {
  const out: Claim[] = [];
  for (const r of fold.state.claims.values()) {
    if (r.council !== council || r.body !== body || r.redacted) continue;
    if (r.claim?.kind !== "demand" || r.effectiveAt === null) continue;
    const cites = demandWordsRemovedBy(fold, body, r.claim.cites);
    if (cites === null) continue;
    const { title: _title, text: _text, ...keep } = r.claim;
    out.push({
      kind: "redaction",
      cites,
      claim: r.hash,
      events: [...new Set(r.signers.map((x) => x.event))]
        .sort()
        .slice(0, MAX_ATTESTERS),
      keep,
    });
  }
  return out;
}

/**
 * The claims about `body` its attesters have yet to carry to `council` (every council it is
 * linked to, when none is named): implied by the body's facts, not yet in effect there.
 */
export function pendingClaims(
  fold: FoldEngine,
  body: string,
  council?: string,
): PendingClaim[] {
  const out: PendingClaim[] = [];
  for (const c of council === undefined ? councilsOf(fold, body) : [council]) {
    const latestCount = latestEffective(fold, c, body, "members");
    const latestAnswers = new Map<string, string>();
    for (const [k, list] of fold.state.rollups.entries()) {
      const [council, call] = splitPair(k);
      if (council !== c) continue;
      for (const x of list)
        if (x.child === body) latestAnswers.set(call, x.claim);
    }
    for (const claim of impliedClaims(fold, body, c)) {
      const hash = claimHash(body, claim);
      const record = fold.state.claims.get(pairKey(c, hash));
      if (record?.effectiveAt) continue;
      // A count or roll-up only needs signing when it differs from what is in effect.
      if (claim.kind === "members" && latestCount !== null) {
        const current = fold.state.claims.get(pairKey(c, latestCount))?.claim;
        if (current?.kind === "members" && current.count === claim.count)
          continue;
      }
      if (claim.kind === "answers" && latestAnswers.has(claim.call)) {
        const current = fold.state.claims.get(
          pairKey(c, latestAnswers.get(claim.call)!),
        )?.claim;
        if (
          current?.kind === "answers" &&
          isSameValue(current.entries, claim.entries)
        )
          continue;
      }
      if (claim.kind === "plan-totals") {
        // Totals need signing only when they differ from the ones the council holds.
        const current = heldTotals(fold.state, c, claim.period).find(
          (x) => x.body === body,
        );
        if (current !== undefined && isSameValue(current.totals, claim.totals))
          continue;
      }
      if (claim.kind === "referendum") {
        const current = latestReferendum(fold, c, body, claim.referendum);
        if (current !== null && isSameValue(current, claim.entries)) continue;
      }
      out.push({
        council: c,
        body,
        claim,
        hash,
        signers: record?.signers.map((x) => x.key) ?? [],
      });
    }
  }
  return out;
}

/** The entries of the latest referendum results a body carried to a council (not superseded). */
function latestReferendum(
  fold: FoldEngine,
  council: string,
  body: string,
  referendum: string,
): readonly unknown[] | null {
  let latest: readonly unknown[] | null = null;
  for (const r of fold.state.referendumResults.get(
    pairKey(council, referendum),
  ))
    if (
      r.child === body &&
      fold.state.supersededFacts.get(pairKey(council, r.claim)).length === 0
    )
      latest = r.entries;
  return latest;
}

/** The newest claim of a kind about a body that took effect on a council (fold order). */
function latestEffective(
  fold: FoldEngine,
  council: string,
  body: string,
  kind: Claim["kind"],
): string | null {
  let latest: string | null = null;
  let latestAt = -1;
  for (const r of fold.state.claims.values()) {
    if (r.council !== council || r.body !== body || r.claim?.kind !== kind)
      continue;
    if (r.effectiveAt === null) continue;
    const at = fold.index.indexOf(r.effectiveAt);
    if (at > latestAt) {
      latestAt = at;
      latest = r.hash;
    }
  }
  return latest;
}

/**
 * The claim that carries a demand up from `body` to `council`: an adopted demand motion of a
 * member body (its close cited), or a council demand the body holds as a council (carried on
 * with everyone behind it). `into` endorses a demand already on the council.
 */
export function demandClaim(
  fold: FoldEngine,
  body: string,
  demand: string,
  into?: string,
): Result<Extract<Claim, { kind: "demand" }>> {
  const s = fold.state;
  const motion = s.motions.get(demand);
  if (motion !== undefined) {
    const close = s.closeFacts.get(demand);
    if (
      motion.body !== body ||
      motion.kind !== "demand" ||
      motion.outcome !== "adopted" ||
      close === undefined
    )
      return fail("DEMAND_NOT_ADOPTED", { demand });
    return ok({
      kind: "demand",
      cites: idAt(fold, close),
      title: motion.title,
      text: motion.text,
      ...(into === undefined ? {} : { into }),
      support: [
        {
          body,
          level: levelOf(s, body) as SupportEntry["level"],
          members: memberCount(fold, body),
        },
      ],
    });
  }
  const held = s.councilDemands.get(demand);
  if (held === undefined || held.council !== body)
    return fail("DEMAND_NOT_ADOPTED", { demand });
  const support = demandSupportOf(s, demand);
  const represented = support
    .filter((e) => isMemberLevel(e.level))
    .reduce((n, e) => n + e.members, 0);
  return ok({
    kind: "demand",
    cites: demand,
    title: held.title,
    text: held.text,
    ...(into === undefined ? {} : { into }),
    support: [
      ...support.filter((e) => e.body !== body),
      {
        body,
        level: levelOf(s, body) as SupportEntry["level"],
        members: represented,
      },
    ]
      .sort((a, b) => (a.body < b.body ? -1 : 1))
      .slice(0, 400),
  });
}
