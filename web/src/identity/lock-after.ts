/**
 * @module How long an unlocked key stays unlocked without use (identity/key-holder.ts): 15
 * minutes, or shorter where this browser's local storage says so in seconds. A value written
 * there can only shorten it: whoever can write to the disk cannot make the key stay longer.
 */

/** The idle time when nothing shorter is set. */
export const LOCK_AFTER_MS = 15 * 60_000;
/** Where a shorter idle time may be set, in seconds (tests; a cautious member). */
export const LOCK_AFTER_SETTING = "kenges.lock-after-seconds";

/** The idle time for a setting in seconds: only ever shorter than 15 minutes, at least 5 s. */
export function lockAfterMs(setting: string | null): number {
  const seconds = setting === null ? Number.NaN : Number(setting);
  if (!Number.isFinite(seconds)) return LOCK_AFTER_MS;
  return Math.min(LOCK_AFTER_MS, Math.max(5_000, seconds * 1000));
}
