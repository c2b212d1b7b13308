/**
 * @module What a member reads when something fails: what went wrong and what to do next, in
 * their language — never a raw code. The words for a code come from the error catalogue
 * (`errors.<CODE>`, every code the hub and this app can give) or, for this device's own
 * failures, from the UI catalogue; the next step from the code's kind (`problem.next.*`). A
 * code nobody has words for gets a general sentence.
 */
import { interpolate } from "../../../src/i18n/index.js";

/** i18next's `t`, narrowed to what is used here (so tests can pass their own instance's). */
export type Translate = (
  key: string,
  options?: { defaultValue?: string },
) => string;

/** Failures of this device whose words live in the UI catalogue, not the error catalogue. */
const DEVICE_WORDS: Readonly<Record<string, string>> = {
  NETWORK: "common.offline",
  OFFLINE_NO_BASIS: "offline.noBasis",
  CLOSE_COUNT_DIFFERS: "offline.closeCountDiffers",
  KEY_LOCKED: "identity.lockedError",
};

/** The codes this device makes itself (besides the catalogue's). */
export const DEVICE_CODES: readonly string[] = Object.keys(DEVICE_WORDS);

/** What to do next, by kind of failure. */
export type NextStep =
  | "later"
  | "signIn"
  | "askChair"
  | "reload"
  | "tellOperator"
  | "checkInput";

const LATER = new Set([
  "NETWORK",
  "HUB_BUSY",
  "HUB_UNREACHABLE",
  "RATE_LIMITED",
  "QUARANTINE_FULL",
  // The hub's disk is full: the action waits in the outbox until the operator makes room.
  "STORE_FULL",
  // The hub's database is failing over: the action waits in the outbox and goes again.
  "STORE_UNAVAILABLE",
  "REQUEST_TIMEOUT",
  "AUTH_BUSY",
  "SYNC_PEER_UNREACHABLE",
  "SYNC_SOCKETS_FULL",
  "SYNC_UNFINISHED",
  "SYNC_BUDGET_EXCEEDED",
  "OFFLINE_NO_BASIS",
]);
const SIGN_IN = new Set([
  "AUTH_REQUIRED",
  "SESSION_UNKNOWN",
  "AUTH_CHALLENGE_UNKNOWN",
  "KEY_LOCKED",
  "PASSPHRASE_REQUIRED",
  "PASSPHRASE_WRONG",
]);
const RELOAD = new Set([
  "MOTION_NOT_OPEN",
  "BALLOT_AFTER_CLOSE",
  "AMENDMENTS_PENDING",
  "JOIN_REQUEST_DECIDED",
  "ROTATION_DECIDED",
  "ALREADY_ENDORSED",
  "ALREADY_ATTESTED",
  "ALREADY_A_MEMBER",
  "DEMAND_ALREADY_FORWARDED",
  "MEETING_DEMAND_ALREADY_JOINED",
  "COMMITTEE_SEATING_STALE",
  "BODY_DISSOLVED",
]);

/** The next step for a code: by list, then by what its name says. */
export function nextStepOf(code: string): NextStep {
  if (LATER.has(code)) return "later";
  if (SIGN_IN.has(code)) return "signIn";
  if (RELOAD.has(code) || code.endsWith("_NOT_FOUND")) return "reload";
  if (
    code.startsWith("NOT_") ||
    code.endsWith("_NOT_ALLOWED") ||
    code.endsWith("_BY_VOTE_ONLY")
  )
    return "askChair";
  if (
    code.startsWith("SYNC_") ||
    code.startsWith("AUTH_") ||
    code.startsWith("KEY_") ||
    code.startsWith("STORE_") ||
    code.includes("MISMATCH") ||
    code === "INTERNAL"
  )
    return "tellOperator";
  return "checkInput";
}

/** What went wrong, in words: null when no catalogue has words for the code. */
export function whatWentWrong(
  t: Translate,
  code: string,
  details: Readonly<Record<string, unknown>> = {},
): string | null {
  const own = DEVICE_WORDS[code];
  const template = own
    ? t(own, { defaultValue: "" })
    : t(`errors.${code}`, { defaultValue: "" });
  if (!template) return null;
  // Placeholders the failure did not fill are left out rather than shown as "{name}":
  // a bracketed aside goes whole, any other stands as an ellipsis.
  return interpolate(template, details)
    .replace(/\s*\([^()]*\{\w+\}[^()]*\)/g, "")
    .replace(/\{\w+\}/g, "…")
    .trim();
}

/** Words for a failure with a code: what went wrong, then what to do next. */
export function problemWordsFor(
  t: Translate,
  code: string,
  details: Readonly<Record<string, unknown>> = {},
): string {
  const what = whatWentWrong(t, code, details) ?? t("problem.unknown");
  return `${what} ${t(`problem.next.${nextStepOf(code)}`)}`;
}
