/** @module Text in several languages: the names of federations and bodies, motion texts. */
import { z } from "zod";
import { isNormalizedName } from "../names/normalize-name.js";

/** A language tag: `en`, `ur`, `kk`, `ru`, or any other short BCP 47 tag. */
export const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/);

/** Text keyed by language, at least one language, at most 12. */
export type I18nText = Readonly<Record<string, string>>;

/** Schema for I18nText with a per-text length limit. */
export function i18nText(maxLength: number) {
  return z.record(languageTag, z.string().min(1).max(maxLength)).refine((r) => {
    const n = Object.keys(r).length;
    return n >= 1 && n <= 12;
  }, "between 1 and 12 languages");
}

/** A 32-byte id or key as lower-case hex. */
export const hexId = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * A display name of a person: in its normalised form only (names/normalize-name.ts), so a
 * name cannot hide bidi controls or invisible characters; `checkEvent` reports a name in any
 * other form as NAME_NOT_NORMALIZED.
 */
export const displayName = z
  .string()
  .min(1)
  .max(200)
  .refine(isNormalizedName, { params: { code: "NAME_NOT_NORMALIZED" } });
