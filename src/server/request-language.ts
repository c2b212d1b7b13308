/** @module The language a request asks for: the hub's error words and the app's first page follow it. */
import type { FastifyRequest } from "fastify";
import { isLanguage, type Language } from "../i18n/index.js";

/**
 * The cookie the web app writes when a language is chosen or remembered (web/src/i18n/i18n.ts),
 * so the hub can name that language's catalogue in the first page it serves. Not a secret.
 */
export const LANGUAGE_COOKIE = "kenges.lang";

/** The cookie's value, or null. */
function rememberedLanguage(cookie: string): string | null {
  for (const part of cookie.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === LANGUAGE_COOKIE)
      return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * The language a request asks for: `?lang=`, then the one the app remembers (its cookie),
 * then Accept-Language, then English — the order the web app picks its own in.
 */
export function languageOf(request: FastifyRequest): Language {
  const q = (request.query as { lang?: unknown } | undefined)?.lang;
  if (typeof q === "string" && isLanguage(q)) return q;
  const kept = rememberedLanguage(String(request.headers.cookie ?? ""));
  if (kept !== null && isLanguage(kept)) return kept;
  const header = String(request.headers["accept-language"] ?? "");
  for (const part of header.split(",")) {
    const tag = part.trim().split(";")[0]!.split("-")[0]!.toLowerCase();
    if (isLanguage(tag)) return tag;
  }
  return "en";
}
