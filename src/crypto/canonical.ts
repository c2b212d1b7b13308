/** @module The one canonical encoding of Kenges: a strict subset of deterministic CBOR (RFC 8949 §4.2.1). */
import { compareBytes, fromUtf8, utf8 } from "./bytes.js";

/**
 * A value the canonical encoding can hold: integers (safe range), text, bytes, arrays,
 * maps with text keys, booleans and null. No floats, tags, undefined or indefinite lengths.
 * Object keys whose value is `undefined` are left out, as JSON does.
 */
export type CanonicalValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue | undefined };

/** Why bytes are not a canonical encoding. Stable codes, listed in docs/errors.md. */
export type CanonicalErrorCode =
  | "CBOR_TRUNCATED"
  | "CBOR_TRAILING_BYTES"
  | "CBOR_NON_CANONICAL"
  | "CBOR_UNSUPPORTED"
  | "CBOR_DUPLICATE_KEY"
  | "CBOR_MAP_KEY_NOT_TEXT"
  | "CBOR_INVALID_UTF8"
  | "CBOR_TOO_DEEP"
  | "CBOR_INTEGER_RANGE";

export type CanonicalDecodeResult =
  | { ok: true; value: CanonicalValue }
  | {
      ok: false;
      error: { code: CanonicalErrorCode; details: { offset: number } };
    };

/** Deepest nesting of arrays and maps a decoder accepts. */
export const MAX_CANONICAL_DEPTH = 24;

class Writer {
  buf = new Uint8Array(256);
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  head(major: number, value: number): void {
    const m = major << 5;
    this.ensure(9);
    const b = this.buf;
    if (value < 24) {
      b[this.length++] = m | value;
    } else if (value < 0x100) {
      b[this.length++] = m | 24;
      b[this.length++] = value;
    } else if (value < 0x10000) {
      b[this.length++] = m | 25;
      b[this.length++] = value >>> 8;
      b[this.length++] = value & 0xff;
    } else if (value < 0x100000000) {
      b[this.length++] = m | 26;
      b[this.length++] = value >>> 24;
      b[this.length++] = (value >>> 16) & 0xff;
      b[this.length++] = (value >>> 8) & 0xff;
      b[this.length++] = value & 0xff;
    } else {
      b[this.length++] = m | 27;
      const hi = Math.floor(value / 0x100000000);
      const lo = value >>> 0;
      for (let shift = 24; shift >= 0; shift -= 8)
        b[this.length++] = (hi >>> shift) & 0xff;
      for (let shift = 24; shift >= 0; shift -= 8)
        b[this.length++] = (lo >>> shift) & 0xff;
    }
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  byte(value: number): void {
    this.ensure(1);
    this.buf[this.length++] = value;
  }
}

interface EncodedKey {
  key: string;
  bytes: Uint8Array;
}

const keyCache = new Map<string, Uint8Array>();

function encodedKey(key: string): Uint8Array {
  let bytes = keyCache.get(key);
  if (bytes === undefined) {
    const w = new Writer();
    const text = utf8(key);
    w.head(3, text.length);
    w.bytes(text);
    bytes = w.buf.slice(0, w.length);
    if (keyCache.size < 4096) keyCache.set(key, bytes);
  }
  return bytes;
}

function encodeInto(w: Writer, value: CanonicalValue, depth: number): void {
  if (depth > MAX_CANONICAL_DEPTH)
    throw new RangeError("canonical encoding: nesting too deep");
  if (value === null || value === true || value === false) {
    w.byte(value === null ? 0xf6 : value ? 0xf5 : 0xf4);
    return;
  }
  switch (typeof value) {
    case "number":
      if (!Number.isSafeInteger(value))
        throw new RangeError(
          `canonical encoding: ${value} is not a safe integer`,
        );
      if (value >= 0) w.head(0, value);
      else w.head(1, -1 - value);
      return;
    case "string": {
      const text = utf8(value);
      w.head(3, text.length);
      w.bytes(text);
      return;
    }
    case "object":
      break;
    default:
      throw new TypeError(`canonical encoding: unsupported ${typeof value}`);
  }
  if (value instanceof Uint8Array) {
    w.head(2, value.length);
    w.bytes(value);
    return;
  }
  if (Array.isArray(value)) {
    w.head(4, value.length);
    for (const item of value) encodeInto(w, item, depth + 1);
    return;
  }
  const record = value as {
    readonly [key: string]: CanonicalValue | undefined;
  };
  const keys: EncodedKey[] = [];
  for (const key of Object.keys(record)) {
    if (record[key] !== undefined) keys.push({ key, bytes: encodedKey(key) });
  }
  keys.sort((a, b) => compareBytes(a.bytes, b.bytes));
  w.head(5, keys.length);
  for (const { key, bytes } of keys) {
    w.bytes(bytes);
    encodeInto(w, record[key] as CanonicalValue, depth + 1);
  }
}

/** Encodes a value in the canonical form. Throws only for values outside {@link CanonicalValue} (a bug). */
export function encodeCanonical(value: CanonicalValue): Uint8Array {
  const w = new Writer();
  encodeInto(w, value, 0);
  return w.buf.slice(0, w.length);
}

class DecodeFailure {
  constructor(
    readonly code: CanonicalErrorCode,
    readonly offset: number,
  ) {}
}

class Reader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}

  fail(code: CanonicalErrorCode, offset = this.at): never {
    throw new DecodeFailure(code, offset);
  }

  need(n: number): void {
    if (this.at + n > this.bytes.length) this.fail("CBOR_TRUNCATED");
  }

  /** Reads the argument of a head; enforces the shortest form. */
  argument(info: number, start: number): number {
    const b = this.bytes;
    if (info < 24) return info;
    if (info === 24) {
      this.need(1);
      const v = b[this.at++]!;
      if (v < 24) this.fail("CBOR_NON_CANONICAL", start);
      return v;
    }
    if (info === 25) {
      this.need(2);
      const v = (b[this.at]! << 8) | b[this.at + 1]!;
      this.at += 2;
      if (v < 0x100) this.fail("CBOR_NON_CANONICAL", start);
      return v;
    }
    if (info === 26) {
      this.need(4);
      const v =
        b[this.at]! * 0x1000000 +
        ((b[this.at + 1]! << 16) | (b[this.at + 2]! << 8) | b[this.at + 3]!);
      this.at += 4;
      if (v < 0x10000) this.fail("CBOR_NON_CANONICAL", start);
      return v;
    }
    if (info === 27) {
      this.need(8);
      const hi =
        b[this.at]! * 0x1000000 +
        ((b[this.at + 1]! << 16) | (b[this.at + 2]! << 8) | b[this.at + 3]!);
      const lo =
        b[this.at + 4]! * 0x1000000 +
        ((b[this.at + 5]! << 16) | (b[this.at + 6]! << 8) | b[this.at + 7]!);
      this.at += 8;
      if (hi === 0) this.fail("CBOR_NON_CANONICAL", start);
      if (hi >= 0x200000) this.fail("CBOR_INTEGER_RANGE", start);
      return hi * 0x100000000 + lo;
    }
    return this.fail("CBOR_UNSUPPORTED", start);
  }

  text(length: number, start: number): string {
    this.need(length);
    const b = this.bytes;
    const end = this.at + length;
    let ascii = true;
    for (let i = this.at; i < end; i++) {
      if (b[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    let s: string | null;
    if (ascii && length <= 64) {
      s = "";
      for (let i = this.at; i < end; i++) s += String.fromCharCode(b[i]!);
    } else {
      s = fromUtf8(b.subarray(this.at, end));
      if (s === null) this.fail("CBOR_INVALID_UTF8", start);
    }
    this.at = end;
    return s;
  }

  /** Byte-wise order of two ranges of the input, compared in place (no views: a map key each). */
  compareRanges(aStart: number, aEnd: number, bStart: number, bEnd: number) {
    const b = this.bytes;
    const n = Math.min(aEnd - aStart, bEnd - bStart);
    for (let i = 0; i < n; i++) {
      const d = b[aStart + i]! - b[bStart + i]!;
      if (d !== 0) return d;
    }
    return aEnd - aStart - (bEnd - bStart);
  }

  value(depth: number): CanonicalValue {
    if (depth > MAX_CANONICAL_DEPTH) this.fail("CBOR_TOO_DEEP");
    this.need(1);
    const start = this.at;
    const initial = this.bytes[this.at++]!;
    const major = initial >> 5;
    const info = initial & 31;
    switch (major) {
      case 0:
        return this.argument(info, start);
      case 1: {
        const n = this.argument(info, start);
        if (n >= Number.MAX_SAFE_INTEGER)
          this.fail("CBOR_INTEGER_RANGE", start);
        return -1 - n;
      }
      case 2: {
        const n = this.argument(info, start);
        this.need(n);
        const out = this.bytes.slice(this.at, this.at + n);
        this.at += n;
        return out;
      }
      case 3:
        return this.text(this.argument(info, start), start);
      case 4: {
        const n = this.argument(info, start);
        // Every item takes at least one byte: a length beyond the input is truncated, not an allocation.
        this.need(n);
        const out: CanonicalValue[] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = this.value(depth + 1);
        return out;
      }
      case 5: {
        const n = this.argument(info, start);
        this.need(2 * n);
        const out: Record<string, CanonicalValue> = {};
        let prevStart = -1;
        let prevEnd = -1;
        for (let i = 0; i < n; i++) {
          const keyStart = this.at;
          this.need(1);
          if (this.bytes[keyStart]! >> 5 !== 3)
            this.fail("CBOR_MAP_KEY_NOT_TEXT", keyStart);
          const key = this.value(depth + 1) as string;
          const keyEnd = this.at;
          if (prevStart >= 0) {
            const order = this.compareRanges(
              prevStart,
              prevEnd,
              keyStart,
              keyEnd,
            );
            if (order === 0) this.fail("CBOR_DUPLICATE_KEY", keyStart);
            if (order > 0) this.fail("CBOR_NON_CANONICAL", keyStart);
          }
          if (key === "__proto__") this.fail("CBOR_UNSUPPORTED", keyStart);
          prevStart = keyStart;
          prevEnd = keyEnd;
          out[key] = this.value(depth + 1);
        }
        return out;
      }
      case 7:
        if (info === 20) return false;
        if (info === 21) return true;
        if (info === 22) return null;
        return this.fail("CBOR_UNSUPPORTED", start);
      default:
        return this.fail("CBOR_UNSUPPORTED", start);
    }
  }
}

/**
 * Decodes bytes that must be exactly one canonical value: any other encoding of the
 * same value (longer integer heads, unsorted keys, floats, tags…) is rejected, so a
 * decoded value always re-encodes to the bytes it came from.
 */
export function decodeCanonical(bytes: Uint8Array): CanonicalDecodeResult {
  const reader = new Reader(bytes);
  try {
    const value = reader.value(0);
    if (reader.at !== bytes.length)
      return {
        ok: false,
        error: { code: "CBOR_TRAILING_BYTES", details: { offset: reader.at } },
      };
    return { ok: true, value };
  } catch (e) {
    if (e instanceof DecodeFailure)
      return {
        ok: false,
        error: { code: e.code, details: { offset: e.offset } },
      };
    throw e;
  }
}
