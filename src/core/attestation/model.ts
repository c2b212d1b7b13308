/**
 * @module Attestations: how facts rise from a body to a council that may not read it. The
 * council's link records the body's attester keys and a threshold k; a claim about the body
 * takes effect in the council once k attesters signed it (each with an `attestation.made` of
 * the same claim). A claim cites the body's event it rests on by id — a reference the body's
 * members can check, never a dep (docs/architecture.md, "Attestations").
 */
import { z } from "zod";
import {
  type CanonicalValue,
  encodeCanonical,
  sha256,
  toHex,
} from "../../crypto/index.js";
import { ANSWERS, type RollupEntry } from "../action/model.js";
import { BODY_LEVELS } from "../body/model.js";
import { positionChoice } from "../motion/methods.js";
import { planTotalsClaimSchema } from "../plan/model.js";
import { REFERENDUM_OPTIONS } from "../referendum/model.js";
import { displayName, hexId, i18nText } from "../text/i18n-text.js";

/** Most attesters a body may name on a council. */
export const MAX_ATTESTERS = 16;

const supportEntry = z
  .object({
    body: hexId,
    level: z.enum(BODY_LEVELS),
    members: z.number().int().min(0).max(100_000_000),
  })
  .strict();

const rollupEntry = z
  .object({
    body: hexId,
    level: z.enum(BODY_LEVELS),
    members: z.number().int().min(0).max(100_000_000),
    answers: z
      .array(
        z
          .object({
            answer: z.enum(ANSWERS),
            headcount: z.number().int().min(0).max(10_000_000),
            time: z.number().int().min(0),
          })
          .strict(),
      )
      .min(1)
      .max(32),
  })
  .strict();

/** One body's result of a referendum: counts per option (yes, no, abstain), turnout, its close. */
const referendumEntry = z
  .object({
    body: hexId,
    /** The body's close that decided its motion on the question (a reference, not a dep). */
    cites: hexId,
    counts: z
      .array(z.number().int().min(0).max(100_000_000))
      .length(REFERENDUM_OPTIONS.length),
    eligible: z.number().int().min(0).max(100_000_000),
    cast: z.number().int().min(0).max(100_000_000),
  })
  .strict();

/** A demand claim: an adopted demand carried up, with its words. */
const demandClaimSchema = z
  .object({
    kind: z.literal("demand"),
    /** The adopted demand motion, or (for a council) the council demand it carries on. */
    cites: hexId,
    title: i18nText(300),
    text: i18nText(20_000),
    /** A demand already on the council that this endorses. */
    into: hexId.optional(),
    support: z.array(supportEntry).min(1).max(400),
  })
  .strict();

/** What a redaction keeps of a demand claim: everything but its words (title and text). */
export const keptDemandClaimSchema = demandClaimSchema
  .omit({ title: true, text: true })
  .strict();
export type KeptDemandClaim = z.infer<typeof keptDemandClaimSchema>;

/** The claims a body's attesters can make about it, by kind. */
export const claimSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("seats"),
      /** The body's close that elected them. */
      cites: hexId,
      elected: z
        .array(z.object({ member: hexId, name: displayName }).strict())
        .max(100),
      /** An election for all the body's seats (replaces the delegation) or a by-election. */
      full: z.boolean(),
    })
    .strict(),
  z.object({ kind: z.literal("recall"), cites: hexId, member: hexId }).strict(),
  z
    .object({ kind: z.literal("vacancy"), cites: hexId, member: hexId })
    .strict(),
  z
    .object({
      kind: z.literal("mandate"),
      cites: hexId,
      positions: z
        .array(z.object({ motion: hexId, choice: positionChoice }).strict())
        .max(50),
    })
    .strict(),
  z
    .object({
      kind: z.literal("members"),
      /** The body's event as of which it counts (its newest membership change). */
      cites: hexId,
      count: z.number().int().min(0).max(100_000_000),
    })
    .strict(),
  demandClaimSchema,
  z
    .object({
      /**
       * The body removed the words of a demand it carried up (its chairs' `event.redacted`, or
       * a redaction motion it adopted; for a council, a redaction that reached it from below):
       * the council drops them from its records and from the attestations that carried them.
       */
      kind: z.literal("redaction"),
      /** The body's event that removed the words (see above). */
      cites: hexId,
      /** The hash of the body's demand claim on this council whose words go. */
      claim: hexId,
      /** The council's `attestation.made` events that carried the words: their payloads go. */
      events: z.array(hexId).min(1).max(MAX_ATTESTERS),
      /** What stays of the demand claim (every replica applies those events from it). */
      keep: keptDemandClaimSchema,
    })
    .strict(),
  z
    .object({
      kind: z.literal("answers"),
      call: hexId,
      entries: z.array(rollupEntry).min(1).max(200),
    })
    .strict(),
  z
    .object({
      /**
       * Results of a referendum the council put: the body's own (its close cited), or for a
       * council below, the results in effect there, each body below once.
       */
      kind: z.literal("referendum"),
      referendum: hexId,
      entries: z.array(referendumEntry).min(1).max(400),
    })
    .strict(),
  /**
   * A body's planning totals for a period: its declarations summed, or for a council its
   * own needs and the totals of the bodies below it — aggregated, naming no process or workplace.
   */
  planTotalsClaimSchema,
  z
    .object({
      kind: z.literal("attesters"),
      attesters: z.array(hexId).min(1).max(MAX_ATTESTERS),
      threshold: z.number().int().min(1).max(MAX_ATTESTERS),
    })
    .strict(),
]);

export type Claim = z.infer<typeof claimSchema>;
export type ClaimKind = Claim["kind"];

/** The identity of a claim: the SHA-256 of the canonical {body, claim} (hex). */
export function claimHash(body: string, claim: Claim | CanonicalValue): string {
  return toHex(
    sha256(encodeCanonical({ body, claim } as unknown as CanonicalValue)),
  );
}

/** The identity of a supersession of a claim. */
export function supersedeHash(body: string, claim: string): string {
  return toHex(sha256(encodeCanonical({ body, supersedes: claim })));
}

/** A claim held by a council: who signed it, and whether it took effect. */
export interface ClaimRecord {
  readonly hash: string;
  readonly council: string;
  readonly body: string;
  /** The claim, or null for a supersession (then `supersedes` names the claim). */
  readonly claim: Claim | null;
  readonly supersedes: string | null;
  /** Keys that signed it, with their events, in fold order. */
  readonly signers: readonly { readonly key: string; readonly event: string }[];
  /** The signature that completed it; null while fewer than k signed. */
  readonly effectiveAt: string | null;
  readonly time: number | null;
  /** A demand claim whose words were redacted (its title and text are empty); else absent. */
  readonly redacted?: true;
}

/** An attested roll-up of a body's (and, for a council, its subtree's) answers to a call. */
export interface RollupClaim {
  readonly at: number;
  readonly claim: string;
  /** The body below whose attesters carried it. */
  readonly child: string;
  readonly entries: readonly RollupEntry[];
  readonly time: number;
}
