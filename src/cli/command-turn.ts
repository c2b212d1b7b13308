/**
 * @module One command at a time per data directory. A command reads the log, then signs on
 * top of what it read: the key's next sequence number in the scope, and the heads. Two
 * commands of one key running at once would read the same log and sign the same number —
 * a fork, which freezes the key. So a command takes its turn (`command.lock`, holding its
 * pid) before it opens the directory and gives it back when it closes; the next command waits
 * and then reads a log that holds what the previous one signed. A turn left by a process that
 * died is taken over.
 */
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CliError } from "./cli-error.js";

/** File name of the turn inside a data directory. */
export const TURN_FILE = "command.lock";

/** How long a command waits for the one before it (commands take about a second). */
const WAIT_MS = 120_000;
const POLL_MS = 50;

function holderPid(path: string): number | null {
  try {
    const pid = Number(JSON.parse(readFileSync(path, "utf8")).pid);
    return Number.isInteger(pid) ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryTake(path: string): boolean {
  try {
    const fd = openSync(path, "wx");
    writeFileSync(fd, JSON.stringify({ pid: process.pid, since: Date.now() }));
    closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  const pid = holderPid(path);
  // A turn being written this instant has no pid yet: wait for it like a live one.
  if (pid === null || pid === process.pid || isAlive(pid)) return false;
  // A dead holder's turn: move it aside under our own name and check that what moved is the
  // stale one, not a turn another command took meanwhile (put that back).
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return false;
  }
  const moved = holderPid(aside);
  if (moved !== null && isAlive(moved)) renameSync(aside, path);
  else unlinkSync(aside);
  return false;
}

/**
 * Waits for and takes the turn of `dir`; returns the function that gives it back. A directory
 * that does not exist yet needs no turn (the command creating it is the only one there); a
 * command run inside another of the same process shares its turn.
 */
export async function takeCommandTurn(dir: string): Promise<() => void> {
  if (!existsSync(dir)) return () => {};
  const path = join(dir, TURN_FILE);
  if (holderPid(path) === process.pid) return () => {};
  const deadline = Date.now() + WAIT_MS;
  while (!tryTake(path)) {
    if (Date.now() > deadline)
      throw new CliError("DATA_DIR_BUSY", { pid: holderPid(path) ?? 0 });
    await sleep(POLL_MS);
  }
  const release = () => {
    if (holderPid(path) === process.pid) unlinkSync(path);
    process.off("exit", release);
  };
  process.on("exit", release);
  return release;
}
