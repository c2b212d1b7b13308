/**
 * @module The compact binary parts of sync messages (range lists, frontiers): unsigned
 * LEB128 varints in their shortest form and raw bytes, read strictly — a reader that meets
 * a non-minimal varint or runs past the end fails, so every value has one encoding.
 */
import { syncFail } from "./sync-error.js";

const MAX_VARINT = Number.MAX_SAFE_INTEGER;

/** Appends varints and bytes to a growing buffer. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  get length(): number {
    return this.len;
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** An unsigned integer, 7 bits a byte, low bits first, shortest form. */
  varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new Error(`varint out of range: ${value}`);
    this.room(8);
    let v = value;
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
  }

  byte(value: number): void {
    this.room(1);
    this.buf[this.len++] = value & 0xff;
  }

  bytes(value: Uint8Array): void {
    this.room(value.length);
    this.buf.set(value, this.len);
    this.len += value.length;
  }

  /** Bytes given as lower-case hex (ids, prefixes). */
  hex(value: string): void {
    const n = value.length >> 1;
    this.room(n);
    for (let i = 0; i < n; i++)
      this.buf[this.len++] = Number.parseInt(value.slice(2 * i, 2 * i + 2), 16);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

const HEX_PAIRS: string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, "0"),
);

/** Reads what ByteWriter wrote; any malformation ends the session (SYNC_MESSAGE_MALFORMED). */
export class ByteReader {
  private pos = 0;

  constructor(
    private readonly buf: Uint8Array,
    private readonly what: string,
  ) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  get offset(): number {
    return this.pos;
  }

  private fail(reason: string): never {
    return syncFail("SYNC_MESSAGE_MALFORMED", {
      part: this.what,
      offset: this.pos,
      reason,
    });
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (this.pos >= this.buf.length) this.fail("truncated");
      const b = this.buf[this.pos++]!;
      value += (b & 0x7f) * scale;
      if (value > MAX_VARINT) this.fail("varint-range");
      if ((b & 0x80) === 0) {
        // The shortest form never ends in a zero byte (except the value 0 itself).
        if (b === 0 && i > 0) this.fail("varint-non-minimal");
        return value;
      }
      scale *= 0x80;
      if (i >= 7) this.fail("varint-range");
    }
  }

  byte(): number {
    if (this.pos >= this.buf.length) this.fail("truncated");
    return this.buf[this.pos++]!;
  }

  bytes(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) this.fail("truncated");
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** n bytes as lower-case hex. */
  hex(n: number): string {
    if (this.pos + n > this.buf.length) this.fail("truncated");
    let out = "";
    for (let i = 0; i < n; i++) out += HEX_PAIRS[this.buf[this.pos++]!]!;
    return out;
  }

  /** Fails unless every byte was read. */
  end(): void {
    if (this.pos !== this.buf.length) this.fail("trailing-bytes");
  }
}
