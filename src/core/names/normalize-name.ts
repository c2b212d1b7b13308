/**
 * @module The one form a person's name is signed in: NFC, without bidi controls or invisible
 * characters, with single spaces. Names are shown to people who decide whom to admit and whom
 * to elect; a name that renders like another, or reorders the text around it, is a tool for
 * an informer posing as a known comrade. Signed events cannot be changed after signing, so
 * clients sign the normalised form and the core refuses any other (`NAME_NOT_NORMALIZED`).
 */

/**
 * Bidi controls: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), the
 * left-to-right, right-to-left and Arabic letter marks (U+200E, U+200F, U+061C). A name
 * needs none of them — the page isolates each name with `<bdi>` — and an override makes
 * "Asel" display as any arrangement of its letters.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu;

/**
 * Characters that draw nothing: zero-width space, word joiner and invisible operators, the
 * byte-order mark, soft hyphen, combining grapheme joiner, Mongolian vowel separator, Hangul
 * fillers. Two names differing only by them look the same.
 */
const INVISIBLE =
  /[\u200B\u2060-\u2064\uFEFF\u00AD\u180E\u115F\u1160\u3164\uFFA0]|\u034F/gu;

/** Control characters (C0, DEL, C1): never part of a name. */
const CONTROLS = /\p{Cc}/gu;

/** Any run of spacing characters (NBSP, ideographic space, tabs, line breaks…). */
const SPACES = /[\p{Zs}\p{Zl}\p{Zp}\t\n\r]+/gu;

/**
 * Letters of scripts whose spelling needs the joiner controls: Arabic (Urdu, Persian,
 * Kazakh in Arabic script…), Syriac, Thaana, and the Indic scripts (U+0900–U+0DFF).
 */
const JOINING_LETTER =
  /[\u0600-\u06FF\u0700-\u074F\u0750-\u077F\u0780-\u07BF\u08A0-\u08FF\u0900-\u0DFF\uFB50-\uFDFF\uFE70-\uFEFC]/u;

/**
 * ZERO WIDTH NON-JOINER (U+200C) and ZERO WIDTH JOINER (U+200D) are kept only between two
 * letters of such a script. ZWNJ is part of correct Urdu and Persian spelling (it stops a
 * letter joining the next, as in Persian «می‌خواهم»; Urdu writes compounds with it), and ZWJ
 * forms conjuncts in Indic scripts; stripping them would misspell real names and refusing
 * them would refuse real people. Anywhere else — at either end, beside Latin or Cyrillic
 * letters, doubled — they draw nothing and only make a copy of a name look like the name,
 * so they are dropped.
 */
function keepJoiners(text: string): string {
  const chars = [...text];
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c !== "\u200C" && c !== "\u200D") {
      out += c;
      continue;
    }
    const before = chars[i - 1];
    const after = chars[i + 1];
    if (
      before !== undefined &&
      after !== undefined &&
      JOINING_LETTER.test(before) &&
      JOINING_LETTER.test(after)
    )
      out += c;
  }
  return out;
}

/**
 * The normalised form of a name: NFC, bidi controls, invisible and control characters
 * removed, joiners kept only where a script needs them, spaces collapsed to one and trimmed.
 * Clients apply it before signing; it is idempotent.
 *
 * @example normalizeName(" Asel\u202E \u200BNurlanovna ") === "Asel Nurlanovna"
 */
export function normalizeName(raw: string): string {
  const cleaned = raw
    .normalize("NFC")
    .replace(BIDI_CONTROLS, "")
    .replace(INVISIBLE, "")
    .replace(CONTROLS, " ")
    .replace(SPACES, " ")
    .trim();
  // Removing a character may bring two combining sequences together: compose again.
  return keepJoiners(cleaned).replace(SPACES, " ").trim().normalize("NFC");
}

/** True when a name is already in its normalised form (and not empty). */
export function isNormalizedName(name: string): boolean {
  return name.length > 0 && normalizeName(name) === name;
}
