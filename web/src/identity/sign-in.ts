/**
 * @module Signing in to the hub with an unlocked key: a challenge signed here, traded for a
 * session token kept in page memory only (api/client.ts). When a tab opens (a reload, a deep
 * link), the key the key holder kept for this visit signs in before anything renders —
 * asking the holder, loading the signing code and asking for the challenge overlap the
 * page's own downloads — and the page's reads wait for that session, so a page is read once,
 * as the member, instead of once without the session and again with it. The holder also keeps
 * the session the key signed in for: a tab opening within the visit takes both and reads at
 * once, with no challenge, no signing and no signing code first (on slow 3G those were two
 * round trips and 15 KB before the page's first read). A session the hub no longer knows is
 * dropped at the first read (SESSION_UNKNOWN), and identity.tsx signs in again.
 */
import type { KeyPair } from "../../../src/crypto/index.js";
import {
  api,
  holdReadsUntil,
  setSessionToken,
  whenReadsQuiet,
} from "../api/client.js";
import type { Challenge, Session } from "../api/types.js";
import { keyHolder } from "./key-holder.js";
import { loadStoredKey } from "./key-store.js";

type LoginOps = typeof import("./login-ops.js");
let loginOpsPromise: Promise<LoginOps> | null = null;
/** The signing-in chunk, loaded once on first use. */
export function loginOps(): Promise<LoginOps> {
  loginOpsPromise ??= import("./login-ops.js");
  return loginOpsPromise;
}

function askChallenge(): Promise<Challenge> {
  return api<Challenge>("/api/auth/challenge");
}

/**
 * Signs in with `key` (the challenge asked for already, or now): the hub's session is
 * installed for every request (client.ts).
 */
export async function signIn(
  key: KeyPair,
  asked: Promise<Challenge> = askChallenge(),
): Promise<void> {
  const [ops, c] = await Promise.all([loginOps(), asked]);
  const signature = ops.signLogin(key, {
    federation: c.federation,
    hub: c.hub,
    origin: location.origin,
    challenge: c.challenge,
  });
  const s = await api<Session>("/api/auth/session", {
    method: "POST",
    body: {
      key: ops.publicKeyOf(key),
      challenge: c.challenge,
      origin: location.origin,
      signature,
    },
  });
  setSessionToken(s.token);
  keyHolder().keepSession(ops.publicKeyOf(key), s.token);
}

/** Bytes of a public key the browser keeps as hex (checked: 64 hex digits). */
function publicKeyBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++)
    out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The key the holder kept, and why signing in with it failed (null: signed in). */
export interface Resumed {
  readonly key: KeyPair;
  readonly error: unknown;
}

let resumed: Promise<Resumed | null> | null = null;

/**
 * Takes the key the holder kept for this visit and signs in with it, once per page; reads
 * wait meanwhile. Resolves to null when no key is kept here or the holder has none.
 */
export function resumeAtStart(): Promise<Resumed | null> {
  if (resumed !== null) return resumed;
  const stored = loadStoredKey();
  if (stored === null) {
    resumed = Promise.resolve(null);
    return resumed;
  }
  resumed = (async (): Promise<Resumed | null> => {
    const held = await keyHolder().take(stored.publicKey);
    if (held === null) return null;
    const { secret, session } = held;
    if (session !== null && secret.length === 32) {
      // Read at once with the session of this visit. The holder keys what it holds by the
      // public key; the pair is still checked once the signing code is here, and a mismatch
      // (nothing here should make one) locks.
      setSessionToken(session);
      const key = {
        publicKey: publicKeyBytes(stored.publicKey),
        secretKey: secret,
      };
      // After the page's own reads: on a slow link they come first.
      void whenReadsQuiet()
        .then(() =>
          loginOps().then((ops) => {
            const derived = ops.keyFromSecret(secret);
            if (
              derived === null ||
              ops.publicKeyOf(derived) !== stored.publicKey
            ) {
              setSessionToken(null);
              keyHolder().lock();
            }
          }),
        )
        .catch(() => {});
      return { key, error: null };
    }
    void loginOps().catch(() => {});
    // The challenge while the signing code still downloads: one round trip fewer.
    const asked = askChallenge();
    asked.catch(() => {});
    const ops = await loginOps();
    const key = ops.keyFromSecret(secret);
    if (key === null || ops.publicKeyOf(key) !== stored.publicKey) return null;
    return signIn(key, asked).then(
      () => ({ key, error: null }),
      (error: unknown) => ({ key, error }),
    );
  })().catch(() => null);
  holdReadsUntil(resumed);
  return resumed;
}
