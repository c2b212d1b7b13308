/**
 * @module A comment's earlier versions, and what its author can do with it: give it a new text
 * while the motion is open (`comment.edited` — the earlier versions stay visible, since others
 * may have answered them), or delete it (a redaction of their own, which drops the text of every
 * version from every copy; a confirm step says what that does and does not undo).
 */
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { MotionView } from "../api/types.js";
import { useIdentity } from "../identity/identity.js";
import { usePendingActions } from "../offline/status.js";
import { ActionStatus, NeedsKey, useAction } from "./action.js";
import { ConfirmStep } from "./confirm-step.js";
import { When } from "./text.js";

type ShownComment = MotionView["comments"][number];

/** "edited" with the time, and the earlier versions behind a disclosure. */
export function CommentHistory({ comment: c }: { comment: ShownComment }) {
  const { t } = useTranslation();
  if (c.editedAt === null) return null;
  return (
    <details className="comment-history" data-testid="comment-history">
      <summary className="muted">
        {t("motion.commentEdited")} <When ms={c.editedAt} />
      </summary>
      <ol>
        {c.earlier.map((v) => (
          <li key={`${v.time}`}>
            <span className="muted">
              <When ms={v.time} />
            </span>
            <p lang={v.lang} dir="auto">
              {v.text}
            </p>
          </li>
        ))}
      </ol>
    </details>
  );
}

export function OwnComment({
  body,
  comment: c,
  deleteOnly = false,
}: {
  body: string;
  comment: ShownComment;
  /** The motion is closed: a comment can still be deleted, not changed. */
  deleteOnly?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const [step, setStep] = useState<"edit" | "delete" | null>(null);
  const [text, setText] = useState(c.text);
  const id = useId();
  const deleting = usePendingActions("event.redacted", (p) => p.event === c.id);
  const editing = usePendingActions(
    "comment.edited",
    (p) => p.comment === c.id,
  );
  if (deleting.length > 0)
    return <p className="waiting">{t("motion.commentDeleteWaiting")}</p>;
  const save = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await identity.act(body, "comment.edited", {
        comment: c.id,
        text: text.trim(),
        lang: i18n.language,
      });
      setStep(null);
    });
  };
  return (
    <NeedsKey>
      {editing.length > 0 ? (
        <p className="waiting">{t("motion.commentEditWaiting")}</p>
      ) : null}
      {step === "edit" ? (
        <form onSubmit={save} data-testid="comment-edit">
          <label htmlFor={id}>{t("motion.commentEditLabel")}</label>
          <textarea
            id={id}
            value={text}
            onChange={(e) => setText(e.target.value)}
            required
            maxLength={10000}
            rows={3}
          />
          <div className="row">
            <button
              type="submit"
              disabled={action.busy || text.trim() === c.text}
            >
              {action.busy ? t("common.working") : t("motion.commentEditSave")}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setText(c.text);
                setStep(null);
              }}
            >
              {t("confirm.cancel")}
            </button>
          </div>
        </form>
      ) : step === "delete" ? (
        <ConfirmStep
          heading={t("motion.commentDeleteHeading")}
          confirmLabel={t("motion.commentDeleteConfirm")}
          busy={action.busy}
          onConfirm={() =>
            void action.run(async () => {
              await identity.act(body, "event.redacted", { event: c.id });
              setStep(null);
            })
          }
          onCancel={() => setStep(null)}
        >
          <p>{t("motion.commentDeleteConsequence")}</p>
        </ConfirmStep>
      ) : (
        <div className="row">
          {deleteOnly ? null : (
            <button
              type="button"
              className="secondary small"
              onClick={() => setStep("edit")}
            >
              {t("motion.commentEdit")}
            </button>
          )}
          <button
            type="button"
            className="secondary small"
            onClick={() => setStep("delete")}
          >
            {t("motion.commentDelete")}
          </button>
        </div>
      )}
      <ActionStatus error={action.error} done={null} />
    </NeedsKey>
  );
}
