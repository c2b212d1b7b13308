/**
 * @module Folding in the browser where secret ballots may arrive. The fold verifies a secret
 * ballot's tokens synchronously; the browser's only RSA is WebCrypto's, which is asynchronous.
 * So a batch is folded in two steps: everything but the secret ballots (their motions'
 * openings among it), then — once WebCrypto has verified the ballots' tokens against the
 * registrars' keys the fold now holds and recorded the verdicts — the secret ballots, which
 * depend only on those openings. Same events, same state: the fold's order does not depend on
 * the order it is handed events in (an incremental fold equals a full rebuild).
 */
import {
  type AddResult,
  carriesTokens,
  type FoldEngine,
  type FoldInput,
  type KengesError,
  secretBallotTokenChecks,
} from "../../../src/core/index.js";
import { recordRsaPssVerdicts } from "../../../src/crypto/index.js";

/**
 * `fold.add(inputs)`, with the tokens of any secret ballot among them verified first. Events
 * that name a secret ballot as a parent (a close, a later event of anyone who had seen it)
 * wait for the step that folds the ballots, so the two steps repeat while they fold anything.
 */
export async function addWithTokens(
  fold: FoldEngine,
  inputs: readonly FoldInput[],
): Promise<AddResult> {
  if (!inputs.some(carriesTokens)) return fold.add(inputs);
  const added: string[] = [];
  const duplicates: string[] = [];
  const forks: string[] = [];
  const rejected = new Map<string, KengesError>();
  let missing: ReadonlyMap<string, readonly string[]> = new Map();
  let pending = inputs;
  for (;;) {
    const first = fold.add(pending.filter((i) => !carriesTokens(i)));
    const ballots = pending.filter(carriesTokens);
    await recordRsaPssVerdicts(secretBallotTokenChecks(fold.state, ballots));
    const second = fold.add(ballots);
    for (const r of [first, second]) {
      added.push(...r.added);
      duplicates.push(...r.duplicates);
      forks.push(...r.forks);
      for (const [id, e] of r.rejected) rejected.set(id, e);
    }
    missing = new Map([...first.missing, ...second.missing]);
    const progressed = first.added.length + second.added.length > 0;
    if (!progressed || missing.size === 0) break;
    pending = pending.filter((i) => missing.has(i.id));
  }
  return { added, duplicates, missing, forks, rejected };
}
