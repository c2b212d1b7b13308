/**
 * @module Keys a hub no longer lets in: a key revoked in the federation scope (a cutoff in
 * force, whatever its kseq), and a key frozen by a fork (two events of it with one sequence
 * number in a scope) — the signature of a phone that was seized, or of a key that two people
 * now hold. Read from the fold's cutoffs and the causal index's forks, again only when the
 * fold changed.
 */
import type { FoldEngine } from "../../core/index.js";

/** Why a key may not sign in: its revocation, or a fork of it. */
export type KeyBar = "revoked" | "frozen";

export class KeyStanding {
  private seenSize = -1;
  private seenRewinds = -1;
  private readonly bars = new Map<string, KeyBar>();

  constructor(private readonly fold: FoldEngine) {}

  /** True when the fold changed since the bars were last read (events added, or re-judged). */
  private stale(): boolean {
    return (
      this.seenSize !== this.fold.size ||
      this.seenRewinds !== this.fold.stats.rewinds
    );
  }

  private refresh(): void {
    if (!this.stale()) return;
    this.seenSize = this.fold.size;
    this.seenRewinds = this.fold.stats.rewinds;
    this.bars.clear();
    const index = this.fold.index;
    for (const chain of index.forkSeq.keys())
      this.bars.set(index.keys[index.chainKey[chain]!]!, "frozen");
    // A revocation names the stronger reason: the key's owner said it is lost.
    for (const cut of this.fold.cutoffs().keys)
      this.bars.set(cut.key, "revoked");
  }

  /** Why the key is barred, or null when it may sign in. */
  barOf(key: string): KeyBar | null {
    this.refresh();
    return this.bars.get(key) ?? null;
  }

  /** Every barred key, with why. */
  barred(): ReadonlyMap<string, KeyBar> {
    this.refresh();
    return this.bars;
  }
}
