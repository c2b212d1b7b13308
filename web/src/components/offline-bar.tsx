/**
 * @module The line under the navigation that says the hub cannot be reached (pages show
 * what this device kept), how many actions wait to be sent, what the hub said about actions
 * sent from the outbox that it refused or that the rules did not accept — and actions an
 * older version of the app signed in event format 1 and never sent, offered for signing again.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { problemWords } from "../i18n/describe-problem.js";
import { problemWordsFor, type Translate } from "../i18n/problem-words.js";
import { useIdentity } from "../identity/identity.js";
import { type OutboxNotice, useOfflineStatus } from "../offline/status.js";
import { identityReturning, Link } from "../router.js";

/** What an action is, in a word, for the outbox's lines. */
export function actionKind(
  type: string,
): "ballot" | "comment" | "endorsement" | "answer" | "other" {
  switch (type) {
    case "ballot.cast":
      return "ballot";
    case "comment.posted":
      return "comment";
    case "member.admission-endorsed":
      return "endorsement";
    case "action.answered":
      return "answer";
    default:
      return "other";
  }
}

function Notice({ notice }: { notice: OutboxNotice }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  return (
    <li>
      <strong>{t(`offline.what.${actionKind(notice.type)}`)}</strong>{" "}
      {notice.kind === "invalid"
        ? t("offline.noticeInvalid")
        : t("offline.noticeRefused")}{" "}
      {problemWordsFor(t as Translate, notice.code)}{" "}
      {identity.unlocked ? (
        <button
          type="button"
          className="secondary small"
          onClick={() => identity.dismissNotice(notice.id)}
        >
          {t("offline.dismiss")}
        </button>
      ) : null}
    </li>
  );
}

/** Format-1 actions that never reached the hub: sign them again, or discard them. */
function Legacy({ n }: { n: number }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const run = (fn: () => Promise<string>) => {
    setBusy(true);
    fn().then(
      (words) => {
        setSaid(words);
        setBusy(false);
      },
      (e: unknown) => {
        setSaid(problemWords(e));
        setBusy(false);
      },
    );
  };
  return (
    <div className="legacy" data-testid="outbox-legacy">
      <p>{t("offline.legacy", { n, count: n })}</p>
      {identity.unlocked ? (
        <p className="row">
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={() =>
              run(async () => {
                const r = await identity.resignLegacy();
                return r.left === 0
                  ? t("offline.legacySigned", { n: r.signed })
                  : t("offline.legacyLeft", { n: r.signed, left: r.left });
              })
            }
          >
            {t("offline.legacySign")}
          </button>
          <button
            type="button"
            className="secondary small"
            disabled={busy}
            onClick={() =>
              run(async () => {
                await identity.discardLegacy();
                return t("offline.legacyDiscarded");
              })
            }
          >
            {t("offline.legacyDiscard")}
          </button>
        </p>
      ) : (
        <Link to={identityReturning()}>{t("offline.unlockToSend")}</Link>
      )}
      {said ? <p data-testid="legacy-said">{said}</p> : null}
    </div>
  );
}

export function OfflineBar() {
  const { t } = useTranslation();
  const identity = useIdentity();
  const status = useOfflineStatus();
  const show =
    !status.reachable ||
    status.waiting > 0 ||
    status.legacy > 0 ||
    status.notices.length > 0;
  return (
    <div className="offline-bar-slot" role="status" aria-live="polite">
      {show ? (
        <div className="offline-bar" data-testid="offline-bar">
          {!status.reachable ? (
            <p data-testid="offline-note">{t("offline.unreachable")}</p>
          ) : null}
          {status.waiting > 0 ? (
            <p className="row" data-testid="outbox-waiting">
              <span>
                {status.sending
                  ? t("offline.sending")
                  : t("offline.waiting", { n: status.waiting })}
              </span>
              {identity.unlocked ? (
                status.reachable && !status.sending ? (
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() => identity.sendNow()}
                  >
                    {t("offline.sendNow")}
                  </button>
                ) : null
              ) : (
                <Link to={identityReturning()}>
                  {t("offline.unlockToSend")}
                </Link>
              )}
            </p>
          ) : null}
          {status.legacy > 0 ? <Legacy n={status.legacy} /> : null}
          {status.notices.length > 0 ? (
            <ul className="notices" data-testid="outbox-notices">
              {status.notices.map((n) => (
                <Notice key={n.id} notice={n} />
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
