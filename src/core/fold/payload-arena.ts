/**
 * @module The payload bytes a fold keeps (to re-apply events after a rewind), packed into
 * large buffers rather than one small array per event: a million small arrays cost the
 * garbage collector far more than a few large ones.
 */

import type { Deferred } from "./journal.js";

const CHUNK = 1 << 22;

/** The arena as plain data (fold-image.ts). */
export interface PayloadArenaImage {
  readonly chunks: Uint8Array[];
  readonly used: number;
  readonly chunkOf: Int32Array<ArrayBuffer>;
  readonly startOf: Int32Array<ArrayBuffer>;
  readonly lengthOf: Int32Array<ArrayBuffer>;
}

export class PayloadArena {
  private chunks: Uint8Array[] = [new Uint8Array(CHUNK)];
  private used = 0;
  /** Per event: chunk number, offset, length (-1: no payload). */
  private chunkOf = new Int32Array(1024);
  private startOf = new Int32Array(1024);
  private lengthOf = new Int32Array(1024).fill(-1);
  /** A restored image not yet decoded: a command that never reads a payload never decodes it. */
  private pending: (() => PayloadArenaImage) | null = null;

  /** Takes over the pending image, if any, before the arena is used. */
  private ready(): void {
    const take = this.pending;
    if (take === null) return;
    this.pending = null;
    const image = take();
    this.chunks = image.chunks;
    this.used = image.used;
    this.chunkOf = image.chunkOf;
    this.startOf = image.startOf;
    this.lengthOf = image.lengthOf;
  }

  /** The arena as plain data; the last chunk is cut to what it holds (a fresh one follows it). */
  toImage(): PayloadArenaImage {
    this.ready();
    const last = this.chunks.length - 1;
    return {
      chunks: this.chunks.map((c, k) =>
        k === last ? c.slice(0, this.used) : c,
      ),
      used: this.used,
      chunkOf: this.chunkOf,
      startOf: this.startOf,
      lengthOf: this.lengthOf,
    };
  }

  /** An arena made from an image, which it takes over (a function: decoded when first used). */
  static fromImage(image: Deferred<PayloadArenaImage>): PayloadArena {
    const arena = new PayloadArena();
    arena.pending = typeof image === "function" ? image : () => image;
    return arena;
  }

  private grow(n: number): void {
    if (n < this.chunkOf.length) return;
    const size = Math.max(n + 1, this.chunkOf.length * 2);
    const c = new Int32Array(size);
    c.set(this.chunkOf);
    const s = new Int32Array(size);
    s.set(this.startOf);
    const l = new Int32Array(size).fill(-1);
    l.set(this.lengthOf);
    this.chunkOf = c;
    this.startOf = s;
    this.lengthOf = l;
  }

  /** Keeps a copy of the payload of event i (null: none). */
  set(i: number, payload: Uint8Array | null): void {
    this.ready();
    this.grow(i);
    if (payload === null) {
      this.lengthOf[i] = -1;
      return;
    }
    let chunk = this.chunks[this.chunks.length - 1]!;
    if (this.used + payload.length > chunk.length) {
      chunk = new Uint8Array(Math.max(CHUNK, payload.length));
      this.chunks.push(chunk);
      this.used = 0;
    }
    chunk.set(payload, this.used);
    this.chunkOf[i] = this.chunks.length - 1;
    this.startOf[i] = this.used;
    this.lengthOf[i] = payload.length;
    this.used += payload.length;
  }

  /** The payload of event i (a view, valid until the arena is cleared), or null. */
  get(i: number): Uint8Array | null {
    this.ready();
    if (i >= this.lengthOf.length) return null;
    const n = this.lengthOf[i]!;
    if (n < 0) return null;
    const start = this.startOf[i]!;
    return this.chunks[this.chunkOf[i]!]!.subarray(start, start + n);
  }

  /** Forgets the payload of event i and wipes its bytes (a redaction must not linger in memory). */
  drop(i: number): void {
    this.ready();
    if (i >= this.lengthOf.length || this.lengthOf[i]! < 0) return;
    const start = this.startOf[i]!;
    this.chunks[this.chunkOf[i]!]!.fill(0, start, start + this.lengthOf[i]!);
    this.lengthOf[i] = -1;
  }
}
