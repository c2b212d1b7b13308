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
}

/** How one event type is checked and applied: one flat handler per type, in a registry. */
export interface EventHandler<P> {
  readonly type: string;
  readonly schema: z.ZodType<P, unknown>;
  /** A redacted event of this type is kept without payload and has no effect. */
  readonly redactable?: boolean;
  /** Checks authority and applies the effect. On failure the fold undoes any change made. */
  apply(ctx: ApplyContext, payload: P): Result<void>;
}

/** Declares a handler with its payload type inferred from the schema. */
export function defineHandler<S extends z.ZodType>(handler: {
  readonly type: string;
  readonly schema: S;
  readonly redactable?: boolean;
  apply(ctx: ApplyContext, payload: z.infer<S>): Result<void>;
}): EventHandler<z.infer<S>> {
  return handler as EventHandler<z.infer<S>>;
}

/** True when the event with this id is held and in the current event's causal past. */
export function knowsId(ctx: ApplyContext, id: string): boolean {
  const x = ctx.index.indexOf(id);
  return x >= 0 && ctx.knows(x);
}
