import { describe, expect, it } from "vitest";
import { deriveKeyPair, toHex } from "../../crypto/index.js";
import { MAX_DEPS } from "../event/limits.js";
import type { SignedEvent } from "../event/signed-event.js";
import { signMerged } from "./sign-merged.js";

const hex = (n: number) => n.toString(16).padStart(64, "0");

/** The chain fields of a signed event, in hex. */
function chainOf(e: SignedEvent) {
  const v = e.envelope;
  return {
    seq: v.seq,
    kseq: v.kseq,
    prev: v.prev === null ? null : toHex(v.prev),
    deps: v.deps.map(toHex),
    type: v.type,
    author: toHex(v.author),
  };
}

describe("signMerged", () => {
  const key = deriveKeyPair("sign-merged", 0);
  const draft = {
    federation: hex(1),
    scope: hex(2),
    seq: 5,
    kseq: 9,
    prev: hex(3),
    time: 1_000,
    type: "ballot.cast",
    payload: { motion: hex(4) },
  };

  it("signs the event alone on few heads (its own prev not named again)", () => {
    const signed = signMerged(key, draft, [hex(10), hex(3)]);
    expect(signed.map(chainOf)).toEqual([
      {
        seq: 5,
        kseq: 9,
        prev: hex(3),
        deps: [hex(10)],
        type: "ballot.cast",
        author: toHex(key.publicKey),
      },
    ]);
  });

  it("chains merges before the event when the heads are more than it may name", () => {
    const heads = Array.from({ length: 3 * MAX_DEPS }, (_, i) => hex(100 + i));
    const signed = signMerged(key, draft, heads).map((e, i, all) => ({
      ...chainOf(e),
      id: e.id,
      last: i === all.length - 1,
    }));
    expect(signed.length).toBeGreaterThan(1);
    signed.forEach((e, i) => {
      expect(e.seq).toBe(5 + i);
      expect(e.kseq).toBe(9 + i);
      expect(e.prev).toBe(i === 0 ? hex(3) : signed[i - 1]!.id);
      expect(e.deps.length).toBeLessThanOrEqual(MAX_DEPS);
      expect(e.type).toBe(e.last ? "ballot.cast" : "heads.merged");
    });
    // Every head is named by exactly one of them.
    expect(signed.flatMap((e) => e.deps).sort()).toEqual([...heads].sort());
  });
});
