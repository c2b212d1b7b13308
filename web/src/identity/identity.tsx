/**
 * @module Who is using the app: the key kept (sealed) in this browser, whether it is
 * unlocked, the hub session it proved, and what the hub knows of its member. Signing an
 * action happens here: heads from the hub, the event signed in the browser, posted, and the
 * hub's verdict returned.
 */

import i18next from "i18next";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { CanonicalValue, KeyPair } from "../../../src/crypto/index.js";
import {
  ApiError,
  api,
  onSessionChange,
  sessionToken,
  setSessionToken,
} from "../api/client.js";
import { useLiveChanges } from "../api/live.js";
import type { HubInfo, MeView } from "../api/types.js";
import { errorMessage } from "../i18n/i18n.js";
import {
  forgetStoredKey,
  loadStoredKey,
  type StoredKey,
  saveStoredKey,
} from "./key-store.js";

type Ops = typeof import("./crypto-ops.js");
let opsPromise: Promise<Ops> | null = null;
/** The crypto chunk, loaded once on first use. */
export function cryptoOps(): Promise<Ops> {
  opsPromise ??= import("./crypto-ops.js");
  return opsPromise;
}

export interface PostOutcome {
  readonly id: string;
  readonly outcome: string;
}

export interface Identity {
  readonly hub: HubInfo | null;
  readonly stored: StoredKey | null;
  readonly unlocked: boolean;
  readonly signedIn: boolean;
  readonly me: MeView | null;
  create(name: string, passphrase: string): Promise<void>;
  unlock(passphrase: string): Promise<void>;
  lock(): void;
  forget(): void;
  importBackup(sealed: Uint8Array, passphrase: string): Promise<void>;
  exportBackup(passphrase: string): Promise<Uint8Array>;
  /** Signs and posts an event; resolves once the hub committed it, throws ApiError otherwise. */
  act(
    type: string,
    payload: CanonicalValue,
    options?: { anchor?: string },
  ): Promise<PostOutcome>;
  refreshMe(): void;
}

const IdentityContext = createContext<Identity | null>(null);

/** The identity of the page. */
export function useIdentity(): Identity {
  const v = useContext(IdentityContext);
  if (v === null) throw new Error("useIdentity outside IdentityProvider");
  return v;
}

function failure(code: string): ApiError {
  return new ApiError(
    code,
    code === "KEY_LOCKED"
      ? i18next.t("identity.lockedError")
      : errorMessage(code),
    0,
  );
}

export function IdentityProvider({ children }: { children: ReactNode }) {
  const [hub, setHub] = useState<HubInfo | null>(null);
  const [stored, setStored] = useState<StoredKey | null>(() => loadStoredKey());
  const [key, setKey] = useState<KeyPair | null>(null);
  const [signedIn, setSignedIn] = useState(() => sessionToken() !== null);
  const [me, setMe] = useState<MeView | null>(null);
  const [meTick, setMeTick] = useState(0);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    api<HubInfo>("/api/hub").then(setHub, () => {});
  }, []);
  useEffect(
    () => onSessionChange(() => setSignedIn(sessionToken() !== null)),
    [],
  );
  // Admission progress and new seats arrive through the live feed.
  useLiveChanges({ me: signedIn }, () => setMeTick((n) => n + 1));
  // biome-ignore lint/correctness/useExhaustiveDependencies: `meTick` re-reads the member's page on purpose.
  useEffect(() => {
    if (!signedIn) {
      setMe(null);
      return;
    }
    api<MeView>("/api/me").then(
      (m) => {
        // A session of another key (kept from before a key change) is dropped.
        if (stored && m.key !== stored.publicKey) setSessionToken(null);
        else setMe(m);
      },
      () => setMe(null),
    );
  }, [signedIn, meTick, stored]);

  const login = useCallback(async (k: KeyPair) => {
    const ops = await cryptoOps();
    const c = await api<{ challenge: string; federation: string; hub: string }>(
      "/api/auth/challenge",
    );
    const signature = ops.signLogin(k, {
      federation: c.federation,
      hub: c.hub,
      origin: location.origin,
      challenge: c.challenge,
    });
    const s = await api<{ token: string }>("/api/auth/session", {
      method: "POST",
      body: {
        key: ops.publicKeyOf(k),
        challenge: c.challenge,
        origin: location.origin,
        signature,
      },
    });
    setSessionToken(s.token);
    setMeTick((n) => n + 1);
  }, []);

  const value = useMemo<Identity>(
    () => ({
      hub,
      stored,
      unlocked: key !== null,
      signedIn,
      me,
      async create(name, passphrase) {
        const ops = await cryptoOps();
        const made = ops.createKey(name, passphrase);
        saveStoredKey(made.stored);
        setStored(made.stored);
        setKey(made.key);
        await login(made.key);
      },
      async unlock(passphrase) {
        if (stored === null) throw failure("KEY_LOCKED");
        const ops = await cryptoOps();
        const sealed = ops.fromBase64Url(stored.sealed);
        if (sealed === null) throw failure("SEALED_BOX_MALFORMED");
        const opened = ops.openKey(sealed, passphrase);
        if (!opened.ok) throw failure(opened.code);
        setKey(opened.key);
        await login(opened.key);
      },
      lock() {
        setKey(null);
        if (sessionToken())
          api("/api/auth/session", { method: "DELETE" }).catch(() => {});
        setSessionToken(null);
      },
      forget() {
        forgetStoredKey();
        setStored(null);
        setKey(null);
        setSessionToken(null);
      },
      async importBackup(sealed, passphrase) {
        const ops = await cryptoOps();
        const opened = ops.openKey(sealed, passphrase);
        if (!opened.ok) throw failure(opened.code);
        const record = ops.storedOf(opened.key, opened.label, passphrase);
        saveStoredKey(record);
        setStored(record);
        setKey(opened.key);
        setSessionToken(null);
        await login(opened.key);
      },
      async exportBackup(passphrase) {
        if (key === null) throw failure("KEY_LOCKED");
        const ops = await cryptoOps();
        return ops.exportKey(key, stored?.label ?? "", passphrase);
      },
      act(type, payload, options = {}) {
        // One action at a time: each follows the previous one on this key's chain.
        const run = async (): Promise<PostOutcome> => {
          if (key === null) throw failure("KEY_LOCKED");
          const ops = await cryptoOps();
          if (sessionToken() === null) await login(key);
          const heads = await api<{
            federation: string;
            heads: string[];
            chain: { seq: number; id: string } | null;
          }>("/api/heads");
          const isMember =
            (me?.bodies.length ?? 0) > 0 ||
            (me?.seats.length ?? 0) > 0 ||
            me?.coordinator === true;
          const signed = ops.signOnHeads(
            key,
            heads,
            type,
            payload,
            Date.now(),
            {
              member: isMember,
              ...(options.anchor ? { anchor: options.anchor } : {}),
            },
          );
          const posted = await api<{
            results: {
              id: string;
              outcome: string;
              invalid: {
                code: string;
                message: string;
                details: Record<string, unknown>;
              } | null;
            }[];
          }>("/api/events", {
            method: "POST",
            body: { events: signed.events },
          });
          const main = posted.results.find((r) => r.id === signed.id);
          if (main?.invalid)
            throw new ApiError(
              main.invalid.code,
              main.invalid.message,
              422,
              main.invalid.details,
            );
          setMeTick((n) => n + 1);
          return { id: signed.id, outcome: main?.outcome ?? "added" };
        };
        const next = queue.current.then(run, run);
        queue.current = next.catch(() => {});
        return next;
      },
      refreshMe() {
        setMeTick((n) => n + 1);
      },
    }),
    [hub, stored, key, signedIn, me, login],
  );
  return (
    <IdentityContext.Provider value={value}>
      {children}
    </IdentityContext.Provider>
  );
}
