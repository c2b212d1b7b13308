import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeStore, randomStoredEvents } from "../store.contract.js";
import type { StoredEvent } from "../store.js";
import { STORE_CIPHERS } from "./sqlite-cipher.js";
import { encryptSqliteFile } from "./sqlite-encrypt.js";
import { openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "kenges-sqlite-encrypted-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function removeDatabase(file: string): void {
  for (const suffix of ["", "-wal", "-shm"])
    rmSync(file + suffix, { force: true });
}

const contractKey = new Uint8Array(randomBytes(32));
for (const cipher of STORE_CIPHERS) {
  const contractFile = join(dir, `contract-${cipher}.sqlite`);
  describeStore(
    `sqlite (encrypted temp file, ${cipher})`,
    () => openSqliteStore(contractFile, { key: contractKey, cipher }),
    async () => removeDatabase(contractFile),
  );
}

/** Events whose payload carries a text a reader of the disk must not find. */
function eventsSaying(text: string, n: number): StoredEvent[] {
  return randomStoredEvents(n).map((e) => ({
    ...e,
    payload: new TextEncoder().encode(`${text} ${e.id}`),
  }));
}

/** The bytes of the database file and its WAL, as a seized disk gives them. */
function diskBytes(file: string): Buffer {
  return Buffer.concat(
    ["", "-wal"]
      .filter((s) => existsSync(file + s))
      .map((s) => readFileSync(file + s)),
  );
}

describe.each(STORE_CIPHERS)("encrypted sqlite store (%s)", (cipher) => {
  it("keeps no plain header and no stored text in the file or its WAL", async () => {
    const file = join(dir, `secret-${cipher}.sqlite`);
    const key = new Uint8Array(randomBytes(32));
    const store = await openSqliteStore(file, { key, cipher });
    const events = eventsSaying("Zhanaozen strike committee", 50);
    await store.append(events);
    await store.setMeta("note", "Zhanaozen strike committee");
    // Before close: the events are in the WAL, not yet checkpointed.
    expect(existsSync(`${file}-wal`)).toBe(true);
    const open = diskBytes(file);
    expect(open.includes("Zhanaozen")).toBe(false);
    expect(open.includes(events[0]!.id)).toBe(false);
    await store.close();
    const closed = diskBytes(file);
    expect(closed.subarray(0, 16).toString("latin1")).not.toBe(
      "SQLite format 3\0",
    );
    expect(closed.includes("Zhanaozen")).toBe(false);
    // The same store, reopened with its key, gives everything back.
    const again = await openSqliteStore(file, { key, cipher });
    expect(await again.count()).toBe(50);
    expect(await again.getMeta("note")).toBe("Zhanaozen strike committee");
    await again.close();
    removeDatabase(file);
  });

  it("does not open with another key, nor without one, nor as another cipher (SQLITE_NOTADB)", async () => {
    const file = join(dir, `locked-${cipher}.sqlite`);
    const key = new Uint8Array(randomBytes(32));
    await (await openSqliteStore(file, { key, cipher })).close();
    await expect(
      openSqliteStore(file, { key: new Uint8Array(randomBytes(32)), cipher }),
    ).rejects.toMatchObject({ code: "SQLITE_NOTADB" });
    await expect(openSqliteStore(file)).rejects.toMatchObject({
      code: "SQLITE_NOTADB",
    });
    for (const other of STORE_CIPHERS.filter((c) => c !== cipher))
      await expect(
        openSqliteStore(file, { key, cipher: other }),
      ).rejects.toMatchObject({ code: "SQLITE_NOTADB" });
    removeDatabase(file);
  });

  it("refuses a page changed on the disk (authenticated), made so or encrypted in place", async () => {
    for (const how of ["made", "encrypted in place"]) {
      const file = join(
        dir,
        `tampered-${cipher}-${how.replaceAll(" ", "-")}.sqlite`,
      );
      const key = new Uint8Array(randomBytes(32));
      const events = eventsSaying("Kentau", 300);
      if (how === "made") {
        const store = await openSqliteStore(file, { key, cipher });
        await store.append(events);
        await store.close();
      } else {
        const store = await openSqliteStore(file);
        await store.append(events);
        await store.close();
        encryptSqliteFile(file, key, cipher);
      }
      // One bit of the fourth page flipped, as a hand on the disk would.
      const bytes = readFileSync(file);
      bytes[4096 * 3 + 1000]! ^= 1;
      writeFileSync(file, bytes);
      const read = async () => {
        const store = await openSqliteStore(file, { key, cipher });
        try {
          let after = 0;
          for (;;) {
            const page = await store.scan(after, 100);
            if (page.events.length === 0) break;
            after = page.last;
          }
        } finally {
          await store.close();
        }
      };
      await expect(read()).rejects.toMatchObject({ code: "SQLITE_CORRUPT" });
      removeDatabase(file);
    }
  });

  it("encrypts a plain store in place, keeping its events", async () => {
    const file = join(dir, `older-${cipher}.sqlite`);
    const plain = await openSqliteStore(file);
    const events = eventsSaying("Aktau depot", 20);
    await plain.append(events);
    await plain.close();
    expect(diskBytes(file).includes("Aktau depot")).toBe(true);
    const key = new Uint8Array(randomBytes(32));
    encryptSqliteFile(file, key, cipher);
    expect(diskBytes(file).includes("Aktau depot")).toBe(false);
    const store = await openSqliteStore(file, { key, cipher });
    expect(await store.count()).toBe(20);
    expect((await store.get(events[3]!.id))?.payload).toEqual(
      events[3]!.payload,
    );
    await store.close();
    expect(diskBytes(file).includes("Aktau depot")).toBe(false);
    removeDatabase(file);
  });
});
