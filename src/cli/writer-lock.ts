/**
 * @module One writer per data directory. A hub (`kenges serve`) holds `writer.lock` in the
 * directory for as long as it runs — its pid and the address it serves — so a second hub on the
 * same directory refuses to start, and a CLI command reads the directory but never writes the
 * file behind the hub's back (an event the hub never saw, or a fork of a key the hub also signs
 * with). A lock left by a process that died is taken over.
 */
import {
  closeSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { CliError } from "./cli-error.js";

/** File name of the lock inside a data directory. */
export const LOCK_FILE = "writer.lock";

/** Who holds a data directory. */
export interface LockHolder {
  readonly pid: number;
  /** Where the hub serves (`http://127.0.0.1:8080`), once it listens. */
  readonly address: string | null;
  readonly since: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it is just not ours to signal.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(path, "utf8")) as LockHolder;
    return Number.isInteger(h.pid) ? h : null;
  } catch {
    return null;
  }
}

/** The live process holding `dir`, or null (no lock, or a dead holder's). */
export function lockHolder(dir: string): LockHolder | null {
  const h = readHolder(join(dir, LOCK_FILE));
  return h !== null && h.pid !== process.pid && isAlive(h.pid) ? h : null;
}

/** A held lock: its address can be told once the hub listens; released on close or exit. */
export interface WriterLock {
  setAddress(address: string): void;
  release(): void;
}

/** Takes the lock of `dir` for this process, or throws DATA_DIR_HELD naming the holder. */
export function takeWriterLock(dir: string): WriterLock {
  const path = join(dir, LOCK_FILE);
  let held: LockHolder = { pid: process.pid, address: null, since: Date.now() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeFileSync(fd, JSON.stringify(held));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 3)
        throw e;
    }
    const other = readHolder(path);
    if (other !== null && isAlive(other.pid))
      throw new CliError("DATA_DIR_HELD", {
        pid: other.pid,
        address: other.address ?? "",
      });
    // A dead holder's lock: move it aside under a name of our own, then check that what we
    // moved is the stale lock and not one another process made meanwhile (put that back).
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
    } catch {
      continue;
    }
    const moved = readHolder(aside);
    if (moved !== null && isAlive(moved.pid)) renameSync(aside, path);
    else unlinkSync(aside);
  }
  const release = () => {
    if (readHolder(path)?.pid === process.pid) unlinkSync(path);
    process.off("exit", release);
  };
  process.on("exit", release);
  return {
    setAddress(address) {
      held = { ...held, address };
      writeFileSync(path, JSON.stringify(held));
    },
    release,
  };
}
