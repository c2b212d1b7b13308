/**
 * @module Verdicts of RSA-PSS verifications made ahead of the fold, for platforms whose only
 * RSA is WebCrypto's (browsers): WebCrypto is asynchronous and the fold is not. Before a
 * browser folds events that carry secret-ballot tokens, it awaits
 * {@link recordRsaPssVerdicts} on their (key, message, token) triples; the noble backend's
 * `verifyRsaPssSha384` then answers from here, and throws for a triple nobody recorded — a
 * bug in the caller, never a reason to call a token valid or invalid.
 */
import { sha256 } from "@noble/hashes/sha2.js";

/** One RSA-PSS verification: public key (SPKI DER), message, signature. */
export interface RsaPssCheck {
  readonly publicKey: Uint8Array;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

/** Verdicts kept at most; a full cache starts over (a pre-pass covers one batch at a time). */
const VERDICT_LIMIT = 100_000;
const verdicts = new Map<string, boolean>();

/** The cache key: SHA-256 of the three inputs, each prefixed by its length (no ambiguity). */
function verdictKey(check: RsaPssCheck): string {
  const parts = [check.publicKey, check.message, check.signature];
  let size = 0;
  for (const p of parts) size += 4 + p.length;
  const all = new Uint8Array(size);
  const view = new DataView(all.buffer);
  let at = 0;
  for (const p of parts) {
    view.setUint32(at, p.length);
    all.set(p, at + 4);
    at += 4 + p.length;
  }
  let key = "";
  for (const b of sha256(all)) key += String.fromCharCode(b);
  return key;
}

/** A copy backed by a plain ArrayBuffer, as WebCrypto's types ask. */
function plainBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

/** Verifies one triple with WebCrypto; false for a key WebCrypto does not take. */
async function verifyWithWebCrypto(check: RsaPssCheck): Promise<boolean> {
  let key: Awaited<ReturnType<typeof crypto.subtle.importKey>>;
  try {
    key = await crypto.subtle.importKey(
      "spki",
      plainBytes(check.publicKey),
      { name: "RSA-PSS", hash: "SHA-384" },
      false,
      ["verify"],
    );
  } catch {
    return false;
  }
  try {
    return await crypto.subtle.verify(
      { name: "RSA-PSS", saltLength: 48 },
      key,
      plainBytes(check.signature),
      plainBytes(check.message),
    );
  } catch {
    return false;
  }
}

/**
 * Verifies each triple with WebCrypto (RSA-PSS, SHA-384, salt 48) and records the verdict
 * for the synchronous verifier of the noble backend.
 */
export async function recordRsaPssVerdicts(
  checks: readonly RsaPssCheck[],
): Promise<void> {
  for (const check of checks) {
    const key = verdictKey(check);
    if (verdicts.has(key)) continue;
    const verdict = await verifyWithWebCrypto(check);
    if (verdicts.size >= VERDICT_LIMIT) verdicts.clear();
    verdicts.set(key, verdict);
  }
}

/** The recorded verdict for a triple, or undefined when none was recorded. */
export function recordedRsaPssVerdict(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean | undefined {
  return verdicts.get(verdictKey({ publicKey, message, signature }));
}
