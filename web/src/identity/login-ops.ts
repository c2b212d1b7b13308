/**
 * @module What signing in needs of the key, in a chunk of its own: src/crypto only, not the
 * domain (src/core) that crypto-ops.ts brings — so a reload can take the held key and sign in
 * while the page's own files still download (sign-in.ts).
 */
import {
  type KeyPair,
  keyPairFromSecret,
  signEd25519,
  toHex,
} from "../../../src/crypto/index.js";
import { hubAuthMessage } from "./auth-message.js";

/** The key of a secret the key holder gave back (identity/key-holder.ts); null when it is none. */
export function keyFromSecret(secret: unknown): KeyPair | null {
  return secret instanceof Uint8Array && secret.length === 32
    ? keyPairFromSecret(secret)
    : null;
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
