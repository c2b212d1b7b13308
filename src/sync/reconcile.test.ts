/**
 * Range reconciliation alone, on sets of (height, id): whatever the two sets, alternating
 * answers (each side sending what the other lacks as it learns it) end with equal sets, in
 * few rounds; and the codec of range lists round-trips and refuses lists that do not tile.
 */
import { describe, expect, it } from "vitest";
import { sha256, toHex, utf8 } from "../crypto/index.js";
import { SeededRandom } from "../demo/index.js";
import {
  answerRanges,
  decodeRanges,
  encodeRanges,
  ItemIndex,
  openingRanges,
  type Range,
  type SortKey,
  SyncFailure,
} from "./index.js";

const SEED = Number(process.env.KENGES_SYNC_SEED ?? 20260301);

function item(n: number, h: number): SortKey {
  return { h, id: toHex(sha256(utf8(`item ${n}`))) };
}

class Side {
  readonly ids = new Set<string>();
  index: ItemIndex;
  constructor(items: readonly SortKey[]) {
    for (const k of items) this.ids.add(k.id);
    this.index = ItemIndex.fromSorted(
      [...items].sort((a, b) => a.h - b.h || (a.id < b.id ? -1 : 1)),
    );
  }
  add(k: SortKey): void {
    if (this.ids.has(k.id)) return;
    this.ids.add(k.id);
    this.index.insert(k);
  }
  get view() {
    return { index: this.index, has: (id: string) => this.ids.has(id) };
  }
}

/** Alternates answers until neither side sends ranges; returns the number of messages. */
function reconcile(a: Side, b: Side, all: Map<string, SortKey>): number {
  let ranges: Range[] = openingRanges(a.index);
  let [from, to] = [a, b];
  let messages = 1;
  let wants: string[] = [];
  for (;;) {
    // `to` answers what `from` sent; wanted ids are sent at once (as events would be).
    const inFlight = wants
      .map((id) => all.get(id)!)
      .filter((k) => to.ids.has(k.id));
    for (const k of inFlight) from.add(k);
    const answer = answerRanges(
      to.view,
      ranges,
      [...inFlight].sort((x, y) => x.h - y.h || (x.id < y.id ? -1 : 1)),
    );
    for (const k of answer.push) from.add(k);
    wants = answer.want;
    ranges = answer.ranges;
    if (ranges.length === 0 && wants.length === 0) return messages;
    messages++;
    [from, to] = [to, from];
  }
}

describe("range reconciliation", () => {
  it("ends with equal sets whatever the differences (seeded)", () => {
    const rng = new SeededRandom(SEED);
    for (let run = 0; run < 40; run++) {
      const n = rng.int(0, 3000);
      const all = new Map<string, SortKey>();
      const a: SortKey[] = [];
      const b: SortKey[] = [];
      const pA = rng.next();
      const pB = rng.next();
      for (let i = 0; i < n; i++) {
        const k = item(run * 100_000 + i, Math.floor(i / rng.int(1, 8)));
        all.set(k.id, k);
        const r = rng.next();
        if (r < 0.8 || rng.next() < pA) a.push(k);
        if (r >= 0.8 * (1 - pB) || rng.next() < 0.3) b.push(k);
      }
      const A = new Side(a);
      const B = new Side(b);
      const messages = reconcile(A, B, all);
      expect([...A.ids].sort(), `seed ${SEED} run ${run}`).toEqual(
        [...B.ids].sort(),
      );
      expect(A.index.fingerprint(0, A.index.size)).toEqual(
        B.index.fingerprint(0, B.index.size),
      );
      expect(messages).toBeLessThanOrEqual(10);
    }
  });

  it("settles identical sets in one answer", () => {
    const items = Array.from({ length: 5000 }, (_, i) => item(i, i >> 3));
    const all = new Map(items.map((k) => [k.id, k]));
    expect(reconcile(new Side(items), new Side(items), all)).toBe(1);
  });

  it("range lists round-trip and must tile the order", () => {
    const items = Array.from({ length: 500 }, (_, i) => item(i, i >> 2));
    const ranges = openingRanges(new Side(items).index);
    const bytes = encodeRanges(ranges);
    expect(decodeRanges(bytes, 1000)).toEqual(ranges);
    const doubled = new Uint8Array([...bytes, ...bytes]);
    expect(() => decodeRanges(doubled, 1000)).toThrow(SyncFailure);
    const noEnd = encodeRanges(ranges.slice(0, -1));
    expect(() => decodeRanges(noEnd, 1000)).toThrow(SyncFailure);
  });
});
