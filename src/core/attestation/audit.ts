/**
 * @module A body checks what its attesters told the councils above it. Every claim about the
 * body on a council the replica holds is compared with the body's own log: the cited event
 * must exist there and say what the claim says. A rogue chair who attests an election that
 * never happened, or a count that is not the count, shows up here to the body's members.
 */

import { NONE } from "../fold/causal-index.js";
import type { FoldEngine } from "../fold/fold.js";
import { pairKey, splitPair } from "../fold/state.js";
import { isMemberIn } from "../member/authority.js";
import { CLOSE_TYPES, type MotionRecord } from "../motion/model.js";
import { bodyTotals, heldTotals } from "../plan/totals.js";
import { entryOfMotion } from "../referendum/own-result.js";
import { referendumEntries } from "../referendum/tally.js";
import { type Claim, type ClaimRecord, claimHash } from "./model.js";
import {
  answerEntries,
  demandWordsRemovedBy,
  latestCountFact,
  linkedChildren,
} from "./pending.js";
import { canonicalKey, isSameValue } from "./same-value.js";

/** What the body's log says of one claim about it. */
export interface ClaimAudit {
  readonly council: string;
  readonly hash: string;
  readonly kind: Claim["kind"] | "supersede";
  /** In effect on the council (enough attesters signed). */
  readonly effective: boolean;
  readonly superseded: boolean;
  readonly signers: readonly string[];
  /** "confirmed": the log says the same; "mismatch": it does not; "unverifiable": nothing to compare. */
  readonly status: "confirmed" | "mismatch" | "unverifiable";
  /** Why it does not match (a stable code), with details. */
  readonly problem: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

type Verdict = Pick<ClaimAudit, "status" | "problem" | "details">;

const CONFIRMED: Verdict = { status: "confirmed", problem: null, details: {} };

function mismatch(
  problem: string,
  details: Record<string, unknown> = {},
): Verdict {
  return { status: "mismatch", problem, details };
}

/** The motion of `body` that the close with this id decided, or null. */
function motionOfClose(
  fold: FoldEngine,
  body: string,
  close: string,
): MotionRecord | null {
  const at = fold.index.indexOf(close);
  if (at === NONE || !CLOSE_TYPES.has(fold.typeOf(close) ?? "")) return null;
  for (const m of fold.state.motions.values())
    if (m.body === body && fold.state.closeFacts.get(m.id) === at) return m;
  return null;
}

function electedOf(m: MotionRecord): string[] {
  if (m.result?.kind !== "election") return [];
  return m.result.election.elected.map((i) => m.options[i]!.member!);
}

/** The latest plan-totals claim of `body` each council this replica holds counts for `period`. */
function councilsHolding(
  fold: FoldEngine,
  body: string,
  period: string,
): string[] {
  const out: string[] = [];
  for (const key of fold.state.planTotals.keys()) {
    const [council, p] = splitPair(key);
    if (p !== period) continue;
    const latest = heldTotals(fold.state, council, period).find(
      (c) => c.body === body,
    );
    if (latest !== undefined) out.push(latest.claim);
  }
  return out;
}

/** Checks one claim about `body` against the body's log. */
function check(fold: FoldEngine, body: string, claim: Claim): Verdict {
  const s = fold.state;
  const cites = "cites" in claim ? claim.cites : null;
  if (cites !== null && fold.scopeOf(cites) !== body && claim.kind !== "demand")
    return mismatch("ATTESTATION_CITES_UNKNOWN", { cites });
  switch (claim.kind) {
    case "seats": {
      const m = motionOfClose(fold, body, claim.cites);
      if (
        m === null ||
        m.kind !== "election" ||
        m.subject?.kind !== "election" ||
        m.subject.role !== "delegate"
      )
        return mismatch("ATTESTATION_CITES_UNKNOWN", { cites: claim.cites });
      const elected = electedOf(m);
      const stated = claim.elected.map((e) => e.member);
      if (m.outcome !== "elected" || !isSameValue(elected, stated))
        return mismatch("ATTESTATION_MISMATCH", { elected, stated });
      return CONFIRMED;
    }
    case "recall": {
      const m = motionOfClose(fold, body, claim.cites);
      if (
        m === null ||
        m.subject?.kind !== "recall" ||
        m.subject.member !== claim.member
      )
        return mismatch("ATTESTATION_CITES_UNKNOWN", { cites: claim.cites });
      if (m.outcome !== "adopted")
        return mismatch("ATTESTATION_MISMATCH", { outcome: m.outcome });
      return CONFIRMED;
    }
    case "vacancy": {
      const type = fold.typeOf(claim.cites);
      if (type === "member.left") {
        // The leaving must be the member's own: signed by their key or one registered to them.
        const slot = fold.chainSlot(claim.cites);
        const signer = slot?.author ?? "";
        const byMember =
          signer === claim.member ||
          s.keys.get(pairKey(body, signer))?.member === claim.member;
        const status = s.memberships.get(pairKey(body, claim.member))?.status;
        if (
          !byMember ||
          fold.invalidReason(claim.cites) !== null ||
          status === "member"
        )
          return mismatch("ATTESTATION_MISMATCH", { member: claim.member });
        return CONFIRMED;
      }
      const m = motionOfClose(fold, body, claim.cites);
      if (
        m === null ||
        m.subject?.kind !== "removal" ||
        m.subject.member !== claim.member ||
        m.outcome !== "adopted"
      )
        return mismatch("ATTESTATION_CITES_UNKNOWN", { cites: claim.cites });
      return CONFIRMED;
    }
    case "mandate": {
      const m = motionOfClose(fold, body, claim.cites);
      if (m === null || m.subject?.kind !== "mandate")
        return mismatch("ATTESTATION_CITES_UNKNOWN", { cites: claim.cites });
      if (
        m.outcome !== "adopted" ||
        !isSameValue(m.subject.positions, claim.positions)
      )
        return mismatch("ATTESTATION_MISMATCH", {
          positions: m.subject.positions,
        });
      return CONFIRMED;
    }
    case "members": {
      // Members as of the cited event, its own effect included (for a council: the counts
      // its children's attesters reported, summed).
      let count = 0;
      if (s.bodies.get(body)?.kind === "council") {
        // The children's latest reports at or before the cited one in fold order.
        const upTo = fold.positionOf(claim.cites) ?? -1;
        for (const child of linkedChildren(fold, body))
          count += latestCountFact(fold, body, child, upTo)?.value ?? 0;
      } else {
        const view = fold.viewAt(fold.index.indexOf(claim.cites), true);
        for (const m of new Set(s.bodyMembers.get(body)))
          if (isMemberIn(view, body, m)) count++;
      }
      if (count !== claim.count)
        return mismatch("ATTESTATION_MISMATCH", {
          counted: count,
          stated: claim.count,
        });
      return CONFIRMED;
    }
    case "demand": {
      const m = motionOfClose(fold, body, claim.cites);
      const held = s.councilDemands.get(claim.cites);
      if (m !== null) {
        if (m.kind !== "demand" || m.outcome !== "adopted")
          return mismatch("ATTESTATION_MISMATCH", { outcome: m.outcome });
        if (
          !isSameValue(m.title, claim.title) ||
          !isSameValue(m.text, claim.text)
        )
          return mismatch("ATTESTATION_MISMATCH", { reason: "text" });
        return CONFIRMED;
      }
      if (held !== undefined && held.council === body) {
        if (
          !isSameValue(held.title, claim.title) ||
          !isSameValue(held.text, claim.text)
        )
          return mismatch("ATTESTATION_MISMATCH", { reason: "text" });
        return CONFIRMED;
      }
      return mismatch("ATTESTATION_CITES_UNKNOWN", { cites: claim.cites });
    }
    case "answers": {
      const own = answerEntries(fold, body, claim.call).find(
        (e) => e.body === body,
      );
      const stated = claim.entries.find((e) => e.body === body);
      if (stated === undefined) return CONFIRMED;
      const known = new Set((own?.answers ?? []).map(canonicalKey));
      for (const a of stated.answers)
        if (!known.has(canonicalKey(a)))
          return mismatch("ATTESTATION_MISMATCH", { answer: a });
      return CONFIRMED;
    }
    case "referendum": {
      // A council's own results are what it holds in effect from below; a body's is its
      // close's count on the question (the cited close must be of a motion on it).
      if (s.bodies.get(body)?.kind === "council") {
        const held = new Map(
          referendumEntries(s, claim.referendum, body).entries.map((e) => [
            e.body,
            canonicalKey(e),
          ]),
        );
        for (const e of claim.entries)
          if (held.get(e.body) !== canonicalKey(e))
            return mismatch("ATTESTATION_MISMATCH", { body: e.body });
        return CONFIRMED;
      }
      for (const e of claim.entries) {
        if (e.body !== body)
          return mismatch("ATTESTATION_MISMATCH", { body: e.body });
        const m = motionOfClose(fold, body, e.cites);
        if (
          m === null ||
          m.subject?.kind !== "referendum" ||
          !("referendum" in m.subject) ||
          m.subject.referendum !== claim.referendum
        )
          return mismatch("ATTESTATION_CITES_UNKNOWN", { cites: e.cites });
        const own = entryOfMotion(fold, m);
        if (own === null || !isSameValue(own, e))
          return mismatch("ATTESTATION_MISMATCH", {
            counted: own,
            stated: e,
          });
      }
      return CONFIRMED;
    }
    case "plan-totals": {
      // Compared with the body's totals now. Totals of an older round (the body has declared
      // since) cannot be recomputed from declarations that were replaced: unverifiable once a
      // newer claim of the body replaced them on the council, a mismatch while they stand.
      const own = bodyTotals(s, body, claim.period);
      if (isSameValue(claim.totals, own.totals)) return CONFIRMED;
      const held = councilsHolding(fold, body, claim.period);
      if (held.includes(claimHash(body, claim)))
        return mismatch("ATTESTATION_MISMATCH", { period: claim.period });
      return { status: "unverifiable", problem: null, details: {} };
    }
    case "attesters":
      return { status: "unverifiable", problem: null, details: {} };
    case "redaction": {
      // The body removed the words of the demand whose claim is named, by the cited event:
      // the demand motion's redaction, or (a council carrying a demand on) the redaction that
      // reached it from below.
      let demand: Claim | null = null;
      for (const r of s.claims.values())
        if (r.body === body && r.hash === claim.claim) demand = r.claim;
      if (demand?.kind !== "demand")
        return mismatch("ATTESTATION_CITES_UNKNOWN", { claim: claim.claim });
      const removedBy = demandWordsRemovedBy(fold, body, demand.cites);
      if (removedBy !== claim.cites)
        return mismatch("ATTESTATION_MISMATCH", { reason: "not-redacted" });
      return CONFIRMED;
    }
  }
}

/** Every claim about `body` on the councils this replica holds, checked against the body's log. */
export function auditAttestations(
  fold: FoldEngine,
  body: string,
): ClaimAudit[] {
  const out: ClaimAudit[] = [];
  const records: ClaimRecord[] = [];
  for (const r of fold.state.claims.values())
    if (r.body === body) records.push(r);
  records.sort((a, b) =>
    a.council < b.council
      ? -1
      : a.council > b.council
        ? 1
        : a.hash < b.hash
          ? -1
          : 1,
  );
  for (const r of records) {
    const superseded =
      fold.state.supersededFacts.get(pairKey(r.council, r.hash)).length > 0;
    const base = {
      council: r.council,
      hash: r.hash,
      effective: r.effectiveAt !== null,
      superseded,
      signers: r.signers.map((x) => x.key),
    };
    if (r.claim === null) {
      out.push({
        ...base,
        kind: "supersede",
        status: "unverifiable",
        problem: null,
        details: { supersedes: r.supersedes },
      });
      continue;
    }
    out.push({ ...base, kind: r.claim.kind, ...check(fold, body, r.claim) });
  }
  return out;
}
