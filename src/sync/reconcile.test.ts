/**
 * Range reconciliation alone, on sets of (height, id): whatever the two sets, alternating
 * answers (each side sending what the other lacks as it learns it) end with equal sets, in
 * few rounds; and the codec of range lists round-trips and refuses lists that do not tile.
 */
import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../test/sync/support/seeded-random.js";
import { sha256, toHex, utf8 } from "../crypto/index.js";
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

  it("a side that missed a few items gets exactly them in the first answer, without ids", () => {
    const items = Array.from({ length: 3000 }, (_, i) => item(i, i >> 2));
    const missing = [items[2985]!, items[2960]!, items[2930]!];
    const lagging = new Side(items.filter((k) => !missing.includes(k)));
    const full = new Side(items);
    // The lagging side asks: the side ahead finds what it lacks by the fingerprints alone.
    const answer = answerRanges(
      full.view,
      openingRanges(lagging.index),
      [],
      undefined,
      true,
    );
    expect(answer.push.map((k) => k.id).sort()).toEqual(
      missing.map((k) => k.id).sort(),
    );
    expect(answer.ranges).toEqual([]);
    // The side ahead asks: the lagging side answers the ranges it lacks items in with its
    // own fingerprint, and the side ahead then pushes exactly those.
    const echo = answerRanges(
      lagging.view,
      openingRanges(full.index),
      [],
      undefined,
      true,
    );
    expect(echo.push).toEqual([]);
    expect(echo.ranges.some((r) => r.mode === "ids")).toBe(false);
    const back = answerRanges(full.view, echo.ranges, []);
    expect(back.push.map((k) => k.id).sort()).toEqual(
      missing.map((k) => k.id).sort(),
    );
  });

  it("two ids sharing a short prefix are settled with full ids", () => {
    const prefix = "0123456789abcdef";
    const twin = (n: number): SortKey => ({
      h: 5,
      id: prefix + toHex(sha256(utf8(`twin ${n}`))).slice(16),
    });
    const common = Array.from({ length: 20 }, (_, i) => item(i, i >> 2));
    const x = twin(1);
    const y = twin(2);
    const all = new Map([...common, x, y].map((k) => [k.id, k]));
    const A = new Side([...common, x]);
    const B = new Side([...common, y]);
    reconcile(A, B, all);
    expect([...A.ids].sort()).toEqual([...all.keys()].sort());
    expect([...B.ids].sort()).toEqual([...all.keys()].sort());
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
