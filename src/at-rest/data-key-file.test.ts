import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createDataKeyFile,
  DATA_KEY_FILE,
  DEFAULT_SCRYPT_N,
  destroyDataKeyFile,
  hasDataKeyFile,
  isDemoKeyFile,
  recordedStoreCipher,
  rewrapDataKey,
  unwrapDataKey,
  unwrapDataKeyEarly,
} from "./data-key-file.js";
import { isSealed, openSealedBytes, sealBytes } from "./sealed-bytes.js";

const root = mkdtempSync(join(tmpdir(), "kenges-at-rest-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function fresh(): string {
  const dir = join(root, `d${n++}`);
  mkdirSync(dir);
  return dir;
}
// The lowest cost a key file accepts: these tests check behaviour, not strength.
const cheap = { scryptN: 2 ** 14 };

describe("the data key file", () => {
  it("gives back the same 32-byte key with the passphrase, and refuses another passphrase", async () => {
    const dir = fresh();
    const key = await createDataKeyFile(dir, "ел мен жер", cheap);
    expect(key.length).toBe(32);
    expect(await unwrapDataKey(dir, "ел мен жер")).toEqual(key);
    await expect(unwrapDataKey(dir, "ел мен жер!")).rejects.toMatchObject({
      code: "DATA_PASSPHRASE_WRONG",
    });
    // The file holds neither the key nor the passphrase.
    const file = readFileSync(join(dir, DATA_KEY_FILE));
    expect(file.includes(Buffer.from(key))).toBe(false);
    expect(file.includes(Buffer.from(key).toString("base64"))).toBe(false);
    expect(file.includes("ел мен жер")).toBe(false);
  });

  it("an unwrap begun early is taken over only with the same passphrase and key file", async () => {
    const dir = fresh();
    const key = await createDataKeyFile(dir, "old", cheap);
    unwrapDataKeyEarly(dir, "old");
    expect(await unwrapDataKey(dir, "old")).toEqual(key);
    // Begun with a wrong passphrase: the caller meets the same refusal it would have alone.
    unwrapDataKeyEarly(dir, "wrong");
    await expect(unwrapDataKey(dir, "wrong")).rejects.toMatchObject({
      code: "DATA_PASSPHRASE_WRONG",
    });
    // Begun, then another key file put in its place: the early unwrap (of the old file,
    // which succeeds) is not taken over; the key is the new file's.
    const other = fresh();
    const otherKey = await createDataKeyFile(other, "old", cheap);
    unwrapDataKeyEarly(dir, "old");
    writeFileSync(
      join(dir, DATA_KEY_FILE),
      readFileSync(join(other, DATA_KEY_FILE)),
    );
    expect(await unwrapDataKey(dir, "old")).toEqual(otherKey);
    expect(otherKey).not.toEqual(key);
    // No directory, or no key file: nothing begun, nothing thrown.
    expect(() => unwrapDataKeyEarly(join(root, "none"), "x")).not.toThrow();
  });

  it("marks a demo's key file only when asked, and a rewrap drops the mark", async () => {
    const demo = fresh();
    const key = await createDataKeyFile(demo, "kenges demo", {
      ...cheap,
      demo: true,
    });
    expect(isDemoKeyFile(demo)).toBe(true);
    const plain = fresh();
    await createDataKeyFile(plain, "kenges demo", cheap);
    expect(isDemoKeyFile(plain)).toBe(false);
    expect(isDemoKeyFile(fresh())).toBe(false);
    // Its passphrase is public: the demo's key file is stretched at the least cost, whatever
    // was asked.
    const costOf = (dir: string) =>
      JSON.parse(readFileSync(join(dir, DATA_KEY_FILE), "utf8")).kdf.N;
    const dearDemo = fresh();
    await createDataKeyFile(dearDemo, "kenges demo", {
      scryptN: 2 ** 16,
      demo: true,
    });
    expect(costOf(dearDemo)).toBe(2 ** 14);
    // Given a passphrase of its own, the demo is an ordinary directory again, at full cost.
    await rewrapDataKey(demo, "kenges demo", "our own words");
    expect(isDemoKeyFile(demo)).toBe(false);
    expect(costOf(demo)).toBe(DEFAULT_SCRYPT_N);
    expect(await unwrapDataKey(demo, "our own words")).toEqual(key);
  });

  it("never replaces an existing key file", async () => {
    const dir = fresh();
    await createDataKeyFile(dir, "a", cheap);
    await expect(createDataKeyFile(dir, "b", cheap)).rejects.toThrow(
      /already has a key file/,
    );
    expect(await unwrapDataKey(dir, "a")).toHaveLength(32);
  });

  it("rewraps the same key under a new passphrase; the old one stops opening it", async () => {
    const dir = fresh();
    const key = await createDataKeyFile(dir, "old words", cheap);
    await rewrapDataKey(dir, "old words", "new words", cheap);
    expect(await unwrapDataKey(dir, "new words")).toEqual(key);
    await expect(unwrapDataKey(dir, "old words")).rejects.toMatchObject({
      code: "DATA_PASSPHRASE_WRONG",
    });
    await expect(
      rewrapDataKey(dir, "old words", "x", cheap),
    ).rejects.toMatchObject({ code: "DATA_PASSPHRASE_WRONG" });
  });

  it("is gone after destroy, and then no passphrase gives a key", async () => {
    const dir = fresh();
    await createDataKeyFile(dir, "p", cheap);
    expect(destroyDataKeyFile(dir)).toBe(true);
    expect(hasDataKeyFile(dir)).toBe(false);
    expect(existsSync(join(dir, DATA_KEY_FILE))).toBe(false);
    await expect(unwrapDataKey(dir, "p")).rejects.toMatchObject({
      code: "DATA_KEY_MISSING",
    });
    expect(destroyDataKeyFile(dir)).toBe(false);
  });

  it("refuses a damaged file, and a file whose scrypt cost was lowered below 2^14", async () => {
    const dir = fresh();
    await createDataKeyFile(dir, "p", cheap);
    const path = join(dir, DATA_KEY_FILE);
    const json = JSON.parse(readFileSync(path, "utf8"));
    writeFileSync(
      path,
      JSON.stringify({ ...json, kdf: { ...json.kdf, N: 1024 } }),
    );
    await expect(unwrapDataKey(dir, "p")).rejects.toMatchObject({
      code: "DATA_KEY_FILE_MALFORMED",
    });
    writeFileSync(path, "not json");
    await expect(unwrapDataKey(dir, "p")).rejects.toMatchObject({
      code: "DATA_KEY_FILE_MALFORMED",
    });
  });
});

describe("the store's cipher in the key file", () => {
  it("is recorded when given, absent (as older files) when not, and a rewrap keeps either", async () => {
    const made = fresh();
    await createDataKeyFile(made, "p", { ...cheap, storeCipher: "aegis-256" });
    expect(
      JSON.parse(readFileSync(join(made, DATA_KEY_FILE), "utf8")).storeCipher,
    ).toBe("aegis-256");
    expect(recordedStoreCipher(made)).toBe("aegis-256");
    await rewrapDataKey(made, "p", "q", cheap);
    expect(recordedStoreCipher(made)).toBe("aegis-256");

    const older = fresh();
    await createDataKeyFile(older, "p", cheap);
    const json = JSON.parse(readFileSync(join(older, DATA_KEY_FILE), "utf8"));
    // The shape older versions wrote: no cipher named.
    expect(Object.keys(json).sort()).toEqual(
      ["cipher", "iv", "kdf", "kind", "tag", "v", "wrapped"].sort(),
    );
    expect(recordedStoreCipher(older)).toBeNull();
    await rewrapDataKey(older, "p", "q", cheap);
    expect(recordedStoreCipher(older)).toBeNull();
    expect(await unwrapDataKey(older, "q")).toHaveLength(32);
  });

  it("refuses a key file whose cipher is no name", async () => {
    const dir = fresh();
    await createDataKeyFile(dir, "p", cheap);
    const path = join(dir, DATA_KEY_FILE);
    const json = JSON.parse(readFileSync(path, "utf8"));
    for (const storeCipher of [42, "AES 256; DROP", ""]) {
      writeFileSync(path, JSON.stringify({ ...json, storeCipher }));
      expect(() => recordedStoreCipher(dir)).toThrow(
        expect.objectContaining({ code: "DATA_KEY_FILE_MALFORMED" }),
      );
      await expect(unwrapDataKey(dir, "p")).rejects.toMatchObject({
        code: "DATA_KEY_FILE_MALFORMED",
      });
    }
  });
});

describe("sealed files", () => {
  const key = new Uint8Array(32).fill(7);
  const text = new TextEncoder().encode("Aigerim Nurlanova, Zhanaozen");

  it("hide their text and open with the key for the same use", () => {
    const sealed = sealBytes(key, "demo-keys", text);
    expect(isSealed(sealed)).toBe(true);
    expect(Buffer.from(sealed).includes("Aigerim")).toBe(false);
    expect(openSealedBytes(key, "demo-keys", sealed)).toEqual(text);
  });

  it("do not open for another use, under another key, or with a byte changed", () => {
    const sealed = sealBytes(key, "fold-image", text);
    expect(() => openSealedBytes(key, "demo-keys", sealed)).toThrow(
      expect.objectContaining({ code: "DATA_SEALED_FILE_DAMAGED" }),
    );
    expect(() =>
      openSealedBytes(new Uint8Array(32).fill(8), "fold-image", sealed),
    ).toThrow(expect.objectContaining({ code: "DATA_SEALED_FILE_DAMAGED" }));
    const changed = sealed.slice();
    changed[changed.length - 20]! ^= 1;
    expect(() => openSealedBytes(key, "fold-image", changed)).toThrow(
      expect.objectContaining({ code: "DATA_SEALED_FILE_DAMAGED" }),
    );
    expect(isSealed(text)).toBe(false);
  });
});
