/**
 * @module Choosing how an election is counted: the methods the core counts, each named in the
 * reader's language (putting a motion to a body, and a meeting electing its chair).
 */
import { useId } from "react";
import { useTranslation } from "react-i18next";
import {
  ELECTION_METHOD_NAMES,
  type ElectionMethodName,
} from "../../../src/core/index.js";

export function MethodSelect({
  value,
  onChange,
  methods = ELECTION_METHOD_NAMES,
}: {
  value: ElectionMethodName;
  onChange: (method: ElectionMethodName) => void;
  /** The methods offered (default: all of them). */
  methods?: readonly ElectionMethodName[];
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{t("motion.form.method")}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value as ElectionMethodName)}
      >
        {methods.map((m) => (
          <option key={m} value={m}>
            {t(`terms.method.${m}`)}
          </option>
        ))}
      </select>
    </>
  );
}
