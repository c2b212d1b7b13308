/**
 * @module What the page may ask of the copy this browser folds itself, once a key is
 * unlocked (offline/engine.ts loads and folds it, and installs the checks here). Small and
 * free of core's code (types only): the first page does not carry the fold. Pages use it to
 * check what the hub tells them — a motion's count, the claims about a body on the councils
 * above — and say where the two differ.
 */
import { useSyncExternalStore } from "react";
import type {
  Claim,
  ClaimAudit,
  I18nText,
  MotionRecord,
  PendingClaim,
  SearchResult,
  StatedResult,
  WaitingItem,
} from "../../../src/core/index.js";

/** A decided or open motion as this browser's fold has it. */
export interface LocalMotion {
  readonly record: MotionRecord;
  /** The result the close states (null while open, or when its payload was redacted). */
  readonly stated: StatedResult | null;
  /** Ballots counted at the close, and the voters eligible there (null while open). */
  readonly counted: number | null;
  readonly eligible: number | null;
}

/** Checks computed on the fold kept in this browser. */
export interface LocalChecks {
  /** Changes whenever the copy changed (new events folded). */
  readonly version: number;
  /** The copy's events. */
  readonly events: number;
  /** True when the copy holds the scope (the body, council, or the federation scope). */
  holds(scope: string): boolean;
  /** True when the copy holds the event. */
  has(id: string): boolean;
  /** Events held of a scope. */
  eventsIn(scope: string): number;
  /** The scopes held, sorted. */
  scopes(): readonly string[];
  /** Per scope held, the hash of its records (docs/events.md §8): compare with the hub's. */
  scopeHashes(): ReadonlyMap<string, string>;
  /** Every claim about the body on the councils held, checked against its log (null: body not held). */
  audit(body: string): readonly ClaimAudit[] | null;
  /** The motion as folded here (null: not held). */
  motion(id: string): LocalMotion | null;
  /** The claims this key, as an attester of the body, has yet to sign (null: not held). */
  pending(body: string): readonly PendingClaim[] | null;
  /** The attester set and threshold of a body on a council, as the council holds it now. */
  attesters(
    council: string,
    body: string,
  ): {
    readonly attesters: readonly string[];
    readonly threshold: number;
  } | null;
  /**
   * What a redaction of the event must carry as `keep` (a motion: its payload without title
   * and text; `keep` absent for a join request or a comment), read from the payload this copy
   * holds; null when the copy does not hold it (not synced yet, or already redacted).
   */
  redaction(id: string): { readonly keep?: unknown } | null;
  /** A member's name as a scope knows them (null: unknown there). */
  nameIn(scope: string, member: string): string | null;
  /** A claim held on a council, by the council and its hash (null: not held, or a supersession). */
  claim(council: string, hash: string): Claim | null;
  /** A call's title (null: not held). */
  callTitle(call: string): I18nText | null;
  /**
   * What waits for this key's member, computed here by core's `waitingFor` — the function the
   * hub serves `/api/me/waiting` with — over the scopes the key reads in this copy.
   */
  waiting(): readonly WaitingItem[];
  /**
   * What the query finds here, by core's `searchState` — the function the hub serves
   * `/api/search` with — over the scopes the key reads in this copy.
   */
  search(query: string): SearchResult;
  /** How much has happened to a motion or body (null: not held); see activity.ts. */
  activity(id: string): number | null;
  /** Every body and motion held with its activity (a device's first look marks them all seen). */
  activities(): Iterable<
    readonly [id: string, kind: "body" | "motion", activity: number]
  >;
}

let current: LocalChecks | null = null;
const listeners = new Set<() => void>();

/** Installs (or removes) the checks; pages that use them render again. */
export function setLocalChecks(checks: LocalChecks | null): void {
  current = checks;
  for (const l of [...listeners]) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => current;

/** The checks of this browser's copy, or null while none is loaded (locked, first page). */
export function useLocalChecks(): LocalChecks | null {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
