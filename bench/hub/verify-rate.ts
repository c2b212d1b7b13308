/** Ed25519 verifications per second on one core, with node:crypto (what the hub uses). */
import { type SignedEvent, verifySignature } from "../../src/core/index.js";

export function verifyRate(
  events: readonly SignedEvent[],
  seconds = 2,
): number {
  let n = 0;
  let valid = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until)
    for (let i = 0; i < 200; i++, n++)
      if (verifySignature(events[n % events.length]!)) valid++;
  if (valid !== n) throw new Error("a pre-signed event did not verify");
  return n / ((performance.now() - start) / 1000);
}
