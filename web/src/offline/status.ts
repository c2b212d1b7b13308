/**
 * @module What the page shows of the offline machinery: whether the hub answers, what waits
 * in the outbox, what the hub refused, and the replica's state. Small and loaded with the
 * first page; the machinery itself (offline/engine.ts) is loaded when the key is unlocked
 * and writes here.
 */
import { useSyncExternalStore } from "react";
import type { CanonicalValue } from "../../../src/crypto/index.js";

/** An action signed on this device that the hub has not taken yet. */
export interface PendingAction {
  readonly id: string;
  /** The scope it was signed in (a body or council). */
  readonly scope: string | null;
  readonly type: string;
  readonly payload: CanonicalValue;
  readonly time: number;
}

/** Something the hub said about an action sent from the outbox. */
export interface OutboxNotice {
  readonly id: string;
  readonly type: string;
  /** "invalid": kept by the hub but the rules refused it; "refused": not taken at all. */
  readonly kind: "invalid" | "refused";
  readonly code: string;
  readonly message: string;
  readonly time: number;
}

/** Where a secret vote of this member stands, for the motion page. */
export interface SecretVoteStatus {
  readonly motion: string;
  readonly step:
    | "requesting"
    | "waiting-tokens"
    | "tokens-ready"
    | "waiting-to-send"
    | "sent"
    | "held"
    | "counted"
    | "not-counted"
    | "refused"
    /** The vote closed before the member chose: nothing to show. */
    | "unused";
  /** Registrars (by offer) that have not answered the request yet. */
  readonly waitingFor: readonly string[];
  /** The choice, while it is kept here (until the ballot is held by the hub). */
  readonly choice: CanonicalValue | null;
  readonly refused: string | null;
}

/** A registrar's work on one open secret motion, for the motion page. */
export interface RegistrarStatus {
  readonly motion: string;
  /** Whether this browser holds the registrar key (else it is on another device). */
  readonly keyHere: boolean;
  /** Valid requests not answered yet by this registrar. */
  readonly pending: number;
}

export interface OfflineStatus {
  /** False after a request failed to reach the hub, true after one reached it. */
  readonly reachable: boolean;
  /** Actions waiting in the outbox (counted even while the key is locked). */
  readonly waiting: number;
  /** The waiting actions themselves (known once the key is unlocked). */
  readonly pending: readonly PendingAction[];
  /** Actions signed in event format 1 that never reached the hub (to sign again or discard). */
  readonly legacy: number;
  /** Join requests this key sent: it reads nothing of those bodies until admitted. */
  readonly joins: readonly {
    readonly id: string;
    readonly body: string;
    readonly name: string;
    readonly time: number;
  }[];
  readonly sending: boolean;
  readonly notices: readonly OutboxNotice[];
  /** The member's secret votes from this browser, where each stands. */
  readonly secretVotes: readonly SecretVoteStatus[];
  /** The open secret motions this member registers voters for. */
  readonly registrarWork: readonly RegistrarStatus[];
  /** The copy kept in this browser: events and scopes held, last sync (ms), a sync running. */
  readonly replica: {
    readonly events: number;
    readonly scopes: readonly string[];
    readonly syncedAt: number | null;
    readonly syncing: boolean;
    readonly error: string | null;
  } | null;
}

let status: OfflineStatus = {
  reachable: typeof navigator === "undefined" ? true : navigator.onLine,
  waiting: 0,
  pending: [],
  legacy: 0,
  joins: [],
  sending: false,
  notices: [],
  secretVotes: [],
  registrarWork: [],
  replica: null,
};
const listeners = new Set<() => void>();

/** The current status. */
export function offlineStatus(): OfflineStatus {
  return status;
}

/** Changes part of the status. */
export function setOfflineStatus(change: Partial<OfflineStatus>): void {
  const next = { ...status, ...change };
  if (
    (Object.keys(change) as (keyof OfflineStatus)[]).every(
      (k) => next[k] === status[k],
    )
  )
    return;
  status = next;
  for (const l of [...listeners]) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The status, re-rendering when it changes. */
export function useOfflineStatus(): OfflineStatus {
  return useSyncExternalStore(subscribe, offlineStatus, offlineStatus);
}

if (typeof window !== "undefined") {
  window.addEventListener("offline", () =>
    setOfflineStatus({ reachable: false }),
  );
}

let waitingMark = 0;

/** Counts an action that went to the outbox to wait for the hub (see {@link actionsWaited}). */
export function noteWaiting(): void {
  waitingMark++;
}

/** How many actions went to wait so far: an action's form compares before and after. */
export function actionsWaited(): number {
  return waitingMark;
}

/** Whether a waiting action's payload (and scope) match. */
type Matches = (
  payload: Readonly<Record<string, unknown>>,
  scope: string | null,
) => boolean;

/** The latest waiting action of `type` whose payload matches, or null. */
export function usePendingAction(
  type: string,
  matches: Matches,
): PendingAction | null {
  return usePendingActions(type, matches).at(-1) ?? null;
}

/** The waiting actions of `type` whose payload matches, oldest first. */
export function usePendingActions(
  type: string,
  matches: Matches,
): PendingAction[] {
  const { pending } = useOfflineStatus();
  return pending.filter(
    (p) =>
      p.type === type &&
      p.payload !== null &&
      typeof p.payload === "object" &&
      matches(p.payload as Readonly<Record<string, unknown>>, p.scope),
  );
}
