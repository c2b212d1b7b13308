/**
 * @module The CLI's sentences in the reader's language: the `cli` section of the message
 * catalogues (src/i18n/catalog), English where a language lacks one.
 */
import {
  CATALOGS,
  interpolate,
  isLanguage,
  type Language,
} from "../i18n/index.js";

type Sentences = Readonly<Record<string, string>>;

/** The `cli` section of a language's catalogue (the catalogue type declares errors only). */
export function sentencesOf(lang: Language): Sentences {
  return (CATALOGS[lang] as unknown as { cli?: Sentences }).cli ?? {};
}

/** The sentence for `key` in `lang` with its placeholders filled. */
export function say(
  lang: string,
  key: string,
  values: Readonly<Record<string, unknown>> = {},
): string {
  const l: Language = isLanguage(lang) ? lang : "en";
  const template = sentencesOf(l)[key] ?? sentencesOf("en")[key] ?? key;
  return interpolate(template, values);
}

/**
 * The word for a code the CLI shows (an outcome, a status, a kind) in `lang`: the `cli`
 * section's `term.<group>.<code>`, else the code itself (English shows codes as they are).
 */
export function term(lang: string, group: string, code: string): string {
  const l: Language = isLanguage(lang) ? lang : "en";
  return sentencesOf(l)[`term.${group}.${code}`] ?? code;
}

/** What kind of body this is, in words: "municipal council", "workplace assembly", "committee". */
export function bodyKindWords(
  lang: string,
  body: {
    readonly kind: string;
    readonly level?: string | null;
    readonly setting?: string | null;
  },
): string {
  if (body.kind === "council")
    return term(lang, "council", body.level ?? "municipal");
  if (body.kind === "assembly")
    return term(lang, "assembly", body.setting ?? "other");
  return term(lang, "body-kind", body.kind);
}
