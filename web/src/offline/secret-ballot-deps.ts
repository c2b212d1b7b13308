/**
 * @module The browser's side of src/replica/secret-ballot-deps.ts: the deps a member's event
 * names never include a secret ballot, but a close's. The member's own ballot is the danger —
 * named by their next event before the hub published it, it would show whose it is — so it is
 * replaced by its motion's opening (its only parent) even when the copy does not hold it yet;
 * any other secret ballot the copy holds is replaced the same way, so every event looks alike.
 */
import type { FoldEngine } from "../../../src/core/index.js";

/** The type whose events stand for no one. */
const SECRET_BALLOT = "ballot.secret";

/** The types that must name secret ballots: the close counts what it names. */
const NAMES_BALLOTS = new Set(["vote.closed"]);

/**
 * `deps` for an event of `type`, each secret ballot replaced by its motion's opening: the
 * member's own (`own`: ballot id → motion id) always, others when `fold` holds them.
 */
export function depsWithoutSecretBallots(
  fold: FoldEngine | null,
  type: string,
  deps: readonly string[],
  own: ReadonlyMap<string, string>,
): string[] {
  if (NAMES_BALLOTS.has(type)) return [...deps];
  const out = new Set<string>();
  for (const id of deps) {
    const motion = own.get(id);
    if (motion !== undefined) {
      out.add(motion);
      continue;
    }
    if (fold === null || fold.typeOf(id) !== SECRET_BALLOT) {
      out.add(id);
      continue;
    }
    for (const p of fold.index.parentsOf(fold.index.indexOf(id)))
      out.add(fold.index.ids[p]!);
  }
  return [...out].sort();
}
