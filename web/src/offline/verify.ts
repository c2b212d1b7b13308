/**
 * @module Checking the signatures of events the replica receives. The app's cryptography
 * never depends on WebCrypto (design.md): noble verifies everywhere. Where the browser's
 * WebCrypto has Ed25519 (a secure context in a current browser) it is used as an
 * accelerator — native, off the main thread, ~10× faster — after it proved on a known
 * signature and a forged one that it agrees with noble.
 */
import { type SignedEvent, verifySignature } from "../../../src/core/index.js";
import {
  generateKeyPair,
  sha256,
  signEd25519,
  toHex,
} from "../../../src/crypto/index.js";

type Subtle = SubtleCrypto;

let native: Promise<Subtle | null> | null = null;
const imported = new Map<string, Promise<CryptoKey | null>>();

async function probe(): Promise<Subtle | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle || !globalThis.isSecureContext) return null;
  try {
    const k = generateKeyPair();
    const message = sha256(new Uint8Array([1, 2, 3]));
    const signature = signEd25519(k.secretKey, message);
    const key = await subtle.importKey(
      "raw",
      k.publicKey as BufferSource,
      { name: "Ed25519" },
      false,
      ["verify"],
    );
    const good = await subtle.verify(
      "Ed25519",
      key,
      signature as BufferSource,
      message as BufferSource,
    );
    const forged = signature.slice();
    forged[0] = (forged[0] ?? 0) ^ 1;
    const bad = await subtle.verify(
      "Ed25519",
      key,
      forged as BufferSource,
      message as BufferSource,
    );
    return good && !bad ? subtle : null;
  } catch {
    return null;
  }
}

function keyFor(subtle: Subtle, author: Uint8Array): Promise<CryptoKey | null> {
  const hex = toHex(author);
  let key = imported.get(hex);
  if (key === undefined) {
    key = subtle
      .importKey("raw", author as BufferSource, { name: "Ed25519" }, false, [
        "verify",
      ])
      .catch(() => null);
    if (imported.size > 50_000) imported.clear();
    imported.set(hex, key);
  }
  return key;
}

const yieldToPage = () => new Promise<void>((r) => setTimeout(r, 0));

/** Whether each event's signature holds, in order. */
export async function verifyEvents(
  events: readonly SignedEvent[],
): Promise<boolean[]> {
  native ??= probe();
  const subtle = await native;
  if (subtle !== null) {
    const out: boolean[] = [];
    // In slices, so a large batch does not queue thousands of operations at once.
    for (let i = 0; i < events.length; i += 512) {
      const part = events.slice(i, i + 512);
      out.push(
        ...(await Promise.all(
          part.map(async (e) => {
            const key = await keyFor(subtle, e.envelope.author);
            if (key === null) return verifySignature(e);
            try {
              return await subtle.verify(
                "Ed25519",
                key,
                e.signature as BufferSource,
                e.envelopeBytes as BufferSource,
              );
            } catch {
              return verifySignature(e);
            }
          }),
        )),
      );
    }
    return out;
  }
  // noble on the main thread: in short slices, so the page stays responsive.
  const out: boolean[] = [];
  let started = performance.now();
  for (const e of events) {
    out.push(verifySignature(e));
    if (performance.now() - started > 30) {
      await yieldToPage();
      started = performance.now();
    }
  }
  return out;
}
