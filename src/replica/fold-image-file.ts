/**
 * @module Where a replica keeps its fold image: the one place image bytes are read and
 * written. A file beside the store in the data directory, replaced atomically: written to a
 * temporary file, synced, renamed over the old one, the directory synced — a crash leaves the
 * old image or the new one, never half of one. Read piece by piece (fold-image-pieces.ts lays them out):
 * the file stays open while the replica may still want a part it has not read, so an image
 * another process saves meanwhile (a new file renamed over this one) changes nothing it reads.
 */
import {
  closeSync,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";

/** The saved image's bytes, read where asked (synchronously: the fold asks in the middle of a read). */
export interface SavedImageBytes {
  readonly size: number;
  /** `length` bytes from `offset`, in a buffer of their own; short when the file is. */
  readAt(offset: number, length: number): Uint8Array;
  close(): void;
}

/** How each piece is protected. `open` throws on bytes that are not what `seal` made for `place`. */
export interface PieceSeal {
  seal(piece: Uint8Array, place: string): Uint8Array;
  /** The piece; it may reuse `sealed`'s bytes, which the caller gives up. */
  open(sealed: Uint8Array, place: string): Uint8Array;
}

/** Reads and writes a replica's saved fold image. */
export interface FoldImageStore {
  /** The saved bytes, open for reading, or null when there are none. */
  open(): Promise<SavedImageBytes | null>;
  /** Replaces the saved bytes with `chunks` one after the other, all or nothing. */
  write(chunks: readonly Uint8Array[]): Promise<void>;
  /**
   * Overwrites the saved bytes with zeros and removes them: a redaction dropped a payload that
   * the saved image still holds (the next save writes a new image without it).
   */
  erase(): Promise<void>;
  /** False for a replica that only reads (a command beside a running hub): write does nothing. */
  readonly writable: boolean;
  /**
   * How each piece of the image is protected; absent: a SHA-256 checksum (an encrypted data
   * directory seals each under the data key instead, src/cli/sealed-fold-image.ts).
   */
  readonly seal?: PieceSeal;
}

/** File name of the fold image inside a data directory. */
export const FOLD_IMAGE_FILE = "fold.image";

/** The image kept in one file. */
export function foldImageFile(
  path: string,
  options: { writable: boolean },
): FoldImageStore {
  return {
    writable: options.writable,
    async open() {
      let fd: number;
      try {
        fd = openSync(path, "r");
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw e;
      }
      let open = true;
      return {
        size: fstatSync(fd).size,
        readAt(offset, length) {
          if (!open) throw new Error("fold image: read after close");
          const out = Buffer.allocUnsafe(length);
          let got = 0;
          while (got < length) {
            const n = readSync(fd, out, got, length - got, offset + got);
            if (n === 0) break;
            got += n;
          }
          return new Uint8Array(out.buffer, out.byteOffset, got);
        },
        close() {
          if (open) closeSync(fd);
          open = false;
        },
      };
    },
    async erase() {
      if (!options.writable) return;
      let fd: number;
      try {
        fd = openSync(path, "r+");
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
        throw e;
      }
      try {
        // In place, block by block, like SQLite's secure_delete: a rename would leave the old
        // bytes in freed blocks.
        const size = fstatSync(fd).size;
        const zeros = new Uint8Array(Math.min(size, 1 << 20));
        for (let at = 0; at < size; )
          at += writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      rmSync(path, { force: true });
    },
    async write(chunks) {
      if (!options.writable) return;
      const temp = `${path}.${process.pid}.tmp`;
      try {
        const fd = openSync(temp, "w", 0o600);
        try {
          for (const bytes of chunks)
            for (let at = 0; at < bytes.length; )
              at += writeSync(fd, bytes, at, bytes.length - at);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        renameSync(temp, path);
      } catch (e) {
        rmSync(temp, { force: true });
        throw e;
      }
      const dir = openSync(dirname(path), "r");
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    },
  };
}
