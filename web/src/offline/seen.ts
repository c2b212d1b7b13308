/**
 * @module What the member has looked at, as the page asks it: per body, motion and delegate
 * the activity seen when they last opened it (unread markers; a delegate's new ballots), and
 * whether they asked to be told of new things. Kept sealed in the key's database by the
 * offline machinery (seen-store.ts), never in localStorage: what a member looked at is itself
 * sensitive on a seized phone. Small and free of core's code, like local-fold.ts.
 */
import { useSyncExternalStore } from "react";

export interface SeenMarks {
  /** Changes whenever a mark changed. */
  readonly version: number;
  /** The activity seen when the member last opened the thing (undefined: never). */
  get(key: string): number | undefined;
  /** Notes that the member has seen the thing at this activity. */
  mark(key: string, activity: number): void;
  /** The member asked to be told, while the app is open, of new things waiting. */
  readonly notify: boolean;
  setNotify(on: boolean): void;
}

let current: SeenMarks | null = null;
const listeners = new Set<() => void>();

/** Installs (or removes) the marks; pages that use them render again. */
export function setSeenMarks(marks: SeenMarks | null): void {
  current = marks;
  for (const l of [...listeners]) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => current;

/** The marks of the unlocked key, or null while none are loaded. */
export function useSeenMarks(): SeenMarks | null {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/** The keys marks are kept under. */
export const seenKey = {
  body: (id: string) => `body ${id}`,
  motion: (id: string) => `motion ${id}`,
  delegate: (council: string, member: string) =>
    `delegate ${council} ${member}`,
};
