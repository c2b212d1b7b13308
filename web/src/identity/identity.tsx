/**
 * @module Who is using the app: the key kept (sealed) in this browser, whether it is
 * unlocked, the hub session it proved, and what the hub knows of its member. Signing an
 * action goes through the offline machinery (offline/engine.ts, loaded on unlock): the
 * event is signed in the browser into the sealed outbox and sent; when the hub cannot be
 * reached, votes, comments, endorsements and call answers wait there and go when it can.
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
import { noteWaiting, setOfflineStatus } from "../offline/status.js";
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

type Offline = typeof import("../offline/engine.js");
let offlinePromise: Promise<Offline> | null = null;
/** The offline machinery's chunk, loaded once a key is unlocked. */
export function offlineMachinery(): Promise<Offline> {
  offlinePromise ??= import("../offline/engine.js");
  return offlinePromise;
}

export interface PostOutcome {
  readonly id: string;
  /** The hub's outcome; "waiting" while the action waits in the outbox for the hub. */
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
  /**
   * Signs an event and sends it; resolves once the hub committed it — or, for the actions a
   * member may take offline, with outcome "waiting" when the hub cannot be reached (it is
   * sent later) — and throws ApiError otherwise.
   */
  act(
    type: string,
    payload: CanonicalValue,
    options?: { anchor?: string },
  ): Promise<PostOutcome>;
  refreshMe(): void;
  /** Sends what waits in the outbox now (the member asked). */
  sendNow(): void;
  /** Forgets a notice about a sent action. */
  dismissNotice(id: string): void;
}

const IdentityContext = createContext<Identity | null>(null);

/** The identity of the page. */
export function useIdentity(): Identity {
  const v = useContext(IdentityContext);
  if (v === null) throw new Error("useIdentity outside IdentityProvider");
  return v;
}

/** Sign-in failing because the hub cannot be reached is not a failure of unlocking. */
function offlineIsFine(e: unknown): void {
  if (!(e instanceof ApiError && e.code === "NETWORK")) throw e;
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
    () =>
      onSessionChange(() => {
        setSignedIn(sessionToken() !== null);
        // Also when reads are refreshed (a send went through, the sealed copy opened).
        setMeTick((n) => n + 1);
      }),
    [],
  );
  // Admission progress and new seats arrive through the live feed.
  useLiveChanges({ me: signedIn }, () => setMeTick((n) => n + 1));
  // Offline, an unlocked key reads its page from the sealed copy kept in this browser.
  const reading = signedIn || key !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `meTick` re-reads the member's page on purpose.
  useEffect(() => {
    if (!reading) {
      setMe(null);
      return;
    }
    api<MeView>("/api/me").then(
      (m) => {
        // A session of another key (kept from before a key change) is dropped.
        if (stored && m.key !== stored.publicKey) setSessionToken(null);
        else setMe(m);
      },
      (e: unknown) => {
        // Unreachable with nothing kept: keep showing what we had.
        if (!(e instanceof ApiError && e.code === "NETWORK")) setMe(null);
      },
    );
  }, [reading, meTick, stored]);

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

  /** The offline machinery of an unlocked key (started once per key). */
  const machinery = useCallback(
    async (k: KeyPair) =>
      (await offlineMachinery()).startOffline(k, {
        login: () => login(k),
        onDelivered: () => setMeTick((n) => n + 1),
      }),
    [login],
  );

  // The offline machinery runs while a key is unlocked; a locked key's outbox is only counted.
  useEffect(() => {
    if (key === null) {
      // Stop what runs (never load the machinery just for that: it is not on the first page).
      void offlinePromise?.then((m) => m.stopOffline());
      if (stored === null) return;
      let live = true;
      void import("../offline/db.js")
        .then((db) => db.countWaiting(stored.publicKey))
        .then(
          (n) => live && setOfflineStatus({ waiting: n }),
          () => {},
        );
      return () => {
        live = false;
      };
    }
    machinery(key).catch(() => {});
    return undefined;
  }, [key, stored, machinery]);

  // Back online with an unlocked key but no session (unlocked offline): sign in.
  useEffect(() => {
    if (key === null) return;
    const again = () => {
      if (sessionToken() === null) login(key).catch(() => {});
    };
    window.addEventListener("online", again);
    return () => window.removeEventListener("online", again);
  }, [key, login]);

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
        // Offline the key still unlocks (to read what was kept, to vote); sign-in follows later.
        await login(opened.key).catch(offlineIsFine);
      },
      lock() {
        setKey(null);
        if (sessionToken())
          api("/api/auth/session", { method: "DELETE" }).catch(() => {});
        setSessionToken(null);
      },
      forget() {
        const publicKey = stored?.publicKey;
        forgetStoredKey();
        setStored(null);
        setKey(null);
        setSessionToken(null);
        if (publicKey)
          void offlineMachinery().then((m) => m.forgetOffline(publicKey));
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
          const engine = await machinery(key);
          const isMember =
            (me?.bodies.length ?? 0) > 0 ||
            (me?.seats.length ?? 0) > 0 ||
            me?.coordinator === true;
          const done = await engine.act({
            type,
            payload,
            time: Date.now(),
            member: isMember,
            ...(options.anchor ? { anchor: options.anchor } : {}),
          });
          if (done.invalid)
            throw new ApiError(
              done.invalid.code,
              done.invalid.message,
              422,
              done.invalid.details,
            );
          if (done.outcome === "waiting") noteWaiting();
          else setMeTick((n) => n + 1);
          return { id: done.id, outcome: done.outcome };
        };
        const next = queue.current.then(run, run);
        queue.current = next.catch(() => {});
        return next;
      },
      refreshMe() {
        setMeTick((n) => n + 1);
      },
      sendNow() {
        if (key !== null)
          machinery(key).then(
            (e) => e.wake(),
            () => {},
          );
      },
      dismissNotice(id) {
        if (key !== null)
          machinery(key).then(
            (e) => e.dismiss(id),
            () => {},
          );
      },
    }),
    [hub, stored, key, signedIn, me, login, machinery],
  );
  return (
    <IdentityContext.Provider value={value}>
      {children}
    </IdentityContext.Provider>
  );
}
