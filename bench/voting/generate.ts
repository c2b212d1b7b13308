/**
 * @module Fixed-seed ballot generators for the voting benchmarks: Mallows rankings by repeated
 * insertion (Doignon, Pekeč & Regenwetter 2004), truncated at a random length like real ballots.
 */

/** sfc32: a small, fast, seedable generator of 32-bit words (Chris Doty-Humphrey's design). */
export function sfc32(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

/** What to generate. */
export interface MallowsOptions {
  readonly candidates: number;
  readonly ballots: number;
  /** Dispersion in (0, 1]: 1 is uniform, small values cluster near the reference order. */
  readonly phi: number;
  readonly seed: number;
  /** Chance that a ballot stops after each preference beyond the first (0: full rankings). */
  readonly stop: number;
}

/**
 * Calls `sink` once per ballot with its preferences (0-based, best first) in a reused buffer.
 * The reference order is 0, 1, …, m−1 and every voter shares it (one electorate).
 */
export function generateMallows(
  options: MallowsOptions,
  sink: (prefs: Uint16Array, length: number) => void,
): void {
  const m = options.candidates;
  const random = sfc32(options.seed);
  // cumulative[i][j]: probability that item i is inserted at position ≤ j (RIM, phi^(i−j)).
  const cumulative: Float64Array[] = [];
  for (let i = 0; i < m; i++) {
    const row = new Float64Array(i + 1);
    let total = 0;
    for (let j = 0; j <= i; j++) total += options.phi ** (i - j);
    let acc = 0;
    for (let j = 0; j <= i; j++) {
      acc += options.phi ** (i - j) / total;
      row[j] = acc;
    }
    cumulative.push(row);
  }
  const order = new Uint16Array(m);
  const stopAt = Math.floor(options.stop * 2 ** 32);
  for (let n = 0; n < options.ballots; n++) {
    for (let i = 0; i < m; i++) {
      const u = random() / 2 ** 32;
      const row = cumulative[i]!;
      let j = 0;
      while (j < i && u >= row[j]!) j++;
      for (let k = i; k > j; k--) order[k] = order[k - 1]!;
      order[j] = i;
    }
    let length = 1;
    while (length < m && random() >= stopAt) length++;
    sink(order, length);
  }
}
