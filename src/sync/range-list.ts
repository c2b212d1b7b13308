/**
 * @module A list of adjacent ranges covering the whole order, each sent as its upper bound
 * and a mode — skip, fingerprint (with the count), the full id list, or the short id list
 * (8-byte prefixes with the range's fingerprint, a quarter of the bytes) — in the compact
 * form docs/sync.md specifies byte by byte. An empty list means "nothing left to compare".
 */
import { ByteReader, ByteWriter } from "./byte-codec.js";
import { FINGERPRINT_BYTES } from "./fingerprint.js";
import { type Bound, compareBounds, END, START } from "./sort-key.js";
import { syncFail } from "./sync-error.js";

/** One range of a list: everything from the previous range's bound up to `upper`. */
export type Range =
  | { readonly upper: Bound; readonly mode: "skip" }
  | {
      readonly upper: Bound;
      readonly mode: "fingerprint";
      readonly count: number;
      readonly fingerprint: Uint8Array;
    }
  | {
      readonly upper: Bound;
      readonly mode: "ids";
      readonly ids: readonly string[];
    }
  | {
      readonly upper: Bound;
      readonly mode: "short";
      /** The fingerprint of the sender's items in the range (catches prefix collisions). */
      readonly fingerprint: Uint8Array;
      /** The first 8 bytes of each id, 16 lower-case hex, strictly ascending. */
      readonly prefixes: readonly string[];
      /** An answer to a short list: the receiver settles it without another short list. */
      readonly reply: boolean;
    };

/** Hex characters of a short id: the first 8 bytes of an event id. */
export const SHORT_ID_HEX = 16;

const MODE_SKIP = 0;
const MODE_FINGERPRINT = 1;
const MODE_IDS = 2;
const MODE_SHORT = 3;
const MODE_SHORT_REPLY = 4;

/** Encodes ranges (the caller guarantees they tile the order and end at END). */
export function encodeRanges(ranges: readonly Range[]): Uint8Array {
  const w = new ByteWriter();
  let lastH = 0;
  for (const r of ranges) {
    if (r.upper.end) w.varint(0);
    else {
      w.varint(r.upper.h - lastH + 1);
      w.byte(r.upper.prefix.length / 2);
      w.hex(r.upper.prefix);
      lastH = r.upper.h;
    }
    switch (r.mode) {
      case "skip":
        w.byte(MODE_SKIP);
        break;
      case "fingerprint":
        w.byte(MODE_FINGERPRINT);
        w.varint(r.count);
        w.bytes(r.fingerprint);
        break;
      case "ids":
        w.byte(MODE_IDS);
        w.varint(r.ids.length);
        for (const id of r.ids) w.hex(id);
        break;
      case "short":
        w.byte(r.reply ? MODE_SHORT_REPLY : MODE_SHORT);
        w.bytes(r.fingerprint);
        w.varint(r.prefixes.length);
        for (const p of r.prefixes) w.hex(p);
        break;
    }
  }
  return w.finish();
}

/**
 * Decodes a range list strictly: bounds strictly increasing, the last one END, prefixes
 * of at most 32 bytes that do not end in a zero byte, id lists sorted without repeats and
 * within `maxIds` in total. Anything else is SYNC_RANGES_INVALID or SYNC_MESSAGE_MALFORMED.
 */
export function decodeRanges(bytes: Uint8Array, maxIds: number): Range[] {
  const r = new ByteReader(bytes, "ranges");
  const out: Range[] = [];
  let previous: Bound = START;
  let lastH = 0;
  let ids = 0;
  const invalid = (reason: string): never =>
    syncFail("SYNC_RANGES_INVALID", { reason, range: out.length });
  while (!r.done) {
    if (previous.end) invalid("after-end");
    let upper: Bound;
    const tag = r.varint();
    if (tag === 0) upper = END;
    else {
      const h = lastH + tag - 1;
      if (!Number.isSafeInteger(h)) invalid("height");
      const len = r.byte();
      if (len > 32) invalid("prefix-length");
      const prefix = r.hex(len);
      if (len > 0 && prefix.endsWith("00")) invalid("prefix-zero");
      upper = { end: false, h, prefix };
      lastH = h;
    }
    if (out.length > 0 && compareBounds(upper, previous) <= 0)
      invalid("not-increasing");
    if (out.length === 0 && !upper.end && compareBounds(upper, START) <= 0)
      invalid("empty-first");
    const mode = r.byte();
    if (mode === MODE_SKIP) out.push({ upper, mode: "skip" });
    else if (mode === MODE_FINGERPRINT) {
      const count = r.varint();
      const fingerprint = r.bytes(FINGERPRINT_BYTES).slice();
      out.push({ upper, mode: "fingerprint", count, fingerprint });
    } else if (mode === MODE_IDS) {
      const n = r.varint();
      ids += n;
      if (ids > maxIds)
        syncFail("SYNC_BUDGET_EXCEEDED", { budget: "ids", limit: maxIds });
      const list: string[] = [];
      for (let i = 0; i < n; i++) {
        const id = r.hex(32);
        if (i > 0 && id <= list[i - 1]!) invalid("ids-not-sorted");
        list.push(id);
      }
      out.push({ upper, mode: "ids", ids: list });
    } else if (mode === MODE_SHORT || mode === MODE_SHORT_REPLY) {
      const fingerprint = r.bytes(FINGERPRINT_BYTES).slice();
      const n = r.varint();
      ids += n;
      if (ids > maxIds)
        syncFail("SYNC_BUDGET_EXCEEDED", { budget: "ids", limit: maxIds });
      const prefixes: string[] = [];
      for (let i = 0; i < n; i++) {
        const p = r.hex(SHORT_ID_HEX / 2);
        if (i > 0 && p <= prefixes[i - 1]!) invalid("ids-not-sorted");
        prefixes.push(p);
      }
      out.push({
        upper,
        mode: "short",
        fingerprint,
        prefixes,
        reply: mode === MODE_SHORT_REPLY,
      });
    } else invalid("mode");
    previous = upper;
  }
  if (out.length > 0 && !previous.end) invalid("no-end");
  return out;
}
