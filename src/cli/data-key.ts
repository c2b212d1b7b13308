/**
 * @module The data key of a directory, as a command gets it: from the key file and the
 * passphrase (src/at-rest does the cryptography), with the at-rest layer's failures as
 * CliErrors. A directory being made gets a new key file; a directory an older Kenges made
 * (a plain store, no key file) is refused with DATA_NOT_ENCRYPTED, which names
 * `kenges data encrypt`; a directory whose key file is gone (`kenges panic`) is DATA_KEY_MISSING.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import {
  AtRestError,
  createDataKeyFile,
  DATA_KEY_FILE,
  DEMO_DATA_PASSPHRASE,
  hasDataKeyFile,
  isDemoKeyFile,
  recordedStoreCipher,
  unwrapDataKey,
} from "../at-rest/index.js";
import {
  isStoreCipher,
  LEGACY_STORE_CIPHER,
  NEW_STORE_CIPHER,
  type StoreCipher,
} from "../store/index.js";
import type { ParsedArgs } from "./args.js";
import { CliError } from "./cli-error.js";
import { type CommandIo, stringFlag } from "./command.js";
import { DATA_PASSPHRASE, readDataPassphrase } from "./data-passphrase.js";

export { DEMO_DATA_PASSPHRASE };

/** True when the command was given a data passphrase (environment or file), not left to ask. */
function passphraseGiven(args: ParsedArgs, io: CommandIo): boolean {
  return (
    io.env[DATA_PASSPHRASE.env] !== undefined ||
    args.flags.has(DATA_PASSPHRASE.fileFlag)
  );
}

/** File name of the embedded store inside a data directory. */
export const STORE_FILE = "kenges.sqlite";

/**
 * The cipher of the directory's store, as its key file records it: SQLCipher 4 for a key file
 * that records none (every directory made before the choice was recorded keeps opening). A
 * name this version does not know is a damaged (or newer) key file: DATA_KEY_FILE_MALFORMED.
 */
export function dataDirStoreCipher(dir: string): StoreCipher {
  const name = recordedStoreCipher(dir);
  if (name === null) return LEGACY_STORE_CIPHER;
  if (!isStoreCipher(name))
    throw new AtRestError("DATA_KEY_FILE_MALFORMED", {
      path: join(dir, DATA_KEY_FILE),
    });
  return name;
}

/** The cipher a data directory made now takes, recorded in its key file. */
export { NEW_STORE_CIPHER };

/** The language of prompts and messages for this invocation. */
export function langOf(args: ParsedArgs, io: CommandIo): string {
  return stringFlag(args, "lang") ?? io.env.KENGES_LANG ?? "en";
}

/** True when the file starts with SQLite's plain header: a store an older Kenges left unencrypted. */
export function isPlainSqlite(file: string): boolean {
  if (!existsSync(file)) return false;
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(16);
    return (
      readSync(fd, head, 0, 16, 0) === 16 &&
      head.toString("latin1") === "SQLite format 3\0"
    );
  } finally {
    closeSync(fd);
  }
}

/** An at-rest failure as the CLI's error; anything else passes unchanged. */
export function asCliError(e: unknown): unknown {
  return e instanceof AtRestError ? new CliError(e.code, e.details) : e;
}

/**
 * scrypt's cost for a new key file: the default, unless KENGES_DATA_SCRYPT_N lowers it for a
 * test suite that makes hundreds of directories (the key file refuses anything below 2^14).
 */
function scryptCost(io: CommandIo): { scryptN?: number } {
  const n = io.env.KENGES_DATA_SCRYPT_N;
  if (n === undefined) return {};
  const N = Number(n);
  // A power of two within the key file's bounds (2^14 to 2^20), which it would refuse otherwise.
  if (!/^[0-9]+$/.test(n) || N < 2 ** 14 || N > 2 ** 20 || (N & (N - 1)) !== 0)
    throw new CliError("FLAG_INVALID", {
      flag: "KENGES_DATA_SCRYPT_N",
      value: n,
    });
  return { scryptN: N };
}

/** Throws why a directory without a key file cannot be opened. */
function refuseKeyless(dir: string): never {
  if (isPlainSqlite(join(dir, STORE_FILE)))
    throw new CliError("DATA_NOT_ENCRYPTED", { path: dir });
  throw new CliError("DATA_KEY_MISSING", { path: dir });
}

/** The data key of an existing encrypted directory, asking for its passphrase. */
export async function openDataKey(
  dir: string,
  args: ParsedArgs,
  io: CommandIo,
): Promise<Uint8Array> {
  if (!hasDataKeyFile(dir)) refuseKeyless(dir);
  const passphrase =
    !passphraseGiven(args, io) && isDemoKeyFile(dir)
      ? DEMO_DATA_PASSPHRASE
      : await readDataPassphrase(args, io, langOf(args, io));
  try {
    return await unwrapDataKey(dir, passphrase);
  } catch (e) {
    throw asCliError(e);
  }
}

/** A new key file for a directory being made (it must exist and hold no key file). */
export async function createDataKey(
  dir: string,
  args: ParsedArgs,
  io: CommandIo,
  options: { demo?: boolean } = {},
): Promise<Uint8Array> {
  // A demo given no passphrase takes the public one rather than asking for a secret it
  // would not keep; one given a passphrase of its own is an ordinary directory.
  const passphrase =
    options.demo && !passphraseGiven(args, io)
      ? DEMO_DATA_PASSPHRASE
      : await readDataPassphrase(args, io, langOf(args, io), { isNew: true });
  return createDataKeyFile(dir, passphrase, {
    ...scryptCost(io),
    storeCipher: NEW_STORE_CIPHER,
    demo: options.demo === true && passphrase === DEMO_DATA_PASSPHRASE,
  });
}

/** The key for a directory that may be new: made when the directory holds no store yet. */
export async function dataKeyFor(
  dir: string,
  args: ParsedArgs,
  io: CommandIo,
  options: { create: boolean; demo?: boolean },
): Promise<Uint8Array> {
  if (hasDataKeyFile(dir)) return openDataKey(dir, args, io);
  if (existsSync(join(dir, STORE_FILE))) refuseKeyless(dir);
  if (!options.create) throw new CliError("STORE_EMPTY", { path: dir });
  mkdirSync(dir, { recursive: true });
  return createDataKey(dir, args, io, { demo: options.demo ?? false });
}

/** Scrypt cost options for rewrapping (the same rule as for a new key file). */
export function newKeyFileCost(io: CommandIo): { scryptN?: number } {
  return scryptCost(io);
}
