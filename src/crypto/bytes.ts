/** @module Byte helpers shared by every layer: hex, comparison, concatenation, UTF-8. */

const HEX_CODES = new Uint8Array(16);
for (let i = 0; i < 16; i++) HEX_CODES[i] = "0123456789abcdef".charCodeAt(i);
let hexBuffer = new Uint16Array(128);

/**
 * Lower-case hex of the bytes; byte-wise order of bytes equals string order of their hex.
 * Built from char codes in one step, so the result is a flat string: ids are Map keys
 * everywhere, and a concatenated (rope) string would be flattened on every lookup.
 */
export function toHex(bytes: Uint8Array): string {
  const n = bytes.length * 2;
  if (hexBuffer.length < n) hexBuffer = new Uint16Array(n * 2);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    hexBuffer[2 * i] = HEX_CODES[b >> 4]!;
    hexBuffer[2 * i + 1] = HEX_CODES[b & 15]!;
  }
  let out = "";
  // fromCharCode takes at most ~64k arguments at once; ids are 64 characters.
  for (let at = 0; at < n; at += 8192)
    out += String.fromCharCode.apply(
      null,
      hexBuffer.subarray(at, Math.min(n, at + 8192)) as unknown as number[],
    );
  return out;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** Parses lower-case hex; returns null for odd length or any other character. */
export function fromHex(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexValue(hex.charCodeAt(2 * i));
    const lo = hexValue(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return null;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** Byte-wise lexicographic comparison: negative, zero or positive. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** True when both arrays hold the same bytes. */
export function isEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** One array holding the parts in order. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8, returning null for malformed input instead of replacing characters. */
export function fromUtf8(bytes: Uint8Array): string | null {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return null;
  }
}
