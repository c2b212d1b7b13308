/**
 * @module Everything the app does with keys and events, in one chunk loaded on first use
 * (the first page needs none of it): make, seal and open keys, sign a login, sign events
 * on top of the hub's heads (merging first when there are more than 16), and re-verify
 * events from the log. Signing uses src/core over the noble backend — never WebCrypto.
 */
import {
  decodeWireEvent,
  encodeWireEvent,
  planMerges,
  type SignedEvent,
  signEvent,
  verifySignature,
} from "../../../src/core/index.js";
import {
  type CanonicalValue,
  fromHex,
  generateKeyPair,
  type KeyPair,
  sha256,
  signEd25519,
  toHex,
} from "../../../src/crypto/index.js";
import { hubAuthMessage } from "./auth-message.js";
import { openSealedKey, sealKey, toBase64Url } from "./key-backup.js";
import type { StoredKey } from "./key-store.js";

export { backupFromText, backupText, fromBase64Url } from "./key-backup.js";

/** Makes a key and seals it for keeping in this browser. */
export function createKey(
  label: string,
  passphrase: string,
): { key: KeyPair; stored: StoredKey } {
  const key = generateKeyPair();
  return { key, stored: storedOf(key, label, passphrase) };
}

/** The record kept in storage for a key sealed under a passphrase. */
export function storedOf(
  key: KeyPair,
  label: string,
  passphrase: string,
): StoredKey {
  return {
    v: 1,
    publicKey: toHex(key.publicKey),
    label,
    sealed: toBase64Url(sealKey(key, label, passphrase)),
  };
}

/** Opens sealed bytes (a backup file or the kept key). */
export function openKey(
  sealed: Uint8Array,
  passphrase: string,
): { ok: true; key: KeyPair; label: string } | { ok: false; code: string } {
  return openSealedKey(sealed, passphrase);
}

/** A backup file's bytes: the key sealed under a (possibly new) passphrase. */
export function exportKey(
  key: KeyPair,
  label: string,
  passphrase: string,
): Uint8Array {
  return sealKey(key, label, passphrase);
}

/** The public key as hex. */
export function publicKeyOf(key: KeyPair): string {
  return toHex(key.publicKey);
}

/** Signs a hub login (hex signature). */
export function signLogin(
  key: KeyPair,
  claim: { federation: string; hub: string; origin: string; challenge: string },
): string {
  const message = hubAuthMessage({ ...claim, key: toHex(key.publicKey) });
  return toHex(signEd25519(key.secretKey, message));
}

/** What the hub says a new event follows. */
export interface Heads {
  readonly federation: string;
  readonly heads: readonly string[];
  readonly chain: { readonly seq: number; readonly id: string } | null;
}

/**
 * Signs an event on top of the heads: first `heads.merged` events when more than 16 heads
 * would be deps (a member's key), or — for a key that is no member yet, which may post only
 * its request — deps chosen to include `anchor` (the body it asks to join).
 */
export function signOnHeads(
  key: KeyPair,
  heads: Heads,
  type: string,
  payload: CanonicalValue,
  time: number,
  options: { member: boolean; anchor?: string },
): { events: string[]; id: string } {
  let seq = (heads.chain?.seq ?? 0) + 1;
  let prev = heads.chain?.id ?? null;
  const signed: SignedEvent[] = [];
  let deps: string[];
  if (options.member) {
    const plan = planMerges(heads.heads, prev);
    for (const m of plan.merges) {
      const merge = signEvent(key, {
        federation: heads.federation,
        seq,
        prev,
        deps: m,
        time,
        type: "heads.merged",
        payload: {},
      });
      signed.push(merge);
      prev = merge.id;
      seq++;
    }
    deps = plan.deps;
  } else {
    const others = heads.heads.filter(
      (h) => h !== prev && h !== options.anchor,
    );
    deps = [...(options.anchor ? [options.anchor] : []), ...others].slice(
      0,
      16,
    );
  }
  const event = signEvent(key, {
    federation: heads.federation,
    seq,
    prev,
    deps,
    time,
    type,
    payload,
  });
  signed.push(event);
  return {
    events: signed.map((e) => toBase64Url(encodeWireEvent(e))),
    id: event.id,
  };
}

/** Re-checks an event from the log: its id is the hash of its envelope, its signature holds. */
export function verifyWire(
  wire: Uint8Array,
  id: string,
): { id: boolean; signature: boolean } {
  const decoded = decodeWireEvent(wire);
  if (!decoded.ok) return { id: false, signature: false };
  const e = decoded.value;
  return {
    id: toHex(sha256(e.envelopeBytes)) === id,
    signature: verifySignature(e),
  };
}

/** Hex to bytes (null when not hex). */
export function bytesOfHex(hex: string): Uint8Array | null {
  return fromHex(hex);
}
