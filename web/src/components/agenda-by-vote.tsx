/**
 * @module Putting a new order of the agenda to the meeting's vote (an `agenda` motion in the
 * meeting, as `kenges meeting agenda --order … --by-vote` opens): a member present, or a chair,
 * arranges the items — the agenda's and those proposed — and, after a step that says what the
 * vote decides, opens it. Adopted, the order becomes the agenda's; rejected, nothing changes.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AgendaItem, MeetingView } from "../api/types.js";
import { useIdentity } from "../identity/identity.js";
import { ActionStatus, NeedsKey, useSaidAction } from "./action.js";
import { ConfirmStep } from "./confirm-step.js";
import { openInMeeting } from "./meeting-motion.js";
import { LangText, textFor } from "./text.js";

export function AgendaByVote({ m }: { m: MeetingView }) {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const action = useSaidAction();
  const [draft, setDraft] = useState<string[] | null>(null);
  const [confirming, setConfirming] = useState(false);
  if (m.status !== "open") return null;
  const mayPropose = m.viewer.present || m.viewer.chairs;
  const byId = new Map<string, AgendaItem>(
    [...m.agenda, ...m.proposed].map((i) => [i.id, i]),
  );
  const now = m.agenda.map((i) => i.id);
  const lang = i18n.language;
  const titleOf = (id: string) => textFor(byId.get(id)?.title ?? {}, lang);
  const move = (from: number, to: number) =>
    setDraft((d) => {
      if (d === null) return d;
      const items = [...d];
      const [moved] = items.splice(from, 1);
      items.splice(to, 0, moved!);
      return items;
    });
  const open = (items: string[]) =>
    void action
      .run(async () => {
        const order = items.map(titleOf).join(" · ");
        await openInMeeting(identity, m.body, m.id, {
          kind: "agenda",
          title: {
            [lang]: t("meeting.orderVoteTitle", {
              meeting: textFor(m.title, lang),
            }).slice(0, 300),
          },
          text: { [lang]: t("meeting.orderVoteText", { items: order }) },
          subject: { kind: "agenda", meeting: m.id, items },
        });
      }, "meeting.orderVoteOpened")
      .then((ok) => {
        if (ok) {
          setConfirming(false);
          setDraft(null);
        }
      });
  return (
    <section data-testid="agenda-by-vote">
      <ActionStatus error={action.error} done={action.done} />
      {draft === null ? (
        mayPropose ? (
          <button
            type="button"
            className="secondary"
            onClick={() => setDraft(now)}
          >
            {t("meeting.agendaByVote")}
          </button>
        ) : (
          <p className="hint">{t("meeting.checkInToPropose")}</p>
        )
      ) : (
        <NeedsKey>
          <h3>{t("meeting.agendaDraft")}</h3>
          <p className="hint">{t("meeting.agendaByVoteHint")}</p>
          <ol className="agenda" data-testid="agenda-draft">
            {draft.map((id, i) => (
              <li key={id} data-item={id}>
                <span className="agenda-title">
                  <LangText text={byId.get(id)?.title ?? {}} />
                </span>
                <span className="row agenda-controls">
                  <button
                    type="button"
                    className="secondary small"
                    disabled={confirming || i === 0}
                    aria-label={t("meeting.moveUpIn", { item: titleOf(id) })}
                    title={t("meeting.moveUp")}
                    onClick={() => move(i, i - 1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="secondary small"
                    disabled={confirming || i === draft.length - 1}
                    aria-label={t("meeting.moveDownIn", { item: titleOf(id) })}
                    title={t("meeting.moveDown")}
                    onClick={() => move(i, i + 1)}
                  >
                    ↓
                  </button>
                </span>
              </li>
            ))}
          </ol>
          {m.proposed.some((p) => !draft.includes(p.id)) ? (
            <ul className="list">
              {m.proposed
                .filter((p) => !draft.includes(p.id))
                .map((p) => (
                  <li key={p.id}>
                    <LangText text={p.title} />{" "}
                    <button
                      type="button"
                      className="small secondary"
                      disabled={confirming}
                      onClick={() => setDraft([...draft, p.id])}
                    >
                      {t("meeting.addToDraft")}
                    </button>
                  </li>
                ))}
            </ul>
          ) : null}
          {!m.quorum.met ? (
            <p className="hint">{t("meeting.voteNeedsQuorum")}</p>
          ) : confirming ? (
            <ConfirmStep
              heading={t("meeting.orderVoteHeading")}
              confirmLabel={t("meeting.orderVoteConfirm")}
              busy={action.busy}
              onCancel={() => setConfirming(false)}
              onConfirm={() => open(draft)}
            >
              <ol>
                {draft.map((id) => (
                  <li key={id}>
                    <LangText text={byId.get(id)?.title ?? {}} />
                  </li>
                ))}
              </ol>
              <p>{t("meeting.orderVoteConsequence")}</p>
            </ConfirmStep>
          ) : (
            <div className="row">
              <button
                type="button"
                disabled={action.busy || draft.join(",") === now.join(",")}
                onClick={() => setConfirming(true)}
              >
                {t("meeting.putOrderToVote")}
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => setDraft(null)}
              >
                {t("confirm.cancel")}
              </button>
            </div>
          )}
          {draft.join(",") === now.join(",") && !confirming ? (
            <p className="hint">{t("meeting.orderUnchanged")}</p>
          ) : null}
        </NeedsKey>
      )}
    </section>
  );
}
