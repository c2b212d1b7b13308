/**
 * @module Fingerprints of sets of events (docs/sync.md, "Fingerprints"): the sum of the ids
 * read as little-endian 256-bit numbers, modulo 2^256, hashed with the count and cut to 16
 * bytes. The sum is additive, so cached sums of buckets add up to the sum of any range and
 * an event's id can be taken out again (used to leave out events already on their way).
 */
import { sha256 } from "../crypto/index.js";
import { ByteWriter } from "./byte-codec.js";

/** Bytes in a fingerprint. */
export const FINGERPRINT_BYTES = 16;

/** A 256-bit accumulator: eight 32-bit limbs, least significant first. */
export type Sum = Uint32Array;

/** A zero sum. */
export function newSum(): Sum {
  return new Uint32Array(8);
}

/** Writes the limbs of a hex id (read as a little-endian 256-bit number) into `out` at `at`. */
export function limbsOf(id: string, out: Uint32Array, at: number): void {
  for (let j = 0; j < 8; j++) {
    const o = 8 * j;
    // Bytes 4j..4j+3, little-endian: the first byte is the lowest.
    out[at + j] =
      (Number.parseInt(id.slice(o, o + 2), 16) |
        (Number.parseInt(id.slice(o + 2, o + 4), 16) << 8) |
        (Number.parseInt(id.slice(o + 4, o + 6), 16) << 16) |
        (Number.parseInt(id.slice(o + 6, o + 8), 16) << 24)) >>>
      0;
  }
}

/** sum += limbs[at .. at+8), modulo 2^256. */
export function addLimbs(sum: Sum, limbs: Uint32Array, at: number): void {
  let carry = 0;
  for (let j = 0; j < 8; j++) {
    const s = sum[j]! + limbs[at + j]! + carry;
    sum[j] = s >>> 0;
    carry = s > 0xffffffff ? 1 : 0;
  }
}

/** sum −= limbs[at .. at+8), modulo 2^256. */
export function subLimbs(sum: Sum, limbs: Uint32Array, at: number): void {
  let borrow = 0;
  for (let j = 0; j < 8; j++) {
    const s = sum[j]! - limbs[at + j]! - borrow;
    borrow = s < 0 ? 1 : 0;
    sum[j] = s >>> 0;
  }
}

/** The fingerprint of a set with this sum and count: SHA-256(sum ‖ varint count), first 16 bytes. */
export function fingerprintOf(sum: Sum, count: number): Uint8Array {
  const w = new ByteWriter();
  for (let j = 0; j < 8; j++) {
    const v = sum[j]!;
    w.byte(v);
    w.byte(v >>> 8);
    w.byte(v >>> 16);
    w.byte(v >>> 24);
  }
  w.varint(count);
  return sha256(w.finish()).subarray(0, FINGERPRINT_BYTES);
}

/** The fingerprint of a list of ids (for tests and small sets). */
export function fingerprintOfIds(ids: readonly string[]): Uint8Array {
  const sum = newSum();
  const limbs = new Uint32Array(8);
  for (const id of ids) {
    limbsOf(id, limbs, 0);
    addLimbs(sum, limbs, 0);
  }
  return fingerprintOf(sum, ids.length);
}

/** True when two fingerprints are equal. */
export function isEqualFingerprint(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
