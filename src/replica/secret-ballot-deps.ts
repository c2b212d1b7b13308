/**
 * @module The deps an event names never include a secret ballot, but a close's: a voter's
 * next event signed where their own ballot is still a head — in a data directory no hub holds,
 * before the ballot was published — would name it, and so show who cast it. Each ballot is
 * replaced by its only parent, the motion's opening, which every reader holds anyway. A close
 * must name the ballots it counts (its count is its causal past), so it keeps them.
 */
import type { FoldEngine } from "../core/index.js";

/** The type whose events stand for no one. */
const SECRET_BALLOT = "ballot.secret";

/** The types that must name secret ballots: the close counts what it names. */
const NAMES_BALLOTS = new Set(["vote.closed"]);

/** `deps` for an event of `type`, each secret ballot replaced by its motion's opening. */
export function depsWithoutSecretBallots(
  fold: FoldEngine,
  type: string,
  deps: readonly string[],
): string[] {
  if (NAMES_BALLOTS.has(type)) return [...deps];
  const out = new Set<string>();
  for (const id of deps) {
    if (fold.typeOf(id) !== SECRET_BALLOT) {
      out.add(id);
      continue;
    }
    for (const p of fold.index.parentsOf(fold.index.indexOf(id)))
      out.add(fold.index.ids[p]!);
  }
  return [...out].sort();
}
