/**
 * @module Where a replica keeps its fold image: the one place image bytes are read and
 * written (encryption at rest wraps this, issue 12). A file beside the store in the data
 * directory, replaced atomically: written to a temporary file, synced, renamed over the old
 * one, the directory synced — a crash leaves the old image or the new one, never half of one.
 */
import {
  closeSync,
  fstatSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";

/** Reads and writes a replica's saved fold image. */
export interface FoldImageStore {
  /** The saved bytes, or null when there are none. */
  read(): Promise<Uint8Array | null>;
  /** Replaces the saved bytes, all or nothing. */
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Overwrites the saved bytes with zeros and removes them: a redaction dropped a payload that
   * the saved image still holds (the next save writes a new image without it).
   */
  erase(): Promise<void>;
  /** False for a replica that only reads (a command beside a running hub): write does nothing. */
  readonly writable: boolean;
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
    async read() {
      try {
        const b = await readFile(path);
        return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw e;
      }
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
    async write(bytes) {
      if (!options.writable) return;
      const temp = `${path}.${process.pid}.tmp`;
      try {
        const fd = openSync(temp, "w", 0o600);
        try {
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
