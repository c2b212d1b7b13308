/**
 * @module The key kept in this browser: only ever sealed under the member's passphrase
 * (src/crypto's passphrase box), with its public key beside it so the app can say whose it
 * is while it is locked. The unlocked key lives in memory only, never in storage.
 */

const STORE = "kenges.key";

/** What the browser keeps. */
export interface StoredKey {
  readonly v: 1;
  readonly publicKey: string;
  readonly label: string;
  /** The sealed key, base64url (the backup file's bytes). */
  readonly sealed: string;
}

/** The kept key, or null. */
export function loadStoredKey(): StoredKey | null {
  try {
    const raw = localStorage.getItem(STORE);
    if (raw === null) return null;
    const parsed = JSON.parse(raw) as StoredKey;
    return parsed.v === 1 && /^[0-9a-f]{64}$/.test(parsed.publicKey)
      ? parsed
      : null;
  } catch {
    return null;
  }
}

/** Keeps a sealed key (replacing any other). */
export function saveStoredKey(key: StoredKey): void {
  localStorage.setItem(STORE, JSON.stringify(key));
}

/** Forgets the kept key. */
export function forgetStoredKey(): void {
  localStorage.removeItem(STORE);
}
