/**
 * @module The election a body holds from the command line — of its delegates to a council
 * (`kenges delegate elect`) or of the members of a committee accountable to it (`kenges
 * committee elect`): the candidates given by `--candidates`, `--seats` (default 1), the method
 * (`--method`, else Scottish STV for several seats and IRV for one) and the default text.
 */
import type { CanonicalValue } from "../crypto/index.js";
import type { ParsedArgs } from "./args.js";
import { stringFlag } from "./command.js";
import { intFlag, requireFlag, textFlags } from "./flags.js";
import { memberName } from "./names.js";
import { resolveId } from "./resolve.js";
import type { Session } from "./session.js";

/** The payload of `motion.opened` for an election in `body` about `subject`. */
export function electionMotion(
  s: Session,
  args: ParsedArgs,
  body: string,
  words: { readonly title: string; readonly text: string },
  subject: Readonly<Record<string, CanonicalValue>>,
): Record<string, CanonicalValue | undefined> {
  const st = s.replica.fold.state;
  const candidates = requireFlag(args, "candidates")
    .split(",")
    .map((c) => resolveId(s.replica, "member", c.trim()));
  const seats = intFlag(args, "seats", 1, 100) ?? 1;
  return {
    kind: "election",
    title: { en: words.title },
    text: textFlags(args, "text", false) ?? { en: words.text },
    method: stringFlag(args, "method") ?? (seats > 1 ? "scottish-stv" : "irv"),
    options: candidates.map((m) => ({
      label: memberName(st, m, body),
      member: m,
    })),
    seats,
    subject,
  };
}
