/**
 * @module The meeting elects its own chair (an election motion of the meeting, as
 * `kenges meeting elect-chair` opens): a member present, or a chair, chooses candidates among
 * those present and how the one seat is counted (plurality unless another method is chosen),
 * and, after a step that says what the election decides, opens it. Those present at the
 * opening vote on the motion's page, with the ballot of the method (a ranking for the ranked
 * ones); the one elected chairs this meeting only.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type ElectionMethodName,
  electionMethodsFor,
} from "../../../src/core/index.js";
import type { MeetingView } from "../api/types.js";
import { useIdentity } from "../identity/identity.js";
import { ActionStatus, NeedsKey, useSaidAction } from "./action.js";
import { ConfirmStep } from "./confirm-step.js";
import { openInMeeting } from "./meeting-motion.js";
import { MethodSelect } from "./method-select.js";
import { Name, textFor } from "./text.js";

export function MeetingChairElection({ m }: { m: MeetingView }) {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const action = useSaidAction();
  const [choosing, setChoosing] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [method, setMethod] = useState<ElectionMethodName>("plurality");
  if (m.status !== "open") return null;
  const mayPropose = m.viewer.present || m.viewer.chairs;
  const lang = i18n.language;
  // In the order of those present, whatever order they were ticked in.
  const candidates = m.present.filter((p) => chosen.includes(p.id));
  const toggle = (id: string) =>
    setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  const open = () =>
    void action
      .run(
        () =>
          openInMeeting(identity, m.body, m.id, {
            kind: "election",
            title: {
              [lang]: t("meeting.electChairTitle", {
                meeting: textFor(m.title, lang),
              }).slice(0, 300),
            },
            text: { [lang]: t("meeting.electChairText") },
            method,
            seats: 1,
            options: candidates.map((p) => ({ label: p.name, member: p.id })),
            subject: { kind: "election", role: "meeting-chair", meeting: m.id },
          }),
        "meeting.electChairOpened",
      )
      .then((ok) => {
        if (ok) {
          setConfirming(false);
          setChoosing(false);
          setChosen([]);
          setMethod("plurality");
        }
      });
  return (
    <section className="card" data-testid="chair-election">
      <h2>{t("meeting.electChair")}</h2>
      <p className="hint">
        {t(
          m.chairs === null || m.chairs.length === 0
            ? "meeting.electChairHint"
            : "meeting.electChairAgainHint",
        )}
      </p>
      <ActionStatus error={action.error} done={action.done} />
      {!mayPropose ? (
        <p className="hint">{t("meeting.checkInToPropose")}</p>
      ) : !choosing ? (
        <button
          type="button"
          className="secondary"
          onClick={() => setChoosing(true)}
        >
          {t("meeting.chooseCandidates")}
        </button>
      ) : (
        <NeedsKey>
          <fieldset disabled={confirming}>
            <legend>{t("meeting.candidatesPresent")}</legend>
            {m.present.map((p) => (
              <label key={p.id} className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(p.id)}
                  onChange={() => toggle(p.id)}
                />{" "}
                <Name>{p.name}</Name>
                {/* Two present under one name: the start of each key tells them apart. */}
                {m.present.filter((x) => x.name === p.name).length > 1 ? (
                  <>
                    {" "}
                    <code className="muted" lang="en" dir="ltr">
                      {p.id.slice(0, 8)}
                    </code>
                  </>
                ) : null}
              </label>
            ))}
            <MethodSelect
              value={method}
              onChange={setMethod}
              methods={electionMethodsFor(1)}
            />
          </fieldset>
          {!m.quorum.met ? (
            <p className="hint">{t("meeting.voteNeedsQuorum")}</p>
          ) : confirming ? (
            <ConfirmStep
              heading={t("meeting.electChairHeading")}
              confirmLabel={t("meeting.electChairConfirm")}
              busy={action.busy}
              onCancel={() => setConfirming(false)}
              onConfirm={open}
            >
              <ul>
                {candidates.map((p) => (
                  <li key={p.id}>
                    <Name>{p.name}</Name>
                  </li>
                ))}
              </ul>
              <p data-testid="chair-election-method">
                {t("meeting.electChairCounted", {
                  method: t(`terms.method.${method}`),
                })}
              </p>
              <p>{t("meeting.electChairConsequence")}</p>
            </ConfirmStep>
          ) : (
            <div className="row">
              <button
                type="button"
                disabled={action.busy || candidates.length === 0}
                onClick={() => setConfirming(true)}
              >
                {t("meeting.openElection")}
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setChoosing(false);
                  setChosen([]);
                  setMethod("plurality");
                }}
              >
                {t("confirm.cancel")}
              </button>
            </div>
          )}
          {candidates.length === 0 ? (
            <p className="hint">{t("meeting.chooseCandidate")}</p>
          ) : null}
        </NeedsKey>
      )}
    </section>
  );
}
