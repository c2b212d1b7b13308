/**
 * @module Removing words that expose someone — the name in a join request, the title and text
 * of a motion — by a chair (where the body's rules let chairs redact) or by whoever wrote them:
 * a confirm step says what goes, from where, what stays, and what no software can call back.
 * A motion's redaction carries what the motion keeps (its method, options, subject…), read
 * from this phone's own copy, so its ballots and result stand on every replica.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CanonicalValue } from "../../../src/crypto/index.js";
import { SaidError } from "../i18n/describe-problem.js";
import { useIdentity } from "../identity/identity.js";
import { useLocalChecks } from "../offline/local-fold.js";
import { usePendingActions } from "../offline/status.js";
import { ActionStatus, NeedsKey, useAction } from "./action.js";
import { ConfirmStep } from "./confirm-step.js";

export function RedactWords({
  body,
  event,
  what,
}: {
  body: string;
  /** The join request or the motion whose words go. */
  event: string;
  what: "name" | "words";
}) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const local = useLocalChecks();
  const [asking, setAsking] = useState(false);
  const waiting = usePendingActions("event.redacted", (p) => p.event === event);
  if (waiting.length > 0)
    return <p className="waiting">{t("redact.waiting")}</p>;
  const remove = () =>
    void action
      .run(async () => {
        const held = local?.redaction(event) ?? null;
        // A motion's redaction must say what the motion keeps; a join request's keeps nothing.
        if (what === "words" && held === null)
          throw new SaidError(t("redact.notLoaded"));
        await identity.act(body, "event.redacted", {
          event,
          ...(held?.keep === undefined
            ? {}
            : { keep: held.keep as CanonicalValue }),
        });
      }, t("redact.done"))
      .then((ok) => {
        if (ok) setAsking(false);
      });
  return (
    <NeedsKey>
      {asking ? (
        <ConfirmStep
          heading={t(
            what === "name" ? "redact.nameHeading" : "redact.wordsHeading",
          )}
          confirmLabel={t(
            what === "name" ? "redact.nameConfirm" : "redact.wordsConfirm",
          )}
          busy={action.busy}
          onConfirm={remove}
          onCancel={() => setAsking(false)}
        >
          <p>
            {t(
              what === "name"
                ? "redact.nameConsequence"
                : "redact.wordsConsequence",
            )}
          </p>
        </ConfirmStep>
      ) : (
        <button
          type="button"
          className="secondary small"
          onClick={() => setAsking(true)}
        >
          {t(what === "name" ? "redact.removeName" : "redact.removeWords")}
        </button>
      )}
      <ActionStatus error={action.error} done={action.done} />
    </NeedsKey>
  );
}
