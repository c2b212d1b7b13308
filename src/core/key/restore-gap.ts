/**
 * @module How far a key restored from a backup moves its counter (`kseq`) before it signs.
 * The lost device may have signed events nobody has seen yet; the restored device must not
 * reuse their numbers, so it starts this far above the highest kseq it can see. 65,536
 * events signed offline and never sent is far more than a phone holds; 2^32 − 1 leaves room
 * for tens of thousands of restores.
 */
export const RESTORE_KSEQ_GAP = 65_536;

/** The highest kseq a restored key treats as used, given the highest it can see anywhere. */
export function restoredKseqFloor(highestSeen: number): number {
  return highestSeen + RESTORE_KSEQ_GAP;
}
