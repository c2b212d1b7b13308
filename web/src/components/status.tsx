/** @module Loading and failure, said the same way on every page. */
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/client.js";
import { problemWords } from "../i18n/describe-problem.js";
import { useIdentity } from "../identity/identity.js";
import { identityReturning, Link } from "../router.js";
import { NeedsKey } from "./action.js";

/** The way on from a page the locked key may not read: unlock right here, or bring a key. */
function UnlockHere({ text }: { text: string }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  if (identity.stored === null)
    return (
      <p>
        <Link to={identityReturning()}>{text}</Link>
      </p>
    );
  return <NeedsKey label={t("identity.unlockHere")}>{null}</NeedsKey>;
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status" aria-live="polite">
      {t("common.loading")}
    </p>
  );
}

/**
 * What the hub answers for a thing the viewer may not read — exactly what it answers for one
 * that does not exist (docs/api.md, "Unreadable is nonexistent").
 */
const NOT_FOUND = new Set([
  "BODY_NOT_FOUND",
  "MOTION_NOT_FOUND",
  "CALL_NOT_FOUND",
  "MEMBER_NOT_FOUND",
  "ID_NOT_FOUND",
]);

/** A failure from the hub, with a way forward when the key must sign in (or open what it kept). */
export function ErrorNote({ error }: { error: ApiError | Error | null }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  if (error === null) return null;
  const code = (error as ApiError).code;
  if (NOT_FOUND.has(code))
    return (
      <div className="error" role="alert" data-testid="not-found">
        <p>{t("common.notYours")}</p>
        {!identity.unlocked ? (
          <UnlockHere text={t("identity.signInToRead")} />
        ) : null}
      </div>
    );
  return (
    <div className="error" role="alert">
      <p>{problemWords(error)}</p>
      {code === "AUTH_REQUIRED" || code === "SESSION_UNKNOWN" ? (
        identity.unlocked ? (
          <p>
            <Link to="/identity">{t("identity.signInToRead")}</Link>
          </p>
        ) : (
          <UnlockHere text={t("identity.signInToRead")} />
        )
      ) : code === "NETWORK" && identity.stored && !identity.unlocked ? (
        <UnlockHere text={t("offline.unlockToRead")} />
      ) : null}
    </div>
  );
}
