/**
 * @module Numbers, dates and multilingual texts as each language writes them (Intl), and the
 * choice of a text's language: the reader's, else English, else any.
 */
import i18next from "i18next";
import { useTranslation } from "react-i18next";

/** Formatters for the current language. */
export interface Format {
  readonly lang: string;
  number(n: number): string;
  percent(fraction: number): string;
  date(ms: number): string;
  dateTime(ms: number): string;
  day(isoDay: string): string;
}

const cache = new Map<string, Format>();

/** Formatters for a language (cached). */
export function formatFor(lang: string): Format {
  const hit = cache.get(lang);
  if (hit) return hit;
  const intlNumber = new Intl.NumberFormat(lang);
  // Where the browser has no data for the language (Intl falls back to another locale), the
  // separators come from the catalogue.
  const group = i18next.t("format.group", { lng: lang });
  const numberFallback = !intlNumber.format(1234.5).includes(group);
  const decimal = i18next.t("format.decimal", { lng: lang });
  const num = {
    format: (n: number) =>
      numberFallback
        ? new Intl.NumberFormat("en")
            .formatToParts(n)
            .map((p) =>
              p.type === "group"
                ? group
                : p.type === "decimal"
                  ? decimal
                  : p.value,
            )
            .join("")
        : intlNumber.format(n),
  };
  // Some browsers' ICU data lacks a language's month names (Chromium's for Kazakh prints
  // "M01"): then the month comes from the catalogue and Intl gives only the numbers.
  const probe = new Intl.DateTimeFormat(lang, {
    month: "long",
    timeZone: "UTC",
  }).format(Date.UTC(2026, 0, 15));
  const months = /\d/.test(probe)
    ? i18next.t("format.months", { lng: lang }).split(",")
    : null;
  const hm = new Intl.DateTimeFormat(lang, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const pct = new Intl.NumberFormat(lang, {
    style: "percent",
    maximumFractionDigits: 0,
  });
  const date = new Intl.DateTimeFormat(lang, {
    dateStyle: "medium",
    timeZone: "UTC",
  });
  const dateTime = new Intl.DateTimeFormat(lang, {
    dateStyle: "medium",
    timeStyle: "short",
  });
  const day = new Intl.DateTimeFormat(lang, {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });
  const spelled = (ms: number, utc: boolean) => {
    const d = new Date(ms);
    const [y, m, dd] = utc
      ? [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()]
      : [d.getFullYear(), d.getMonth(), d.getDate()];
    return `${num.format(dd)} ${months![m]} ${String(y)}`;
  };
  const f: Format = {
    lang,
    number: (n) => num.format(n),
    percent: (x) => pct.format(x),
    date: (ms) => (months ? spelled(ms, true) : date.format(ms)),
    dateTime: (ms) =>
      months ? `${spelled(ms, false)}, ${hm.format(ms)}` : dateTime.format(ms),
    day: (iso) => {
      const ms = Date.parse(`${iso}T00:00:00Z`);
      if (!months) return day.format(ms);
      const d = new Date(ms);
      return `${num.format(d.getUTCDate())} ${months[d.getUTCMonth()]!.slice(0, 3)}`;
    },
  };
  cache.set(lang, f);
  return f;
}

/** Formatters for the language the page shows. */
export function useFormat(): Format {
  const { i18n } = useTranslation();
  return formatFor(i18n.language);
}

/** The language of a multilingual text to show a reader of `lang`. */
export function pickLanguage(
  text: Readonly<Record<string, string>>,
  lang: string,
): string | null {
  if (text[lang]) return lang;
  if (text.en) return "en";
  return Object.keys(text)[0] ?? null;
}
