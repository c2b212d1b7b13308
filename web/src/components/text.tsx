/**
 * @module Showing words of the other direction safely: a multilingual text in the reader's
 * language (with its own `lang` and direction), names and numbers isolated with `<bdi>` so
 * the bidi algorithm does not reorder them inside Urdu sentences.
 */
import { useTranslation } from "react-i18next";
import type { Text } from "../api/types.js";
import { pickLanguage, useFormat } from "../i18n/format.js";

/** A multilingual text in the reader's language (else English, else any). */
export function LangText({
  text,
  as = "bdi",
}: {
  text: Text | null | undefined;
  as?: "bdi" | "span";
}) {
  const { t, i18n } = useTranslation();
  if (!text) return null;
  // Every signed text has a language; an empty one is a motion's words a redaction removed.
  if (Object.keys(text).length === 0)
    return <em className="muted">{t("redact.wordsRemoved")}</em>;
  const lang = pickLanguage(text, i18n.language);
  if (lang === null) return null;
  const Tag = as;
  return (
    <Tag lang={lang} dir={lang === "ur" ? "rtl" : "auto"}>
      {text[lang]}
    </Tag>
  );
}

/** The plain string of a multilingual text for the reader (for attributes and sorting). */
export function textFor(text: Text | null | undefined, lang: string): string {
  if (!text) return "";
  const l = pickLanguage(text, lang);
  return l ? (text[l] ?? "") : "";
}

/** A person's or place's name, isolated from the surrounding direction. */
export function Name({ children }: { children: string }) {
  return <bdi>{children}</bdi>;
}

/** A number in the reader's digits, isolated. */
export function Num({ value }: { value: number }) {
  const f = useFormat();
  return <bdi>{f.number(value)}</bdi>;
}

/**
 * "k / n": two counts kept left to right in every language — in Urdu's right-to-left line two
 * isolated numbers around a slash would otherwise swap places, "3 / 4" showing as "4 / 3".
 */
export function NumOf({ value, of }: { value: number; of: number }) {
  return (
    <bdi dir="ltr">
      <Num value={value} /> / <Num value={of} />
    </bdi>
  );
}

/** A date and time in the reader's language, isolated. */
export function When({
  ms,
  dateOnly = false,
}: {
  ms: number;
  dateOnly?: boolean;
}) {
  const f = useFormat();
  return (
    <bdi>
      <time dateTime={new Date(ms).toISOString()}>
        {dateOnly ? f.date(ms) : f.dateTime(ms)}
      </time>
    </bdi>
  );
}

/** A short form of a hex id, isolated and in a monospace face. */
export function ShortId({ id }: { id: string }) {
  return (
    <bdi className="mono" title={id}>
      {id.slice(0, 10)}
    </bdi>
  );
}
