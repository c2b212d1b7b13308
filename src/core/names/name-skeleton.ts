/**
 * @module The skeleton of a name: what it looks like, with the differences a reader cannot
 * see taken out (TR39's "skeleton", cut down to the table in confusables.ts). Two names with
 * one skeleton are lookalikes: "Asel" in Latin letters and "Аsel" with a Cyrillic А, "Ilya"
 * and "lIya", or the same Urdu name typed with Arabic or Persian yeh. Also the scripts a name
 * mixes, since a single word in two scripts is how most lookalikes are made.
 */
import { CONFUSABLE, CONFUSABLE_SEQUENCES } from "./confusables.js";
import { normalizeName } from "./normalize-name.js";

/** Marks (accents, harakat) and the Arabic tatweel, which stretch or decorate a letter. */
const DECORATION = /[\p{M}\u0640]/gu;

/** The skeleton of a name: compare skeletons, never show them. */
export function skeletonOf(name: string): string {
  // NFKD folds compatibility forms (fullwidth letters, ligatures, presentation forms).
  const bare = normalizeName(name).normalize("NFKD").replace(DECORATION, "");
  let mapped = "";
  for (const c of bare) mapped += CONFUSABLE.get(c) ?? c;
  mapped = mapped.toLowerCase();
  // Lower case may make new confusables (Cyrillic capitals fold to small letters).
  let again = "";
  for (const c of mapped) again += CONFUSABLE.get(c) ?? c;
  for (const [from, to] of CONFUSABLE_SEQUENCES)
    again = again.replace(from, to);
  return again;
}

/** The scripts a name's letters come from (Unicode script names, e.g. "Latin", "Cyrillic"). */
const SCRIPTS = [
  "Latin",
  "Cyrillic",
  "Greek",
  "Arabic",
  "Armenian",
  "Georgian",
  "Han",
];
const SCRIPT_TESTS = SCRIPTS.map(
  (s) => [s, new RegExp(`\\p{Script=${s}}`, "u")] as const,
);

function scriptOf(letter: string): string {
  for (const [name, test] of SCRIPT_TESTS) if (test.test(letter)) return name;
  return "Other";
}

/** True when one word of the name mixes letters of two scripts (e.g. Latin and Cyrillic). */
export function isMixedScript(name: string): boolean {
  for (const word of normalizeName(name).split(" ")) {
    const scripts = new Set<string>();
    for (const c of word) if (/\p{L}/u.test(c)) scripts.add(scriptOf(c));
    if (scripts.size > 1) return true;
  }
  return false;
}
