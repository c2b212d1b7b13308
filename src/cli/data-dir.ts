/**
 * @module Where a replica lives: the data directory (`--data`, then KENGES_DATA, then
 * ./kenges-data) and its store — the encrypted SQLite file in it, or a PostgreSQL database
 * (`--db`, database-url.ts) for the commands that take one.
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { dataSubkey } from "../at-rest/index.js";
import { installNodeCrypto } from "../crypto/node.js";
import {
  FOLD_IMAGE_FILE,
  foldImageFile,
  Replica,
  type SignaturePool,
  StoreCorruptError,
} from "../replica/index.js";
import {
  openSqliteStore,
  type Store,
  type StoreCipher,
  StoreSchemaError,
} from "../store/index.js";
import { CliError } from "./cli-error.js";
import { dataDirStoreCipher, STORE_FILE } from "./data-key.js";
import { openDatabaseStore, storeSchemaCliError } from "./database-store.js";
import type { PostgresDatabase } from "./database-url.js";
import { hubPublisher } from "./hub-publisher.js";
import { sealedFoldImage } from "./sealed-fold-image.js";
import { lockHolder } from "./writer-lock.js";

export { dataDir } from "./data-dir-path.js";
export { STORE_FILE };

/** True when the directory does not exist or holds nothing. */
export function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/** What a store may be asked while a hub holds its directory: reads, and a fold save that is skipped. */
const READS = new Set([
  "has",
  "get",
  "count",
  "scan",
  "scanUnsigned",
  "quarantined",
  "countQuarantined",
  "loadFold",
  "getMeta",
  "close",
]);

/**
 * The store as a command may use it while a hub holds the directory: every read passes, the
 * fold's save is skipped (the hub keeps its own), anything else is refused with DATA_DIR_HELD —
 * an allow-list, so a write method added later is refused too.
 */
function readOnlyWhileHeld(
  store: Store,
  holder: { pid: number; address: string | null },
): Store {
  return new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== "function" || typeof name !== "string") return value;
      if (READS.has(name)) return value.bind(target);
      if (name === "saveFold") return async () => {};
      return () => {
        throw new CliError("DATA_DIR_HELD", {
          pid: holder.pid,
          address: holder.address ?? "",
        });
      };
    },
  });
}

/**
 * Opens the replica of a data directory, restoring the fold from the image saved beside the
 * store (fold.image) when it still matches. Without `create`, a directory holding no
 * federation is an error (STORE_EMPTY) rather than silently made. While a hub holds the
 * directory (writer.lock), a command reads it and signs through the hub (hub-publisher.ts) —
 * never into the file, and it leaves the hub's image alone; importing or syncing into it fails
 * with DATA_DIR_HELD, as does signing before the hub listens. The hub itself passes
 * `writer: true` after taking the lock.
 */
export async function openReplica(
  dir: string,
  options: {
    /** The directory's data key (data-key.ts): it encrypts the store and the fold image. */
    key: Uint8Array;
    create?: boolean;
    pool?: SignaturePool;
    writer?: boolean;
    /** Least time between image saves by periodic flushes (a hub's). */
    imageIntervalMs?: number;
    /** The PostgreSQL database holding the events; null or absent: the directory's file. */
    db?: PostgresDatabase | null;
  },
): Promise<Replica> {
  installNodeCrypto();
  const db = options.db ?? null;
  const file = join(dir, STORE_FILE);
  const where = db?.shown ?? dir;
  if (db !== null || !existsSync(file)) {
    if (db === null && !options.create)
      throw new CliError("STORE_EMPTY", { path: where });
    if (options.create) mkdirSync(dir, { recursive: true });
  }
  const opened =
    db === null
      ? await openEncryptedStore(file, options.key, dataDirStoreCipher(dir))
      : await openDatabaseStore(db);
  const holder = options.writer ? null : lockHolder(dir);
  const store = holder === null ? opened : readOnlyWhileHeld(opened, holder);
  let replica: Replica;
  try {
    replica = await Replica.open(store, {
      now: () => Date.now(),
      ...(options.pool ? { pool: options.pool } : {}),
      ...(holder?.address ? { publish: hubPublisher(holder, dir) } : {}),
      image: sealedFoldImage(
        foldImageFile(join(dir, FOLD_IMAGE_FILE), {
          writable: holder === null,
        }),
        options.key,
      ),
      ...(options.imageIntervalMs === undefined
        ? {}
        : { imageIntervalMs: options.imageIntervalMs }),
    });
  } catch (e) {
    await store.close();
    if (e instanceof StoreCorruptError)
      throw new CliError("STORE_CORRUPT", {
        reason: `${e.reason} in event ${e.event}; run kenges verify`,
      });
    throw e;
  }
  if (replica.federation === null && !options.create) {
    await replica.close();
    throw new CliError("STORE_EMPTY", { path: where });
  }
  return replica;
}

/**
 * Opens only the store of a data directory, or the database's (for `verify`, which must read
 * a damaged store). A database needs no data key: nothing in it is encrypted by Kenges.
 */
export async function openStoreOnly(
  dir: string,
  key: () => Promise<Uint8Array>,
  db: PostgresDatabase | null = null,
): Promise<Store> {
  installNodeCrypto();
  if (db !== null) return openDatabaseStore(db);
  const file = join(dir, STORE_FILE);
  if (!existsSync(file)) throw new CliError("STORE_EMPTY", { path: dir });
  const dataKey = await key();
  return openEncryptedStore(file, dataKey, dataDirStoreCipher(dir));
}

/**
 * The store under the directory's data key. A key file that opens but a store that does not
 * (SQLITE_NOTADB) means the two do not belong together — a key file copied from elsewhere, or
 * a damaged store.
 */
async function openEncryptedStore(
  file: string,
  key: Uint8Array,
  cipher: StoreCipher,
): Promise<Store> {
  try {
    return await openSqliteStore(file, {
      key: dataSubkey(key, "sqlite"),
      cipher,
    });
  } catch (e) {
    if ((e as { code?: unknown }).code === "SQLITE_NOTADB")
      throw new CliError("DATA_KEY_NOT_THIS_STORE", { path: file });
    if (e instanceof StoreSchemaError) throw storeSchemaCliError(e, file);
    throw e;
  }
}
