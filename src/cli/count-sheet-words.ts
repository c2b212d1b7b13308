/**
 * @module A count sheet's words for `kenges tally`, apart from the CLI's other words (./words.ts):
 * it loads only the catalogue of the one language it shows, where those load every catalogue of
 * every language (~1.3 MB of the bundle, ~25 ms of a command's start).
 */
import { isLanguage, loadUiCatalog } from "../i18n/one-language.js";
import {
  type CountSheetLabels,
  englishCountSheetLabels,
} from "../voting/index.js";

/** A count sheet's words in `lang`: the web catalogue's `countSheet` section, English where it lacks one. */
export async function countSheetLabels(
  lang: string,
): Promise<CountSheetLabels> {
  const tree = (await loadUiCatalog(isLanguage(lang) ? lang : "en")).ui
    .countSheet;
  const words = <T extends object>(english: T, section: unknown): T => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(english)) {
      const given = (section as Record<string, unknown> | undefined)?.[k];
      out[k] =
        typeof v === "string"
          ? typeof given === "string"
            ? given
            : v
          : words(v as object, given);
    }
    return out as T;
  };
  return words(englishCountSheetLabels, tree);
}
