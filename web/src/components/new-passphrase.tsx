/**
 * @module A new passphrase typed twice — the two fields, the length hint and the mismatch —
 * for every form that makes and seals a key (a first key, another device's key).
 */
import { useId } from "react";
import { useTranslation } from "react-i18next";

/** Fewest characters of a passphrase that seals a key. */
export const MIN_PASSPHRASE = 8;

/** True when the second typing has begun and differs from the first. */
export function passphrasesDiffer(pass: string, again: string): boolean {
  return again.length > 0 && pass !== again;
}

export function NewPassphrase({
  pass,
  again,
  onPass,
  onAgain,
}: {
  readonly pass: string;
  readonly again: string;
  readonly onPass: (value: string) => void;
  readonly onAgain: (value: string) => void;
}) {
  const { t } = useTranslation();
  const ids = { pass: useId(), again: useId() };
  const mismatch = passphrasesDiffer(pass, again);
  return (
    <>
      <label htmlFor={ids.pass}>{t("identity.passphrase")}</label>
      <input
        id={ids.pass}
        type="password"
        value={pass}
        onChange={(e) => onPass(e.target.value)}
        required
        minLength={MIN_PASSPHRASE}
        autoComplete="new-password"
        aria-describedby={`${ids.pass}-hint`}
      />
      <p id={`${ids.pass}-hint`} className="hint">
        {t("identity.passphraseHint", {
          n: MIN_PASSPHRASE,
          count: MIN_PASSPHRASE,
        })}
      </p>
      <label htmlFor={ids.again}>{t("identity.passphraseAgain")}</label>
      <input
        id={ids.again}
        type="password"
        value={again}
        onChange={(e) => onAgain(e.target.value)}
        required
        autoComplete="new-password"
        aria-invalid={mismatch}
      />
      {mismatch ? <p className="error">{t("identity.mismatch")}</p> : null}
    </>
  );
}
