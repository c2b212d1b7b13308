/**
 * @module What the key holder (holder-worker.ts) remembers, pure and clocked from outside:
 * one unlocked key's secret, in memory, for one visit. The key goes when the member locks it
 * (in any tab), when it has not been used for its idle time, or when no tab of the app has
 * been open for a moment (every tab closed ends the visit; a reload is back within it).
 * Nothing here is ever written anywhere (docs/threat-model.md, "Unlocked once per visit").
 */

/** The longest a key stays unlocked without use: a setting may only shorten it. */
export const MAX_IDLE_MS = 15 * 60_000;
/** The shortest idle time a setting may ask for. */
export const MIN_IDLE_MS = 5_000;
/** A tab that said nothing for this long is gone (a hidden tab's timers run once a minute). */
export const TAB_GONE_MS = 3 * 60_000;
/** With no tab open for this long, the visit is over (a reload comes back well within it). */
export const ALONE_MS = 10_000;

/** The idle time for a setting in seconds (null or nonsense: the longest). */
export function idleMsOf(setting: string | null): number {
  const seconds = setting === null ? Number.NaN : Number(setting);
  if (!Number.isFinite(seconds)) return MAX_IDLE_MS;
  return Math.min(MAX_IDLE_MS, Math.max(MIN_IDLE_MS, seconds * 1000));
}

/** Why a held key went. */
export type DropReason = "locked" | "idle" | "alone";

interface Held {
  readonly publicKey: string;
  readonly secret: Uint8Array;
  readonly idleMs: number;
  lastUse: number;
  /**
   * The hub's session token this key signed in for, if a tab said so: a tab opening takes it
   * with the key and reads at once, without signing in again (two round trips, and the signing
   * code, on a slow link). It opens less than the key beside it, and goes with it.
   */
  session: string | null;
}

/** What a tab opening gets back: the key's secret, and the session it signed in for. */
export interface Taken {
  readonly secret: Uint8Array;
  readonly session: string | null;
}

export class HolderState {
  private held: Held | null = null;
  /** Open tabs, by id, with when each last spoke. */
  private readonly tabs = new Map<string, number>();
  /** When the last tab left (or the key came, with no tab known yet). */
  private lastLeft = 0;

  /** Holds a key just unlocked, replacing any other. */
  put(
    tab: string,
    publicKey: string,
    secret: Uint8Array,
    idleMs: number,
    now: number,
  ): void {
    this.seen(tab, now);
    // The same key handed in again (a tab unlocking it after signing in) keeps its session.
    const session =
      this.held?.publicKey === publicKey ? this.held.session : null;
    this.drop();
    this.held = {
      publicKey,
      secret: secret.slice(),
      idleMs: Math.min(MAX_IDLE_MS, Math.max(MIN_IDLE_MS, idleMs)),
      lastUse: now,
      session,
    };
    this.lastLeft = now;
  }

  /** The held key's secret and session for a tab opening (a reload, a deep link): it counts as use. */
  take(tab: string, publicKey: string, now: number): Taken | null {
    this.seen(tab, now);
    this.check(now);
    if (this.held === null || this.held.publicKey !== publicKey) return null;
    this.held.lastUse = now;
    return { secret: this.held.secret.slice(), session: this.held.session };
  }

  /** The session the held key signed in for (ignored for any other key). */
  keepSession(publicKey: string, token: string): void {
    if (this.held?.publicKey === publicKey) this.held.session = token;
  }

  /** Whether the key is still held, without counting as use. */
  holds(publicKey: string, now: number): boolean {
    this.check(now);
    return this.held?.publicKey === publicKey;
  }

  /** The member did something in a tab. */
  use(tab: string, now: number): void {
    this.seen(tab, now);
    if (this.check(now) === null && this.held !== null) this.held.lastUse = now;
  }

  /** A tab is open (it says so every little while). */
  seen(tab: string, now: number): void {
    this.tabs.set(tab, now);
  }

  /** A tab closed or reloads. */
  bye(tab: string, now: number): void {
    if (this.tabs.delete(tab) && this.tabs.size === 0) this.lastLeft = now;
  }

  /** Drops the key (the member locked it, or pressed panic). True when one was held. */
  lock(): boolean {
    const had = this.held !== null;
    this.drop();
    return had;
  }

  /** Drops the key if its time is up; the reason when it went just now. */
  check(now: number): DropReason | null {
    for (const [tab, at] of this.tabs)
      if (now - at >= TAB_GONE_MS) {
        this.tabs.delete(tab);
        this.lastLeft = Math.max(this.lastLeft, at + TAB_GONE_MS);
      }
    if (this.held === null) return null;
    if (now - this.held.lastUse >= this.held.idleMs) {
      this.drop();
      return "idle";
    }
    if (this.tabs.size === 0 && now - this.lastLeft >= ALONE_MS) {
      this.drop();
      return "alone";
    }
    return null;
  }

  /** How long until check() may drop the key (null: nothing held). */
  nextCheck(now: number): number | null {
    if (this.held === null) return null;
    let at = this.held.lastUse + this.held.idleMs;
    if (this.tabs.size === 0) at = Math.min(at, this.lastLeft + ALONE_MS);
    for (const seenAt of this.tabs.values())
      at = Math.min(at, seenAt + TAB_GONE_MS);
    return Math.max(0, at - now);
  }

  private drop(): void {
    // Overwritten, not only let go: the bytes do not wait in the heap for the collector.
    this.held?.secret.fill(0);
    this.held = null;
  }
}
