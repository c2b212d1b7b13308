/** @module `kenges log`: the events in fold order, with who signed them and whether they count. */
import { decodeCanonical } from "../../crypto/index.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { intFlag } from "../flags.js";
import { formatTime, short, table } from "../render.js";
import { withSession } from "../session.js";

export const logCommand: Command = {
  name: "log",
  summary: "list events in fold order (newest last), with validity",
  usage:
    "kenges log [--limit N] [--type <event type>] [--author <key prefix>] [--json]",
  async run(args, io) {
    return withSession(args, io, async (s) => {
      const fold = s.replica.fold;
      const limit = intFlag(args, "limit", 1, 10_000_000) ?? 50;
      const type = stringFlag(args, "type");
      const author = stringFlag(args, "author");
      const ids = fold.orderedIds().filter((id) => {
        if (type && fold.typeOf(id) !== type) return false;
        if (author && !fold.chainSlot(id)!.author.startsWith(author))
          return false;
        return true;
      });
      const shown = ids.slice(-limit);
      const entries = shown.map((id) => {
        const slot = fold.chainSlot(id)!;
        const invalid = fold.invalidReason(id);
        const bytes = fold.payloadOf(id);
        const decoded = bytes ? decodeCanonical(bytes) : null;
        return {
          id,
          type: fold.typeOf(id)!,
          author: slot.author,
          seq: slot.seq,
          time: fold.timeOf(id)!,
          valid: invalid === null,
          invalid: invalid?.code ?? null,
          redacted: fold.state.redactions.has(id),
          payload: decoded?.ok ? decoded.value : null,
        };
      });
      s.print({ total: ids.length, events: entries }, () =>
        table(
          entries.map((e) => [
            formatTime(e.time),
            short(e.id),
            e.type,
            `${short(e.author)}#${e.seq}`,
            e.redacted ? "redacted" : e.valid ? "" : `invalid: ${e.invalid}`,
          ]),
        ),
      );
      return 0;
    });
  },
};
