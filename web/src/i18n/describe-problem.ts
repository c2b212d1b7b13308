/**
 * @module A failure as the member reads it: what went wrong and what to do next, in the page's
 * language (problem-words.ts) — for the hub's errors, this device's own, and anything else.
 */
import i18next from "i18next";
import { ApiError } from "../api/client.js";
import { problemWordsFor, type Translate } from "./problem-words.js";

/** A failure whose message is already words for the member (taken from the catalogue). */
export class SaidError extends Error {}

/** Words for any failure; never a raw code, never an untranslated message. */
export function problemWords(e: unknown): string {
  const t = i18next.t.bind(i18next) as Translate;
  if (e instanceof ApiError) return problemWordsFor(t, e.code, e.details);
  if (e instanceof SaidError) return e.message;
  // A failure of this app itself (a bug): no words of its own, so the general ones.
  return `${t("problem.unknown")} ${t("problem.next.reload")}`;
}
