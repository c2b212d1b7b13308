/**
 * @module `kenges log`: the events this replica holds, in fold order, with their scope, who
 * signed them and whether they count — after a keyless `init --from`, only the federation
 * scope and public bodies.
 */
import { decodeCanonical } from "../../crypto/index.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { intFlag } from "../flags.js";
import { bodyName } from "../names.js";
import { formatTime, short, table } from "../render.js";
import { resolveId } from "../resolve.js";
import { withSession } from "../session.js";
import { say } from "../words.js";

export const logCommand: Command = {
  name: "log",
  usage:
    "kenges log [--limit N] [--type <event type>] [--author <key prefix>] [--scope <body>] [--json]",
  async run(args, io) {
    return withSession(args, io, async (s) => {
      const fold = s.replica.fold;
      const limit = intFlag(args, "limit", 1, 10_000_000) ?? 50;
      const type = stringFlag(args, "type");
      const author = stringFlag(args, "author");
      const typedScope = stringFlag(args, "scope");
      const scope =
        typedScope === undefined
          ? undefined
          : typedScope === "federation"
            ? (fold.federationScope ?? undefined)
            : resolveId(s.replica, "body", typedScope);
      const ids = fold.orderedIds().filter((id) => {
        if (type && fold.typeOf(id) !== type) return false;
        const slot = fold.chainSlot(id)!;
        if (author && !slot.author.startsWith(author)) return false;
        if (scope && slot.scope !== scope) return false;
        return true;
      });
      const shown = ids.slice(-limit);
      const scopeName = (id: string) =>
        id === fold.federationScope
          ? say(s.lang, "log.federation")
          : bodyName(fold.state, id, s.lang);
      const entries = shown.map((id) => {
        const slot = fold.chainSlot(id)!;
        const invalid = fold.invalidReason(id);
        const bytes = fold.payloadOf(id);
        const decoded = bytes ? decodeCanonical(bytes) : null;
        return {
          id,
          type: fold.typeOf(id)!,
          scope: slot.scope,
          author: slot.author,
          seq: slot.seq,
          kseq: slot.kseq,
          time: fold.timeOf(id)!,
          valid: invalid === null,
          invalid: invalid?.code ?? null,
          redacted: fold.state.redactions.has(id),
          payload: decoded?.ok ? decoded.value : null,
        };
      });
      s.print(
        {
          total: ids.length,
          scopes: fold.heldScopes().length,
          events: entries,
        },
        () =>
          table(
            entries.map((e) => [
              formatTime(e.time),
              short(e.id),
              e.type,
              scopeName(e.scope),
              `${short(e.author)}#${e.seq}`,
              e.redacted
                ? say(s.lang, "log.redacted")
                : e.valid
                  ? ""
                  : say(s.lang, "log.invalid", { code: e.invalid }),
            ]),
          ),
      );
      return 0;
    });
  },
};
