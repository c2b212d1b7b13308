/**
 * @module Buttons and forms that sign something: busy while the hub commits, the hub's
 * answer (or its error) announced to screen readers, and the passphrase asked for first
 * when the key is locked.
 */
import { type FormEvent, type ReactNode, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { problemWords } from "../i18n/describe-problem.js";
import { useIdentity } from "../identity/identity.js";
import { actionsWaited } from "../offline/status.js";
import { identityReturning, Link } from "../router.js";

/** Runs an async action, showing busy and failure — or, when it went to wait for the hub, that it waits. */
export function useAction(): {
  busy: boolean;
  error: string | null;
  done: string | null;
  run(action: () => Promise<unknown>, doneText?: string): Promise<boolean>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // Kept as a flag, not words: the line follows a language switch while the action waits.
  const [waiting, setWaiting] = useState(false);
  const { t } = useTranslation();
  return {
    busy,
    error,
    done: waiting ? t("offline.waitingToSend") : done,
    async run(action, doneText) {
      setBusy(true);
      setError(null);
      setDone(null);
      setWaiting(false);
      const waited = actionsWaited();
      try {
        await action();
        if (actionsWaited() !== waited) setWaiting(true);
        else setDone(doneText ?? null);
        return true;
      } catch (e) {
        setError(problemWords(e));
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}

/**
 * {@link useAction} with its answer as a catalogue key, said in the language shown now: a
 * member who switches language after acting (a hall where people share a phone) reads it in
 * the new one.
 */
export function useSaidAction(): {
  busy: boolean;
  error: string | null;
  done: string | null;
  run(action: () => Promise<unknown>, doneKey?: string): Promise<boolean>;
} {
  const { t } = useTranslation();
  const inner = useAction();
  const [said, setSaid] = useState<string | null>(null);
  return {
    busy: inner.busy,
    error: inner.error,
    done: inner.done ?? (said === null ? null : t(said)),
    async run(action, doneKey) {
      setSaid(null);
      const ok = await inner.run(action);
      if (ok && doneKey !== undefined) setSaid(doneKey);
      return ok;
    },
  };
}

/** The result line under an action. */
export function ActionStatus({
  error,
  done,
}: {
  error: string | null;
  done: string | null;
}) {
  return (
    <div aria-live="polite">
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {done ? (
        <p className="ok" data-testid="action-done">
          {done}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Asks for the passphrase when the key is locked, right where it is needed (the page stays,
 * and reads again once unlocked); shows its children once unlocked.
 */
export function NeedsKey({
  children,
  label,
}: {
  children: ReactNode;
  /** What the passphrase field says (default: "Your passphrase, to unlock your key"). */
  label?: string;
}) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const [passphrase, setPassphrase] = useState("");
  const action = useAction();
  const id = useId();
  if (identity.unlocked) return <>{children}</>;
  if (identity.resuming)
    return (
      <p className="muted" role="status" aria-live="polite">
        {t("identity.resuming")}
      </p>
    );
  if (identity.stored === null)
    return (
      <p className="note">
        <Link to={identityReturning()}>{t("identity.needKey")}</Link>
      </p>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(() => identity.unlock(passphrase));
  };
  return (
    <form className="unlock" onSubmit={submit} data-testid="unlock-form">
      <label htmlFor={id}>{label ?? t("identity.unlockToAct")}</label>
      <div className="row">
        <input
          id={id}
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          required
        />
        <button type="submit" disabled={action.busy}>
          {action.busy ? t("common.working") : t("identity.unlock")}
        </button>
      </div>
      <ActionStatus error={action.error} done={null} />
    </form>
  );
}
