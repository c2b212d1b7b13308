/**
 * @module Who is using the app: the key kept (sealed) in this browser, whether it is
 * unlocked, the hub session it proved, and what the hub knows of its member. Signing an
 * action goes through the offline machinery (offline/engine.ts, loaded on unlock): the
 * event is signed in the browser, in its scope, into the sealed outbox and sent; when the
 * hub cannot be reached, votes, comments, endorsements, call answers and attestations wait
 * there and go when it can.
 *
 * Unlocked once per visit: the unlocked key is handed to the key holder (key-holder.ts), in
 * memory, so a reload or a link opened in a new tab takes it from there instead of asking for
 * the passphrase; it goes when the member locks it in any tab, after the idle time without
 * use, or when every tab is closed.
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
  whenReadsQuiet,
} from "../api/client.js";
import { useLiveChanges } from "../api/live.js";
import type { HubInfo, MeView } from "../api/types.js";
import { errorMessage } from "../i18n/i18n.js";
import { noteWaiting, setOfflineStatus } from "../offline/status.js";
import { keyHolder, lockAfter } from "./key-holder.js";
import {
  forgetStoredKey,
  loadStoredKey,
  type StoredKey,
  saveStoredKey,
} from "./key-store.js";
import { resumeAtStart, signIn } from "./sign-in.js";

type Ops = typeof import("./crypto-ops.js");
let opsPromise: Promise<Ops> | null = null;
/** The crypto chunk, loaded once on first use. */
export function cryptoOps(): Promise<Ops> {
  opsPromise ??= import("./crypto-ops.js");
  return opsPromise;
}

type Offline = typeof import("../offline/engine.js");
type OfflineEngine = Awaited<ReturnType<Offline["startOffline"]>>;
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

/** What an attester's "attest" did: claims signed, and claims left for after other attesters. */
export interface AttestResult {
  readonly signed: number;
  readonly later: number;
}

export interface Identity {
  readonly hub: HubInfo | null;
  readonly stored: StoredKey | null;
  readonly unlocked: boolean;
  /** The tab is asking the key holder for the key unlocked earlier in this visit. */
  readonly resuming: boolean;
  readonly signedIn: boolean;
  readonly me: MeView | null;
  /** The hub refused this key because it signed two events with one number (a fork). */
  readonly frozen: boolean;
  create(name: string, passphrase: string): Promise<void>;
  /**
   * This key's signed consent to act for `member` (hex): what a device link carries so the
   * member's other device can add this key (docs/architecture.md, "Adding a device").
   */
  consentFor(member: string): Promise<string>;
  unlock(passphrase: string): Promise<void>;
  lock(): void;
  forget(): void;
  importBackup(sealed: Uint8Array, passphrase: string): Promise<void>;
  exportBackup(passphrase: string): Promise<Uint8Array>;
  /**
   * Signs an event in its scope (the body it acts in; a ballot, comment or close in the
   * motion's body; an answer in the answering body; an attestation in the council) and
   * sends it; resolves once the hub committed it — or, for the actions a member may take
   * offline, with outcome "waiting" when the hub cannot be reached (it is sent later) — and
   * throws ApiError otherwise. `join`: a join request into a body the key does not read.
   */
  act(
    scope: string,
    type: string,
    payload: CanonicalValue,
    options?: { join?: boolean },
  ): Promise<PostOutcome>;
  /** Closes a motion's vote, stating the result counted in this browser (or the hub's, checked). */
  close(motion: string): Promise<PostOutcome>;
  /**
   * The member's vote on a secret motion (offline/secret-ballots.ts): asks the registrars
   * for tokens the first time, keeps the choice sealed, and casts the ballot — signed by a
   * one-time key, sent without the session — once every token is there. `choice` null only
   * asks for the tokens.
   */
  secretVote(motion: string, choice: CanonicalValue | null): Promise<void>;
  /** Offers to be a registrar of a secret vote in `body` (a key kept sealed here); the offer's id. */
  offerRegistrar(body: string): Promise<string>;
  /** Signs, as an attester of the body, every claim its log implies that the councils lack. */
  attest(body: string): Promise<AttestResult>;
  /** Carries a demand up to a council, as an attester of the body. */
  carryDemand(
    body: string,
    demand: string,
    council: string,
    into?: string,
  ): Promise<PostOutcome>;
  /** Signs again, in the new format, the actions signed in format 1 that were never sent. */
  resignLegacy(): Promise<{ signed: number; left: number }>;
  /** Forgets them. */
  discardLegacy(): Promise<void>;
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

/** What a page learns of an action: the hub's outcome, or its refusal as an error. */
function outcomeOf(done: {
  readonly id: string;
  readonly outcome: string;
  readonly invalid: {
    readonly code: string;
    readonly message: string;
    readonly details: Record<string, unknown>;
  } | null;
}): PostOutcome {
  if (done.invalid)
    throw new ApiError(
      done.invalid.code,
      done.invalid.message,
      422,
      done.invalid.details,
    );
  if (done.outcome === "waiting") noteWaiting();
  return { id: done.id, outcome: done.outcome };
}

/** A public key as hex (the crypto chunk is not loaded for this). */
function toHexOf(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
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
  const [resuming, setResuming] = useState(() => stored !== null);
  const [signedIn, setSignedIn] = useState(() => sessionToken() !== null);
  /** The unlocked key, for listeners registered once (the session lost, the link back). */
  const unlockedKey = useRef<KeyPair | null>(null);
  /** The key a tab opening took from the key holder (not one unlocked here by passphrase). */
  const resumedKey = useRef<KeyPair | null>(null);
  const [me, setMe] = useState<MeView | null>(null);
  const [frozen, setFrozen] = useState(false);
  const [meTick, setMeTick] = useState(0);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    api<HubInfo>("/api/hub").then(setHub, () => {});
  }, []);
  const loginRef = useRef<((k: KeyPair) => Promise<void>) | null>(null);
  useEffect(() => {
    let had = sessionToken() !== null;
    return onSessionChange(() => {
      const has = sessionToken() !== null;
      setSignedIn(has);
      // The hub ended the session (it expired, or the hub restarted): the token is kept in
      // page memory only, so an unlocked key signs in again; a locked key stays signed out.
      const k = unlockedKey.current;
      if (had && !has && k !== null) loginRef.current?.(k).catch(() => {});
      had = has;
      // Also when reads are refreshed (a send went through, the sealed copy opened).
      setMeTick((n) => n + 1);
    });
  }, []);
  // Admission, new seats and changes in the member's bodies arrive through the live feed.
  useLiveChanges(
    { access: signedIn, scopes: me?.bodies.map((b) => b.id) ?? [] },
    () => setMeTick((n) => n + 1),
  );
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
    await signIn(k).catch((e: unknown) => {
      if (e instanceof ApiError && e.code === "AUTH_KEY_FROZEN")
        setFrozen(true);
      throw e;
    });
    setFrozen(false);
    setMeTick((n) => n + 1);
  }, []);
  loginRef.current = login;
  unlockedKey.current = key;

  /** Locks this tab: the key leaves its memory, its session ends at the hub. */
  const lockHere = useCallback(() => {
    // Locked: the ended session must not sign in again.
    unlockedKey.current = null;
    setKey(null);
    if (sessionToken())
      api("/api/auth/session", { method: "DELETE" }).catch(() => {});
    setSessionToken(null);
  }, []);

  /** Hands a key just unlocked to the key holder, for the rest of the visit. */
  const hold = useCallback((k: KeyPair) => {
    keyHolder().put(toHexOf(k.publicKey), k.secretKey, lockAfter());
  }, []);

  // A tab opening (a reload, a deep link in a new tab): the key unlocked earlier in this
  // visit, if the key holder still has it — asked for, and signed in with, as the page
  // started (main.tsx; sign-in.ts).
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for the key kept when the tab opened.
  useEffect(() => {
    if (stored === null) {
      setResuming(false);
      return;
    }
    let live = true;
    void resumeAtStart()
      .then((r) => {
        if (
          !live ||
          r === null ||
          toHexOf(r.key.publicKey) !== stored.publicKey
        )
          return;
        // A tab opening: the page's own reads come first (whenReadsQuiet, below).
        if (unlockedKey.current === null) resumedKey.current = r.key;
        setKey((had) => had ?? r.key);
        if (r.error === null) {
          setFrozen(false);
          setMeTick((n) => n + 1);
          return;
        }
        if (r.error instanceof ApiError && r.error.code === "AUTH_KEY_FROZEN")
          setFrozen(true);
        offlineIsFine(r.error);
      })
      .catch(() => {})
      .finally(() => live && setResuming(false));
    return () => {
      live = false;
    };
  }, []);

  // Locked in another tab, idle too long, the visit over: this tab locks too.
  useEffect(
    () =>
      keyHolder().onLocked(() => {
        if (unlockedKey.current !== null) lockHere();
      }),
    [lockHere],
  );

  // While unlocked: what the member does is use (the idle time starts again, in every tab);
  // after the idle time without use here, the tab locks unless the holder still has the key
  // (used in another tab). With no holder, that is this tab's own idle time.
  useEffect(() => {
    if (key === null) return;
    const holder = keyHolder();
    const publicKey = toHexOf(key.publicKey);
    const idle = lockAfter();
    let lastUse = Date.now();
    let told = 0;
    const used = () => {
      lastUse = Date.now();
      if (lastUse - told > Math.min(10_000, idle / 4)) {
        told = lastUse;
        holder.use();
      }
    };
    const events = ["pointerdown", "keydown", "touchstart"] as const;
    for (const e of events) window.addEventListener(e, used, { passive: true });
    let timer: ReturnType<typeof setTimeout>;
    const check = () => {
      const wait = lastUse + idle - Date.now();
      if (wait > 0) {
        timer = setTimeout(check, wait + 100);
        return;
      }
      void holder.holds(publicKey).then((held) => {
        if (!held) {
          if (unlockedKey.current !== null) lockHere();
        } else timer = setTimeout(check, Math.min(idle, 30_000));
      });
    };
    timer = setTimeout(check, idle + 100);
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, used);
    };
  }, [key, lockHere]);

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
    if (key !== resumedKey.current) {
      machinery(key).catch(() => {});
      return undefined;
    }
    // A tab opening with the key of this visit: the offline copy's sync waits until the page
    // has read what it shows (on slow 3G its chunks and the sync took the link from the page's
    // first read). An action before then starts the machinery itself.
    let live = true;
    void whenReadsQuiet().then(() => {
      if (live) machinery(key).catch(() => {});
    });
    return () => {
      live = false;
    };
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

  /** Runs one signing at a time: each follows the previous one on this key's chains. */
  const serial = useCallback(
    <T,>(run: (engine: OfflineEngine) => Promise<T>): Promise<T> => {
      const go = async () => {
        if (key === null) throw failure("KEY_LOCKED");
        return run(await machinery(key));
      };
      const next = queue.current.then(go, go);
      queue.current = next.catch(() => {});
      return next;
    },
    [key, machinery],
  );

  const value = useMemo<Identity>(
    () => ({
      hub,
      stored,
      unlocked: key !== null,
      resuming: resuming && key === null,
      signedIn,
      me,
      frozen,
      async create(name, passphrase) {
        const ops = await cryptoOps();
        const made = ops.createKey(name, passphrase);
        saveStoredKey(made.stored);
        setStored(made.stored);
        setKey(made.key);
        hold(made.key);
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
        hold(opened.key);
        // Offline the key still unlocks (to read what was kept, to vote); sign-in follows later.
        await login(opened.key).catch(offlineIsFine);
      },
      lock() {
        // Every tab locks: the holder drops the key and tells them.
        keyHolder().lock();
        lockHere();
      },
      forget() {
        const publicKey = stored?.publicKey;
        forgetStoredKey();
        keyHolder().lock();
        unlockedKey.current = null;
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
        // Restoring a lost device: before the key can sign here, its kseq moves past
        // anything the lost device may have signed (the key is not usable until this is kept).
        const federation: string | null =
          hub?.federation ??
          (await api<HubInfo>("/api/hub").then(
            (h) => h.federation,
            () => null,
          ));
        await (await machinery(opened.key)).reserveAfterRestore(federation);
        const record = ops.storedOf(opened.key, opened.label, passphrase);
        saveStoredKey(record);
        setStored(record);
        unlockedKey.current = null;
        setKey(opened.key);
        hold(opened.key);
        setSessionToken(null);
        await login(opened.key);
      },
      async exportBackup(passphrase) {
        if (key === null) throw failure("KEY_LOCKED");
        const ops = await cryptoOps();
        return ops.exportKey(key, stored?.label ?? "", passphrase);
      },
      act(scope, type, payload, options = {}) {
        return serial(async (engine) => {
          const done = await engine.act({
            scope,
            type,
            payload,
            ...(options.join ? { join: true } : {}),
          });
          if (done.invalid?.code === "KEY_FROZEN") setFrozen(true);
          return outcomeOf(done);
        });
      },
      async consentFor(member) {
        if (key === null) throw failure("KEY_LOCKED");
        const ops = await cryptoOps();
        const federation =
          hub?.federation ?? (await api<HubInfo>("/api/hub")).federation;
        return ops.signDeviceConsent(key, federation, member);
      },
      close(motion) {
        return serial(async (engine) => outcomeOf(await engine.close(motion)));
      },
      secretVote(motion, choice) {
        return serial(async (engine) => {
          try {
            await engine.secretVote(motion, choice);
          } catch (e) {
            // The machinery's refusals carry a code; the words come from the catalogue here.
            if (e instanceof ApiError && e.message === "")
              throw new ApiError(
                e.code,
                errorMessage(e.code, e.details),
                e.status,
                e.details,
              );
            throw e;
          }
        });
      },
      offerRegistrar(body) {
        return serial((engine) => engine.offerRegistrar(body));
      },
      attest(body) {
        return serial(async (engine) => {
          const done = await engine.attest(body);
          const signed = done.filter((d) => d.event !== null);
          if (signed.some((d) => d.outcome === "waiting")) noteWaiting();
          else setMeTick((n) => n + 1);
          return {
            signed: signed.length,
            later: done.length - signed.length,
          };
        });
      },
      carryDemand(body, demand, council, into) {
        return serial(async (engine) =>
          outcomeOf(await engine.carryDemand(body, demand, council, into)),
        );
      },
      resignLegacy() {
        return serial((engine) => engine.resignLegacy());
      },
      discardLegacy() {
        return serial((engine) => engine.discardLegacy());
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
    [
      hub,
      stored,
      key,
      resuming,
      signedIn,
      me,
      frozen,
      login,
      machinery,
      serial,
      lockHere,
      hold,
    ],
  );
  return (
    <IdentityContext.Provider value={value}>
      {children}
    </IdentityContext.Provider>
  );
}
