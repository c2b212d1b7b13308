/**
 * @module attestation.made and attestation.superseded — in a council's scope, signed by the
 * attesters of a body below it. A claim (or a supersession) takes effect at the signature
 * that brings the known, eligible signers to the threshold.
 */
import { z } from "zod";
import {
  type CanonicalValue,
  encodeCanonical,
  isEqualBytes,
} from "../../crypto/index.js";
import { knownCall } from "../action/apply.js";
import { ownBody } from "../body/apply.js";
import { type ApplyContext, defineHandler, knowsId } from "../fold/context.js";
import { pairKey } from "../fold/state.js";
import { mandateIn } from "../mandate/deviation.js";
import { latestKnown } from "../member/authority.js";
import { choiceSchema, isMethodName } from "../motion/methods.js";
import { isCanonicalTotals } from "../plan/totals.js";
import { isAskedBy, knownReferendum } from "../referendum/authority.js";
import { fail, ok, type Result } from "../result.js";
import {
  refreshDelegation,
  seatAttested,
  unseatAttested,
} from "../seat/apply.js";
import {
  attestersIn,
  isSupersededIn,
  linkSeatsIn,
  sitsFor,
} from "../seat/authority.js";
import { hexId } from "../text/i18n-text.js";
import {
  type Claim,
  type ClaimRecord,
  claimHash,
  claimSchema,
  type KeptDemandClaim,
  keptDemandClaimSchema,
  supersedeHash,
} from "./model.js";

/**
 * Members of `body` who may not sign for it on `council` in the view: delegates whose seat
 * the council last learned was recalled or vacated, and the subject of a recall or vacancy.
 */
function excludedSigners(
  ctx: ApplyContext,
  council: string,
  body: string,
  claim: Claim | null,
): Set<string> {
  const out = new Set<string>();
  if (claim !== null && (claim.kind === "recall" || claim.kind === "vacancy"))
    out.add(claim.member);
  const facts = ctx.state.seatFacts
    .get(pairKey(council, body))
    .filter(
      (f) => f.claim === null || !isSupersededIn(ctx, council, f.claim ?? ""),
    );
  const members = new Set<string>();
  for (const f of facts) for (const m of f.members) members.add(m);
  for (const m of members) {
    const latest = latestKnown(
      ctx,
      facts.filter((f) => f.members.includes(m)),
    );
    if (latest.some((f) => f.kind === "recalled" || f.kind === "vacated"))
      out.add(m);
  }
  return out;
}

/** The member a key acts for in the current event's past: its registration, or itself. */
function memberOfKey(ctx: ApplyContext, key: string): string {
  const facts = ctx.state.keyFacts.get(key);
  for (let k = facts.length - 1; k >= 0; k--)
    if (ctx.knows(facts[k]!.at)) return facts[k]!.value;
  return key;
}

/** The eligible attesters of `body` on the current council and how many must sign. */
function signingRule(
  ctx: ApplyContext,
  body: string,
  claim: Claim | null,
): Result<{ eligible: Set<string>; needed: number }> {
  const council = ctx.event.scope;
  const set = attestersIn(ctx, council, body);
  if (set === null)
    return fail("NOT_AN_ATTESTER", { body, key: ctx.event.author });
  // Attesters are keys, recalls name members: compare the members the keys act for.
  const excluded = excludedSigners(ctx, council, body, claim);
  const eligible = new Set(
    set.attesters.filter(
      (k) => !excluded.has(k) && !excluded.has(memberOfKey(ctx, k)),
    ),
  );
  const author = ctx.event.author;
  if (!eligible.has(author) || excluded.has(ctx.actor))
    return fail("NOT_AN_ATTESTER", { body, key: author });
  // A recalled delegate never counts toward k, nor can withholding their signature block
  // their own recall: the threshold shrinks to the attesters who remain.
  return ok({ eligible, needed: Math.min(set.threshold, eligible.size) });
}

/** Checks what a claim says against the council's own facts, as the signature knows them. */
function checkClaim(
  ctx: ApplyContext,
  body: string,
  claim: Claim,
): Result<void> {
  const council = ctx.event.scope;
  switch (claim.kind) {
    case "seats": {
      const seats = linkSeatsIn(ctx, body, council);
      const members = claim.elected.map((e) => e.member);
      if (
        claim.elected.length > seats ||
        new Set(members).size !== members.length
      )
        return fail("CLAIM_INVALID", { kind: claim.kind, reason: "seats" });
      return ok(undefined);
    }
    case "recall":
    case "vacancy":
      if (!sitsFor(ctx, council, body, claim.member))
        return fail("NOT_A_DELEGATE", {
          member: claim.member,
          body,
          council,
        });
      return ok(undefined);
    case "mandate":
      for (const pos of claim.positions) {
        const m = ctx.state.motions.get(pos.motion);
        if (m === undefined || m.body !== council || !knowsId(ctx, pos.motion))
          return fail("MOTION_NOT_FOUND", { motion: pos.motion });
        if (
          !isMethodName(m.method) ||
          !choiceSchema(m.method, m.options.length).safeParse(pos.choice)
            .success
        )
          return fail("BALLOT_INVALID", {
            motion: pos.motion,
            method: m.method,
            problem: "position",
          });
      }
      return ok(undefined);
    case "members":
      return ok(undefined);
    case "demand": {
      if (ctx.state.forwardedInto.has(pairKey(council, claim.cites)))
        return fail("DEMAND_ALREADY_FORWARDED", {
          demand: claim.cites,
          council,
        });
      if (claim.into !== undefined) {
        const target = ctx.state.councilDemands.get(claim.into);
        if (
          target === undefined ||
          target.council !== council ||
          !knowsId(ctx, claim.into)
        )
          return fail("DEMAND_NOT_FOUND", { demand: claim.into, council });
      }
      return ok(undefined);
    }
    case "answers": {
      const call = knownCall(ctx, claim.call);
      if (!call.ok) return call;
      return ok(undefined);
    }
    case "referendum":
      return checkReferendumClaim(ctx, body, claim);
    case "attesters":
      if (
        new Set(claim.attesters).size !== claim.attesters.length ||
        claim.threshold > claim.attesters.length
      )
        return fail("CLAIM_INVALID", { kind: claim.kind, reason: "attesters" });
      return ok(undefined);
    case "redaction":
      return checkRedactionClaim(ctx, body, claim);
    case "plan-totals":
      // One meaning, one claim: rows named once, in canonical order, no zero rows.
      if (!isCanonicalTotals(claim.totals))
        return fail("CLAIM_INVALID", { kind: claim.kind, reason: "totals" });
      return ok(undefined);
  }
}

/**
 * Checks a referendum claim: the council put the question (known to the signature), the body
 * was asked it, and each result adds up — the counts per option sum to the ballots cast, no
 * more than the voters on the roll — each body once. Whether the counts are the body's close's
 * is for the body's own replica to check (audit.ts), as for every claim.
 */
function checkReferendumClaim(
  ctx: ApplyContext,
  body: string,
  claim: Extract<Claim, { kind: "referendum" }>,
): Result<void> {
  const referendum = knownReferendum(ctx, claim.referendum);
  if (!referendum.ok) return referendum;
  if (referendum.value.council !== ctx.event.scope)
    if (!isAskedBy(ctx, referendum.value, ctx.event.scope))
      // A council below the one that put it holds results as well (to carry them on).
      return fail("REFERENDUM_NOT_ASKED", {
        body: ctx.event.scope,
        referendum: claim.referendum,
      });
  if (!isAskedBy(ctx, referendum.value, body))
    return fail("REFERENDUM_NOT_ASKED", { body, referendum: claim.referendum });
  const bodies = claim.entries.map((e) => e.body);
  if (
    new Set(bodies).size !== bodies.length ||
    bodies.includes(ctx.event.scope)
  )
    return fail("CLAIM_INVALID", { kind: claim.kind, reason: "entries" });
  for (const e of claim.entries) {
    let sum = 0;
    for (const c of e.counts) sum += c;
    if (sum !== e.cast || e.cast > e.eligible)
      return fail("CLAIM_INVALID", {
        kind: claim.kind,
        reason: "counts",
        body: e.body,
      });
  }
  return ok(undefined);
}

/**
 * Checks a redaction claim's events: attestations of this council known to it, and — where
 * this replica holds their payloads — attestations by the same body of the demand claim named,
 * whose kept part is exactly what the redaction keeps (it cannot change the demand's support
 * or its citation while removing its words). A replica that never held the words trusts the
 * kept part as it trusted the words: on the signatures of k of the body's attesters.
 */
function checkRedactionClaim(
  ctx: ApplyContext,
  body: string,
  claim: Extract<Claim, { kind: "redaction" }>,
): Result<void> {
  const council = ctx.event.scope;
  if (new Set(claim.events).size !== claim.events.length)
    return fail("CLAIM_INVALID", { kind: claim.kind, reason: "events" });
  const kept = keptAttestation(body, claim);
  for (const id of claim.events) {
    const x = ctx.index.indexOf(id);
    if (x < 0 || !ctx.knows(x))
      return fail("REDACTION_TARGET_UNKNOWN", { event: id });
    if (ctx.typeOf(x) !== "attestation.made")
      return fail("NOT_REDACTABLE", { event: id, type: ctx.typeOf(x) });
    if (ctx.index.scopeIdOf(x) !== council)
      return fail("REDACTION_SCOPE_MISMATCH", {
        event: id,
        body: council,
        actual: ctx.index.scopeIdOf(x),
      });
    const held = ctx.payloadOf(x) as { body: string; claim: Claim } | null;
    if (held === null) continue;
    if (held.claim.kind !== "demand")
      return fail("NOT_REDACTABLE", { event: id, type: "attestation.made" });
    if (
      !isEqualBytes(
        encodeCanonical(keptOfAttestation(held) as unknown as CanonicalValue),
        encodeCanonical(kept as unknown as CanonicalValue),
      )
    )
      return fail("REDACTION_KEEP_MISMATCH", { event: id });
  }
  return ok(undefined);
}

/** What a claim does in the council once enough attesters signed it. */
function applyClaim(
  ctx: ApplyContext,
  body: string,
  claim: Claim,
  hash: string,
  redacted: boolean,
): void {
  const council = ctx.event.scope;
  const s = ctx.state;
  const at = ctx.event.index;
  const time = ctx.event.time;
  switch (claim.kind) {
    case "seats":
      seatAttested(ctx, council, body, hash, claim.elected, claim.full);
      return;
    case "recall":
      unseatAttested(ctx, council, body, hash, claim.member, "recalled");
      return;
    case "vacancy":
      unseatAttested(ctx, council, body, hash, claim.member, "vacated");
      return;
    case "mandate": {
      const mandate = {
        council,
        body,
        motion: claim.cites,
        instructions: null,
        positions: claim.positions,
        adoptedAt: time,
      };
      s.mandateFacts.push(pairKey(council, body), {
        at,
        value: mandate,
        claim: hash,
      });
      s.mandates.set(pairKey(council, body), mandate);
      return;
    }
    case "members":
      s.memberCountFacts.push(pairKey(council, body), {
        at,
        value: claim.count,
        claim: hash,
      });
      return;
    case "demand": {
      const into = claim.into ?? ctx.event.id;
      if (claim.into === undefined)
        s.councilDemands.set(into, {
          id: into,
          council,
          title: claim.title,
          text: claim.text,
          origin: { body, demand: claim.cites },
          openedAt: time,
          ...(redacted ? { redacted: true as const } : {}),
        });
      s.forwardedInto.set(pairKey(council, claim.cites), into);
      s.demandSupport.push(into, {
        event: ctx.event.id,
        claim: hash,
        body,
        from: claim.cites,
        support: claim.support,
        time,
      });
      return;
    }
    case "answers":
      s.rollups.push(pairKey(council, claim.call), {
        at,
        claim: hash,
        child: body,
        entries: claim.entries,
        time,
      });
      return;
    case "referendum":
      s.referendumResults.push(pairKey(council, claim.referendum), {
        at,
        claim: hash,
        child: body,
        entries: claim.entries,
        time,
      });
      return;
    case "plan-totals":
      s.planTotals.push(pairKey(council, claim.period), {
        at,
        claim: hash,
        child: body,
        round: claim.round,
        totals: claim.totals,
        time,
      });
      return;
    case "attesters":
      setAttesters(ctx, council, body, claim.attesters, claim.threshold);
      return;
    case "redaction": {
      // Every attestation that carried the words is applied from what the redaction keeps,
      // wherever it sits in the order: the claim record and the council demand are rebuilt
      // without the words (on this replica at once, as on one that never saw them), and each
      // payload is dropped from the store like any redacted event's.
      const kept = keptAttestation(body, claim);
      for (const id of claim.events) {
        ctx.keepOnly(ctx.index.indexOf(id), kept);
        if (!s.redactions.has(id))
          s.redactions.set(id, {
            target: id,
            by: ctx.actor,
            body: council,
            event: ctx.event.id,
          });
      }
      return;
    }
  }
}

/** What a redaction keeps of an attestation of a demand claim: the body, the claim's hash, the claim without its words. */
interface KeptAttestation {
  readonly body: string;
  readonly hash: string;
  readonly claim: KeptDemandClaim;
}

const keptAttestationSchema = z
  .object({ body: hexId, hash: hexId, claim: keptDemandClaimSchema })
  .strict();

function keptAttestation(
  body: string,
  claim: Extract<Claim, { kind: "redaction" }>,
): KeptAttestation {
  return { body, hash: claim.claim, claim: claim.keep };
}

/** The kept part of a whole attestation (a demand claim's: without title and text). */
function keptOfAttestation(p: { body: string; claim: Claim }): KeptAttestation {
  const {
    title: _title,
    text: _text,
    ...rest
  } = p.claim as Extract<Claim, { kind: "demand" }>;
  return { body: p.body, hash: claimHash(p.body, p.claim), claim: rest };
}

/** Records a body's new attesters on a council (an attesters claim, or a credentials vote). */
export function setAttesters(
  ctx: ApplyContext,
  council: string,
  body: string,
  attesters: readonly string[],
  threshold: number,
): void {
  const key = pairKey(council, body);
  const sorted = [...attesters].sort();
  ctx.state.attesterFacts.push(key, {
    at: ctx.event.index,
    value: { attesters: sorted, threshold },
  });
  const card = ctx.state.links.get(key);
  if (card !== undefined)
    ctx.state.links.set(key, { ...card, attesters: sorted, threshold });
}

/**
 * Adds the event's signature to a claim (or supersession) record and says whether the
 * claim takes effect now: enough eligible signers, and not yet in effect. Signers count in
 * fold order within the council's scope, known to this signature or not: attesters who sign
 * without seeing each other still complete the claim (the one later in fold order does).
 */
function sign(
  ctx: ApplyContext,
  record: ClaimRecord,
  eligible: ReadonlySet<string>,
  needed: number,
): Result<boolean> {
  const author = ctx.event.author;
  if (record.signers.some((s) => s.key === author))
    return fail("ALREADY_ATTESTED", { claim: record.hash, key: author });
  let signed = 1;
  for (const s of record.signers) if (eligible.has(s.key)) signed++;
  const effective = record.effectiveAt === null && signed >= needed;
  ctx.state.claims.set(pairKey(record.council, record.hash), {
    ...record,
    signers: [...record.signers, { key: author, event: ctx.event.id }],
    effectiveAt: effective ? ctx.event.id : record.effectiveAt,
    time: effective ? ctx.event.time : record.time,
  });
  return ok(effective);
}

/** Fails unless the event's scope is a live council with `body` linked below it. */
function requireLinkedCouncil(ctx: ApplyContext, body: string): Result<void> {
  const council = ownBody(ctx);
  if (!council.ok) return council;
  if (council.value.kind !== "council")
    return fail("BODY_KIND_INVALID", {
      body: ctx.event.scope,
      kind: council.value.kind,
    });
  if (linkSeatsIn(ctx, body, ctx.event.scope) === 0)
    return fail("NO_SEATS", { body, council: ctx.event.scope });
  return ok(undefined);
}

/**
 * Adds the event's signature to `claim` (whose identity is `hash`) about `body`, and applies the
 * claim when the signature completes it. `redacted`: the attestation is applied from what a
 * redaction kept of it (a demand claim without its words).
 */
function attest(
  ctx: ApplyContext,
  body: string,
  claim: Claim,
  hash: string,
  redacted: boolean,
): Result<void> {
  const linked = requireLinkedCouncil(ctx, body);
  if (!linked.ok) return linked;
  const rule = signingRule(ctx, body, claim);
  if (!rule.ok) return rule;
  // Claim records are per council: the same claim may go to two councils the body is
  // linked to, and each council's record belongs to its scope alone.
  const key = pairKey(ctx.event.scope, hash);
  // A claim already in effect only gathers the signature: its facts were checked then
  // (checking again would refuse a recall whose delegate is already gone).
  const inEffect = ctx.state.claims.get(key)?.effectiveAt;
  if (!inEffect) {
    const checked = checkClaim(ctx, body, claim);
    if (!checked.ok) return checked;
  }
  const record: ClaimRecord = ctx.state.claims.get(key) ?? {
    hash,
    council: ctx.event.scope,
    body,
    claim,
    supersedes: null,
    signers: [],
    effectiveAt: null,
    time: null,
    ...(redacted ? { redacted: true as const } : {}),
  };
  const signed = sign(ctx, record, rule.value.eligible, rule.value.needed);
  if (!signed.ok) return signed;
  if (signed.value) applyClaim(ctx, body, claim, hash, redacted);
  return ok(undefined);
}

export const attestationMade = defineHandler({
  type: "attestation.made",
  schema: z.object({ body: hexId, claim: claimSchema }).strict(),
  redactable: true,
  // Only by an attested redaction claim of the same body (a chair of the council cannot drop
  // what the body's attesters told it): see the "redaction" claim.
  redacted: {
    kept: keptAttestationSchema,
    keptOf: keptOfAttestation,
    applyKept: (ctx, kept) => {
      const k = kept as KeptAttestation;
      return attest(
        ctx,
        k.body,
        { ...k.claim, title: {}, text: {} },
        k.hash,
        true,
      );
    },
  },
  apply: (ctx, p) =>
    attest(ctx, p.body, p.claim, claimHash(p.body, p.claim), false),
});

/** Claims whose effect a supersession can undo. */
const SUPERSEDABLE = new Set<Claim["kind"]>([
  "seats",
  "recall",
  "vacancy",
  "mandate",
  "members",
  "demand",
  "answers",
  "referendum",
  "plan-totals",
]);

export const attestationSuperseded = defineHandler({
  type: "attestation.superseded",
  schema: z.object({ body: hexId, claim: hexId }).strict(),
  apply(ctx, p) {
    const linked = requireLinkedCouncil(ctx, p.body);
    if (!linked.ok) return linked;
    const target = ctx.state.claims.get(pairKey(ctx.event.scope, p.claim));
    if (
      target === undefined ||
      target.council !== ctx.event.scope ||
      target.body !== p.body ||
      target.claim === null ||
      target.effectiveAt === null ||
      !knowsId(ctx, target.effectiveAt)
    )
      return fail("CLAIM_NOT_FOUND", { claim: p.claim });
    if (!SUPERSEDABLE.has(target.claim.kind))
      return fail("CLAIM_INVALID", {
        kind: target.claim.kind,
        reason: "not-supersedable",
      });
    const rule = signingRule(ctx, p.body, null);
    if (!rule.ok) return rule;
    const hash = supersedeHash(p.body, p.claim);
    const record: ClaimRecord = ctx.state.claims.get(
      pairKey(ctx.event.scope, hash),
    ) ?? {
      hash,
      council: ctx.event.scope,
      body: p.body,
      claim: null,
      supersedes: p.claim,
      signers: [],
      effectiveAt: null,
      time: null,
    };
    const signed = sign(ctx, record, rule.value.eligible, rule.value.needed);
    if (!signed.ok) return signed;
    if (!signed.value) return ok(undefined);
    ctx.state.supersededFacts.push(
      pairKey(ctx.event.scope, p.claim),
      ctx.event.index,
    );
    const kind = target.claim.kind;
    if (kind === "seats" || kind === "recall" || kind === "vacancy")
      refreshDelegation(ctx, ctx.event.scope, p.body, "superseded");
    if (kind === "demand")
      // The body may carry the same demand up again (say, corrected).
      ctx.state.forwardedInto.delete(
        pairKey(ctx.event.scope, target.claim.cites),
      );
    if (kind === "mandate") {
      const key = pairKey(ctx.event.scope, p.body);
      const now = mandateIn(ctx, ctx.event.scope, p.body);
      if (now === null) ctx.state.mandates.delete(key);
      else ctx.state.mandates.set(key, now);
    }
    return ok(undefined);
  },
});
