/**
 * @module The browser's database for one key: IndexedDB `kenges-<first 16 hex of the public
 * key>`, so each key kept on this device has its own (and removing a key removes its data).
 * Stores: `meta` (small records by name), `events` (the replica, one sealed record per
 * event), `outbox` (sealed signed events in signing order), `pages` (sealed reads, under
 * opaque names). Values are sealed by the caller (vault.ts); this file only moves bytes.
 */

export const STORES = ["meta", "events", "outbox", "pages"] as const;
export type StoreName = (typeof STORES)[number];

/**
 * 2: event format 2. The replica's events and the chain and basis kept for signing were of
 * format 1, which no replica reads any more: they are cleared (the replica syncs anew). The
 * outbox stays: actions signed in format 1 that never reached the hub are offered for signing
 * again (outbox.ts).
 */
const VERSION = 2;

/** The database name for a public key (hex). */
export function databaseName(publicKey: string): string {
  return `kenges-${publicKey.slice(0, 16)}`;
}

/** A request as a promise. */
export function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** A transaction's end as a promise. */
export function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("transaction aborted"));
  });
}

/** Opens (creating on first use) the database of a key. */
export function openDatabase(publicKey: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(databaseName(publicKey), VERSION);
    request.onupgradeneeded = (e) => {
      const db = request.result;
      if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
      if (!db.objectStoreNames.contains("events"))
        db.createObjectStore("events", { autoIncrement: true });
      if (!db.objectStoreNames.contains("outbox"))
        db.createObjectStore("outbox", { autoIncrement: true });
      if (!db.objectStoreNames.contains("pages")) db.createObjectStore("pages");
      if (e.oldVersion >= 1 && e.oldVersion < 2) {
        const tx = request.transaction!;
        tx.objectStore("events").clear();
        tx.objectStore("pages").clear();
        for (const name of ["federation", "basis", "chain"])
          tx.objectStore("meta").delete(name);
      }
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab deleting or upgrading the database: let it.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error("database blocked"));
  });
}

/** Deletes a key's database (the key was removed from this device). */
export function deleteDatabase(publicKey: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(databaseName(publicKey));
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    request.onblocked = () => resolve();
  });
}

/**
 * The outbox keeps records that will never be sent as they are (format-1 actions waiting to be
 * signed again, records that no longer open): the last unlock writes down how many will be,
 * unsealed — a locked key cannot open the records to tell them apart, and the number says no
 * more than the count of records does.
 */
const SENDABLE = "sendable";

/** Writes down how many actions of the outbox will be sent (read while the key is locked). */
export async function keepSendableCount(
  db: IDBDatabase,
  n: number,
): Promise<void> {
  const tx = db.transaction("meta", "readwrite");
  tx.objectStore("meta").put(n, SENDABLE);
  await committed(tx);
}

/** How many actions wait in a key's outbox to be sent, without opening them (the key may be locked). */
export async function countWaiting(publicKey: string): Promise<number> {
  if (typeof indexedDB === "undefined") return 0;
  // Only look into a database that exists: opening creates it.
  const known = await indexedDB.databases?.().catch(() => null);
  if (known && !known.some((d) => d.name === databaseName(publicKey))) return 0;
  const db = await openDatabase(publicKey);
  try {
    const tx = db.transaction(["meta", "outbox"]);
    const [kept, records] = await Promise.all([
      done(tx.objectStore("meta").get(SENDABLE)),
      done(tx.objectStore("outbox").count()),
    ]);
    // Never more than the records there are (one was sent by another tab since).
    return typeof kept === "number" ? Math.min(kept, records) : records;
  } finally {
    db.close();
  }
}
