/**
 * @module A key sealed under a passphrase, in the format of the CLI's key files
 * (src/cli/keyring.ts `sealKey`): scrypt and XChaCha20-Poly1305 over the canonical map
 * {kind: "kenges-key", v: 1, label, secret}. The CLI opens what the browser exports and the
 * other way round. As text (QR codes, pasting) it is `kenges-key:` and base64url.
 */
import {
  type CanonicalValue,
  decodeCanonical,
  encodeCanonical,
  type KeyPair,
  keyPairFromSecret,
  openWithPassphrase,
  sealWithPassphrase,
} from "../../../src/crypto/index.js";

const TEXT_PREFIX = "kenges-key:";

/** Seals a key under a passphrase. */
export function sealKey(
  key: KeyPair,
  label: string,
  passphrase: string,
): Uint8Array {
  const inner: CanonicalValue = {
    kind: "kenges-key",
    v: 1,
    label,
    secret: key.secretKey,
  };
  return sealWithPassphrase(encodeCanonical(inner), passphrase);
}

/** Opens a sealed key; the error codes are PASSPHRASE_WRONG and SEALED_BOX_MALFORMED. */
export function openSealedKey(
  sealed: Uint8Array,
  passphrase: string,
): { ok: true; key: KeyPair; label: string } | { ok: false; code: string } {
  const opened = openWithPassphrase(sealed, passphrase);
  if (!opened.ok) return { ok: false, code: opened.error.code };
  const inner = decodeCanonical(opened.value);
  if (!inner.ok) return { ok: false, code: "SEALED_BOX_MALFORMED" };
  const v = inner.value as Record<string, CanonicalValue>;
  if (
    v.kind !== "kenges-key" ||
    !(v.secret instanceof Uint8Array) ||
    v.secret.length !== 32
  )
    return { ok: false, code: "SEALED_BOX_MALFORMED" };
  return {
    ok: true,
    key: keyPairFromSecret(v.secret),
    label: typeof v.label === "string" ? v.label : "",
  };
}

/** base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Bytes from base64url (or plain base64); null when it is not. */
export function fromBase64Url(text: string): Uint8Array | null {
  const clean = text.trim().replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return null;
  try {
    const s = atob(clean + "=".repeat((4 - (clean.length % 4)) % 4));
    return Uint8Array.from(s, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** A sealed key as text for a QR code or pasting. */
export function backupText(sealed: Uint8Array): string {
  return TEXT_PREFIX + toBase64Url(sealed);
}

/** The sealed bytes in a backup text, or null. */
export function backupFromText(text: string): Uint8Array | null {
  const t = text.trim();
  return fromBase64Url(
    t.startsWith(TEXT_PREFIX) ? t.slice(TEXT_PREFIX.length) : t,
  );
}
