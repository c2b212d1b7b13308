/**
 * @module A key's proof over a sync message: Ed25519 over SHA-256 of the canonical array
 * ["kenges-sync-auth", 1, time, SHA-256(message bytes without `as`)]. A hub learns which
 * key speaks (so it serves that key's scope and counts its budget) without a separate
 * challenge round trip; the clock bounds replays to the same request within the skew.
 */
import {
  encodeCanonical,
  fromHex,
  type KeyPair,
  sha256,
  signEd25519,
  toHex,
  verifyEd25519,
} from "../crypto/index.js";
import {
  authedBytes,
  type HelloMessage,
  type MessageAuth,
  type RoundMessage,
} from "./protocol.js";

function authDigest(
  message: HelloMessage | RoundMessage,
  time: number,
): Uint8Array {
  return sha256(
    encodeCanonical([
      "kenges-sync-auth",
      1,
      time,
      sha256(authedBytes(message)),
    ]),
  );
}

/** Signs a message as `key` at `time` (ms). */
export function signMessage<M extends HelloMessage | RoundMessage>(
  message: M,
  key: KeyPair,
  time: number,
): M {
  const signature = signEd25519(key.secretKey, authDigest(message, time));
  return { ...message, auth: { key: toHex(key.publicKey), time, signature } };
}

/** The key that signed the message, or null when unsigned; "invalid" for a bad or stale proof. */
export function messageSigner(
  message: HelloMessage | RoundMessage,
  now: number,
  skewMs: number,
): string | null | "invalid" {
  const auth: MessageAuth | null = message.auth;
  if (auth === null) return null;
  if (Math.abs(now - auth.time) > skewMs) return "invalid";
  const key = fromHex(auth.key);
  if (
    key === null ||
    !verifyEd25519(key, authDigest(message, auth.time), auth.signature)
  )
    return "invalid";
  return auth.key;
}
