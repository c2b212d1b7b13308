/** @module Where a replica lives on disk: `--data`, then KENGES_DATA, then ./kenges-data. */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { installNodeCrypto } from "../crypto/node.js";
import { Replica, type SignaturePool } from "../replica/index.js";
import { openSqliteStore } from "../store/index.js";
import type { ParsedArgs } from "./args.js";
import { CliError } from "./cli-error.js";
import type { CommandIo } from "./command.js";
import { stringFlag } from "./command.js";

/** The data directory for this invocation. */
export function dataDir(args: ParsedArgs, io: CommandIo): string {
  return resolve(
    io.cwd,
    stringFlag(args, "data") ?? io.env.KENGES_DATA ?? "kenges-data",
  );
}

/** File name of the embedded store inside a data directory. */
export const STORE_FILE = "kenges.sqlite";

/** True when the directory does not exist or holds nothing. */
export function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/**
 * Opens the replica of a data directory. Without `create`, a directory holding no
 * federation is an error (STORE_EMPTY) rather than silently made.
 */
export async function openReplica(
  dir: string,
  options: { create?: boolean; pool?: SignaturePool } = {},
): Promise<Replica> {
  installNodeCrypto();
  const file = join(dir, STORE_FILE);
  if (!existsSync(file)) {
    if (!options.create) throw new CliError("STORE_EMPTY", { path: dir });
    mkdirSync(dir, { recursive: true });
  }
  const store = await openSqliteStore(file);
  const replica = await Replica.open(store, {
    now: () => Date.now(),
    ...(options.pool ? { pool: options.pool } : {}),
  });
  if (replica.federation === null && !options.create) {
    await replica.close();
    throw new CliError("STORE_EMPTY", { path: dir });
  }
  return replica;
}
