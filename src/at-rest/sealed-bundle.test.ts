import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openSealedBundle, sealBundle } from "./sealed-bundle.js";

const cheap = { scryptN: 2 ** 14 };

/** Seals `plain` written in `pieces` chunks, as `kenges export` writes. */
async function sealed(
  plain: Buffer,
  pieces: number,
  passphrase = "bundle words",
): Promise<Buffer> {
  const s = await sealBundle(passphrase, cheap);
  const out = [Buffer.from(s.head)];
  const size = Math.ceil(plain.length / pieces);
  for (let at = 0; at < plain.length; at += size)
    out.push(Buffer.from(s.update(plain.subarray(at, at + size))));
  out.push(Buffer.from(s.final()));
  return Buffer.concat(out);
}

/** Opens `bytes` delivered in chunks of `chunk` bytes, as a file stream delivers them. */
async function opened(
  bytes: Buffer,
  chunk: number,
  passphrase = "bundle words",
): Promise<Buffer> {
  async function* stream() {
    for (let at = 0; at < bytes.length; at += chunk)
      yield new Uint8Array(bytes.subarray(at, at + chunk));
  }
  const out: Buffer[] = [];
  for await (const b of openSealedBundle(stream(), passphrase))
    out.push(Buffer.from(b));
  return Buffer.concat(out);
}

describe("sealed bundles", () => {
  const plain = Buffer.concat([
    Buffer.from("Aigerim Nurlanova voted yes; "),
    randomBytes(5000),
  ]);

  it("give back the same bytes whatever the chunks on either side, and hide the text", async () => {
    for (const pieces of [1, 3, 50]) {
      const bytes = await sealed(plain, pieces);
      expect(bytes.includes("Aigerim")).toBe(false);
      for (const chunk of [1 << 20, 7, 16, 17, 4096])
        expect((await opened(bytes, chunk)).equals(plain)).toBe(true);
    }
  });

  it("refuse a wrong passphrase before decrypting, and a changed byte at the end", async () => {
    const bytes = await sealed(plain, 4);
    await expect(opened(bytes, 4096, "other words")).rejects.toMatchObject({
      code: "BUNDLE_PASSPHRASE_WRONG",
    });
    const changed = Buffer.from(bytes);
    changed[changed.length - 100]! ^= 1;
    await expect(opened(changed, 4096)).rejects.toMatchObject({
      code: "DATA_SEALED_FILE_DAMAGED",
    });
    await expect(
      opened(bytes.subarray(0, bytes.length - 1), 4096),
    ).rejects.toMatchObject({ code: "DATA_SEALED_FILE_DAMAGED" });
    await expect(
      opened(Buffer.from("not a bundle"), 4096),
    ).rejects.toMatchObject({ code: "DATA_SEALED_FILE_DAMAGED" });
  });
});
