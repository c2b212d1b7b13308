/**
 * @module The RSA-PSS verifications a batch of secret ballots will ask of the fold, named ahead
 * of it: a browser, whose only RSA is WebCrypto's (asynchronous), verifies them first
 * (`recordRsaPssVerdicts`) and then folds; the fold, which is synchronous, finds each verdict
 * recorded. Read from the fold's state, so the motions' openings must be folded first — the
 * ballots depend on nothing else, and a caller folds them after the rest of the batch.
 */
import {
  decodeCanonical,
  fromHex,
  type RsaPssCheck,
} from "../../crypto/index.js";
import type { FoldInput } from "../fold/fold.js";
import type { FoldState } from "../fold/state.js";
import { secretBallotMessage } from "./token-message.js";

/** True for an event the fold verifies tokens of. */
export function carriesTokens(input: FoldInput): boolean {
  return input.type === "ballot.secret";
}

/**
 * The (registrar key, message, token) triples of the secret ballots among `inputs` whose motion
 * the state already holds as secret, one per registrar. A ballot whose motion is not held, or
 * whose payload does not have one token per registrar, is refused by the fold before any token
 * is verified, so it needs none.
 */
export function secretBallotTokenChecks(
  state: FoldState,
  inputs: readonly FoldInput[],
): RsaPssCheck[] {
  const checks: RsaPssCheck[] = [];
  for (const input of inputs) {
    if (!carriesTokens(input) || input.payload === null) continue;
    const payload = decodeCanonical(input.payload);
    if (!payload.ok) continue;
    const { motion, tokens } = payload.value as {
      motion?: unknown;
      tokens?: unknown;
    };
    if (typeof motion !== "string" || !Array.isArray(tokens)) continue;
    const secret = state.secretMotions.get(motion);
    if (secret === undefined || tokens.length !== secret.registrars.length)
      continue;
    const message = secretBallotMessage(motion, input.author);
    secret.registrars.forEach((registrar, i) => {
      const key = fromHex(registrar.key);
      const token = typeof tokens[i] === "string" ? fromHex(tokens[i]) : null;
      if (key !== null && token !== null)
        checks.push({ publicKey: key, message, signature: token });
    });
  }
  return checks;
}
