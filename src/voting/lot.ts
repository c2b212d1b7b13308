/**
 * @module The deterministic lot: where a method's own rules leave a tie, the lot settles it. It is
 * seeded from the canonical profile (the sorted multiset of ballots), so anyone can redraw it and
 * permuting the ballots changes nothing. It is drawn once per count, on first need, as an order of
 * all candidates; every tie then goes to the candidate drawn earlier (kept, elected, ranked higher).
 */
import type { BallotProfile } from "./ballot-profile.js";
import type { LotDraw } from "./types.js";

/** A lazily drawn order of the candidates; `used` tells whether any tie needed it. */
export class Lot {
  private readonly profile: BallotProfile;
  private ranks: Int32Array | null = null;
  private order: number[] = [];
  private seed = "";
  private wasUsed = false;

  constructor(profile: BallotProfile) {
    this.profile = profile;
  }

  /** True once a tie has been settled by the lot. */
  get used(): boolean {
    return this.wasUsed;
  }

  /** Of tied candidates, the one the lot favours (drawn earliest). */
  first(tied: readonly number[]): number {
    const ranks = this.draw();
    let best = tied[0]!;
    for (const c of tied) if (ranks[c]! < ranks[best]!) best = c;
    return best;
  }

  /** Of tied candidates, the one the lot disfavours (drawn latest). */
  last(tied: readonly number[]): number {
    const ranks = this.draw();
    let worst = tied[0]!;
    for (const c of tied) if (ranks[c]! > ranks[worst]!) worst = c;
    return worst;
  }

  /** The position of a candidate in the drawn order (0 = drawn first); marks the lot as used. */
  rank(candidate: number): number {
    return this.draw()[candidate]!;
  }

  /** The seed and order, for the count sheet, if the lot was used. */
  result(): LotDraw | undefined {
    if (!this.wasUsed) return undefined;
    return { seed: this.seed, order: this.order.slice() };
  }

  private draw(): Int32Array {
    this.wasUsed = true;
    if (this.ranks !== null) return this.ranks;
    const [a, b] = hashProfile(this.profile);
    this.seed =
      a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
    const next = splitMix32(a ^ Math.imul(b, 0x9e3779b9));
    const n = this.profile.candidates;
    const order = Array.from({ length: n }, (_, i) => i);
    // Fisher–Yates with rejection sampling, so every order is equally likely.
    for (let i = n - 1; i > 0; i--) {
      const bound = i + 1;
      const limit = 0x100000000 - (0x100000000 % bound);
      let r = next();
      while (r >= limit) r = next();
      const j = r % bound;
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const ranks = new Int32Array(n);
    order.forEach((c, position) => {
      ranks[c] = position;
    });
    this.order = order;
    this.ranks = ranks;
    return ranks;
  }
}

/** Two 32-bit lanes of a multiply–xorshift hash over the canonical profile (not cryptographic). */
function hashProfile(profile: BallotProfile): [number, number] {
  let a = 0x243f6a88 ^ profile.candidates;
  let b = 0x85a308d3 ^ profile.ballots;
  const mix = (word: number) => {
    a = Math.imul(a ^ word, 0x9e3779b1);
    a ^= a >>> 15;
    b = Math.imul(b ^ word, 0x85ebca77);
    b ^= b >>> 13;
  };
  const view = new DataView(new ArrayBuffer(8));
  const { offsets, prefs, tied, weights } = profile;
  for (let i = 0; i < profile.ballots; i++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    mix(end - start);
    for (let p = start; p < end; p++)
      mix((prefs[p]! << 1) | (tied !== null && p > start ? tied[p]! : 0));
    view.setFloat64(0, weights[i]!, true);
    mix(view.getUint32(0, true));
    mix(view.getUint32(4, true));
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  return [(a ^ (a >>> 13)) >>> 0, (b ^ (b >>> 16)) >>> 0];
}

/** SplitMix32: a small, well-mixed generator of 32-bit words. */
function splitMix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}
