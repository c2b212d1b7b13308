/**
 * @module Members asking to go on with a new key (`key.rotation-requested`: their device was
 * lost, or their key frozen by a fork), and the endorsement other members give with a tap.
 * Endorsing hands a member's vote to whoever holds the new key, so the page says plainly what
 * it does and whom to endorse, and asks once more before signing.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { BodyView } from "../api/types.js";
import { useIdentity } from "../identity/identity.js";
import { usePendingActions } from "../offline/status.js";
import { ActionStatus, NeedsKey, useAction } from "./action.js";
import { isolate } from "./claim-text.js";
import { ConfirmStep } from "./confirm-step.js";
import { Name, Num, NumOf } from "./text.js";

type RotationRequest = BodyView["rotationRequests"][number];

export function RotationRequests({ body }: { body: BodyView }) {
  const { t } = useTranslation();
  if (body.rotationRequests.length === 0) return null;
  return (
    <section className="card" data-testid="rotation-requests">
      <h2>{t("body.rotationTitle")}</h2>
      <p className="muted">{t("body.rotationText")}</p>
      <ul className="list">
        {body.rotationRequests.map((r) => (
          <RotationRequestItem key={r.request} body={body.id} request={r} />
        ))}
      </ul>
    </section>
  );
}

function RotationRequestItem({
  body,
  request: r,
}: {
  body: string;
  request: RotationRequest;
}) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const [asking, setAsking] = useState(false);
  const endorsing = usePendingActions(
    "key.rotation-endorsed",
    (p) => p.request === r.request,
  );
  const me = identity.me?.member;
  const mine = r.endorsedBy.some((e) => e.id === me);
  // The member cannot endorse their own new key; the fold would refuse it (ALREADY_ENDORSED).
  const theirs = r.id === me;
  const endorse = () =>
    void action.run(async () => {
      await identity.act(body, "key.rotation-endorsed", {
        request: r.request,
      });
      setAsking(false);
    }, t("body.rotationEndorsed"));
  return (
    <li data-testid="rotation-request" data-request={r.request}>
      <Name>{r.name}</Name>
      <p className="muted">
        {t("body.rotationFrom")} <Num value={r.lastValidSeq} />
        {t("common.separator")}
        {t("join.endorsements")}{" "}
        <NumOf value={r.endorsedBy.length} of={r.needed} />
      </p>
      {theirs ? null : (
        <NeedsKey>
          {mine ? (
            <p className="ok">{t("body.rotationEndorsed")}</p>
          ) : endorsing.length > 0 ? (
            <p className="waiting">{t("offline.endorsementWaiting")}</p>
          ) : asking ? (
            <ConfirmStep
              heading={t("body.rotationHeading", { name: isolate(r.name) })}
              confirmLabel={t("body.rotationConfirm")}
              busy={action.busy}
              onConfirm={endorse}
              onCancel={() => setAsking(false)}
            >
              <p>
                {t("body.rotationConsequence", {
                  name: isolate(r.name),
                  seq: r.lastValidSeq,
                })}
              </p>
            </ConfirmStep>
          ) : (
            <button
              type="button"
              disabled={action.busy}
              onClick={() => setAsking(true)}
            >
              {t("body.rotationEndorse", { name: isolate(r.name) })}
            </button>
          )}
        </NeedsKey>
      )}
      <ActionStatus error={action.error} done={action.done} />
    </li>
  );
}
