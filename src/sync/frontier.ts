/**
 * @module The frontier of a set of events: for each author, the highest sequence number
 * held and the head at it (of two forked events, the smaller id). Its digest opens every
 * session; the full frontier, prefix-compressed, follows only when digests differ and it is
 * small enough; a frontier file tells a bundle what its reader already has.
 */
import { sha256 } from "../crypto/index.js";
import { ByteReader, ByteWriter } from "./byte-codec.js";
import { syncFail } from "./sync-error.js";

/** One author's place in a frontier. */
export interface FrontierEntry {
  /** The author's public key, 64 lower-case hex. */
  readonly author: string;
  readonly seq: number;
  /** The head's id at that sequence number. */
  readonly head: string;
}

/** Bytes in a frontier digest. */
export const FRONTIER_DIGEST_BYTES = 16;

/**
 * Encodes entries sorted by author: a varint count, then per entry the number of leading
 * bytes shared with the previous author (one byte), the rest of the author's key, a varint
 * sequence number and the 32-byte head.
 */
export function encodeFrontier(entries: readonly FrontierEntry[]): Uint8Array {
  const w = new ByteWriter();
  w.varint(entries.length);
  let previous = "";
  for (const e of entries) {
    let shared = 0;
    while (
      shared < 31 &&
      previous.slice(2 * shared, 2 * shared + 2) ===
        e.author.slice(2 * shared, 2 * shared + 2)
    )
      shared++;
    w.byte(shared);
    w.hex(e.author.slice(2 * shared));
    w.varint(e.seq);
    w.hex(e.head);
    previous = e.author;
  }
  return w.finish();
}

/**
 * Decodes a frontier strictly: authors strictly ascending, shared prefixes exact, seq ≥ 1
 * (or ≥ 0 in an `after` list, where 0 asks for all of an author's events).
 */
export function decodeFrontier(
  bytes: Uint8Array,
  maxEntries: number,
  allowEmptyAuthors = false,
): FrontierEntry[] {
  const r = new ByteReader(bytes, "frontier");
  const n = r.varint();
  if (n > maxEntries)
    syncFail("SYNC_BUDGET_EXCEEDED", { budget: "frontier", limit: maxEntries });
  const out: FrontierEntry[] = [];
  let previous = "";
  for (let i = 0; i < n; i++) {
    const shared = r.byte();
    if (shared > 31 || (i === 0 && shared !== 0)) frontierError("shared", i);
    const author = previous.slice(0, 2 * shared) + r.hex(32 - shared);
    if (i > 0 && author <= previous) frontierError("not-sorted", i);
    // The shortest description: one more shared byte would have been possible otherwise.
    if (
      i > 0 &&
      shared < 31 &&
      author.slice(2 * shared, 2 * shared + 2) ===
        previous.slice(2 * shared, 2 * shared + 2)
    )
      frontierError("shared", i);
    const seq = r.varint();
    if (seq < (allowEmptyAuthors ? 0 : 1)) frontierError("seq", i);
    out.push({ author, seq, head: r.hex(32) });
    previous = author;
  }
  r.end();
  return out;
}

function frontierError(reason: string, entry: number): never {
  return syncFail("SYNC_MESSAGE_MALFORMED", {
    part: "frontier",
    reason,
    entry,
  });
}

/** The digest of a frontier: SHA-256 of its encoding, first 16 bytes. */
export function frontierDigest(entries: readonly FrontierEntry[]): Uint8Array {
  return sha256(encodeFrontier(entries)).subarray(0, FRONTIER_DIGEST_BYTES);
}
