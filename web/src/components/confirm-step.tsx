/**
 * @module A second step before signing something that cannot be undone (closing a vote,
 * withdrawing a motion, asking to recall a delegate): the consequence in words, then
 * Confirm or Cancel. Nothing is signed until Confirm.
 */
import { type ReactNode, useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";

export function ConfirmStep({
  heading,
  children,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  heading: string;
  /** What will happen, in words (and numbers where they decide it). */
  children: ReactNode;
  confirmLabel: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const panel = useRef<HTMLElement>(null);
  // The member's attention (and a screen reader's) goes to the consequence first.
  useEffect(() => {
    panel.current?.focus();
  }, []);
  return (
    <section
      ref={panel}
      className="confirm-step"
      aria-labelledby={id}
      tabIndex={-1}
      data-testid="confirm-step"
    >
      <h3 id={id}>{heading}</h3>
      {children}
      <div className="row">
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={onConfirm}
        >
          {busy ? t("common.working") : confirmLabel}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={onCancel}
        >
          {t("confirm.cancel")}
        </button>
      </div>
    </section>
  );
}
