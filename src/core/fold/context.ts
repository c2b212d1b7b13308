/** @module What an event handler sees while the fold applies its event. */
import type { z } from "zod";
import type { Result } from "../result.js";
import type { CausalIndex } from "./causal-index.js";
import type { FoldState } from "./state.js";

/** An event as the fold applies it. */
export interface FoldEvent {
  /** Its index in the causal index. */
  readonly index: number;
  readonly id: string;
  /** The signing key (hex). */
  readonly author: string;
  /** The event's scope (hex): its own id for an event that founds a scope. */
  readonly scope: string;
  /** Sequence number on the key's chain in the scope. */
  readonly seq: number;
  /** The key's counter across scopes. */
  readonly kseq: number;
  /** Claimed time (ms): shown to people, never used for order or validity. */
  readonly time: number;
  readonly type: string;
}

/** The fold's services for a handler, all judged from the current event's causal past. */
export interface ApplyContext {
  readonly state: FoldState;
  readonly index: CausalIndex;
  readonly event: FoldEvent;
  /** The member the author key acts for, as the author could know it. */
  readonly actor: string;
  /** The federation (genesis) id, or null while folding the genesis itself. */
  readonly federation: string | null;
  /** True when the event with index x is in the current event's causal past. */
  knows(x: number): boolean;
  /** True when event x is in the causal past of event y. */
  precedes(x: number, y: number): boolean;
  /** The type of a held event, by index. */
  typeOf(x: number): string;
  /**
   * True when the event may judge facts of `scope`: its own scope, the federation scope, or
   * a scope its past shows above its own. Anything else is a bug in a handler — the fold is
   * scope-pure (docs/architecture.md, "Scopes") — and throws in tests; otherwise false,
   * which a handler treats as "nothing known".
   */
  sees(scope: string): boolean;
  /** `sees` without the test-time throw, for walks that meet scopes they must skip. */
  canSee(scope: string): boolean;
  /** The scopes the event's past shows above its own scope (hex ids). */
  aboveKnown(): readonly string[];
  /** True when the key is named a founder in the genesis: a coordinator. */
  isCoordinatorKey(key: string): boolean;
  /**
   * Makes every event of `key` with a kseq above `lastValidKseq` invalid, in every scope,
   * wherever it sits in the order (revocations: "whatever its deps").
   */
  cutKey(key: string, lastValidKseq: number): void;
  /**
   * Makes every event of `key` in `scope` with a sequence number above `lastValidSeq`
   * invalid (a rotation endorsed in that scope).
   */
  cutChain(key: string, scope: string, lastValidSeq: number): void;
  /**
   * The payload of held event x, decoded and checked against its type (null when this
   * replica holds it without one: redacted, or still on its way).
   */
  payloadOf(x: number): unknown;
  /**
   * Has event x applied from `kept` — what a redaction leaves of its payload — wherever it sits
   * in the order and whether or not its payload is held (a redaction of a motion's text or a
   * join request's name: see {@link RedactedForm}).
   */
  keepOnly(x: number, kept: unknown): void;
  /** How held event x applies once redacted, when its type has a redacted form. */
  redactedFormOf(x: number): RedactedForm<unknown, unknown> | undefined;
}

/**
 * What a redaction leaves of an event whose payload mixes free text with what other events
 * rely on (a motion's method and options, which ballots and the close need): the kept part,
 * which the redaction carries, and how the event applies from it alone. Every replica applies
 * the event from its kept part once the redaction is known, so the one that held the text and
 * the one that never saw it fold to the same state.
 */
export interface RedactedForm<P, K> {
  readonly kept: z.ZodType<K, unknown>;
  /** The kept part of a whole payload (what an honest redaction carries). */
  keptOf(payload: P): K;
  /** Checks and applies the event from its kept part, as `apply` does from the whole. */
  applyKept(ctx: ApplyContext, kept: K): Result<void>;
}

/** How one event type is checked and applied: one flat handler per type, in a registry. */
export interface EventHandler<P> {
  readonly type: string;
  readonly schema: z.ZodType<P, unknown>;
  /**
   * A redacted event of this type is kept without payload; it has no effect, unless its type
   * has a {@link RedactedForm}.
   */
  readonly redactable?: boolean;
  /** How the event applies once redacted, for types whose effect must outlive their text. */
  readonly redacted?: RedactedForm<P, unknown>;
  /** Checks authority and applies the effect. On failure the fold undoes any change made. */
  apply(ctx: ApplyContext, payload: P): Result<void>;
}

/** Declares a handler with its payload type inferred from the schema. */
export function defineHandler<S extends z.ZodType>(handler: {
  readonly type: string;
  readonly schema: S;
  readonly redactable?: boolean;
  readonly redacted?: RedactedForm<z.infer<S>, unknown>;
  apply(ctx: ApplyContext, payload: z.infer<S>): Result<void>;
}): EventHandler<z.infer<S>> {
  return handler as EventHandler<z.infer<S>>;
}

/** True when the event with this id is held and in the current event's causal past. */
export function knowsId(ctx: ApplyContext, id: string): boolean {
  const x = ctx.index.indexOf(id);
  return x >= 0 && ctx.knows(x);
}
