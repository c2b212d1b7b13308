/**
 * @module `kenges tally --motion <id>` and `kenges ballots --motion <id> --out <file>`: a
 * decided motion recounted from the log, with its count sheet, or its counted ballots
 * exported as BLT so anyone can re-check the count with other software.
 */
import { createWriteStream } from "node:fs";
import { resolve } from "node:path";
import { recountMotion } from "../../core/index.js";
import {
  countSheetJson,
  renderCountSheet,
  tallyElection,
  writeBltTo,
} from "../../voting/index.js";
import type { ParsedArgs } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Command, CommandIo } from "../command.js";
import { countSheetLabels } from "../count-sheet-words.js";
import { requireFlag } from "../flags.js";
import { pickText } from "../render.js";
import { resolveId } from "../resolve.js";
import { domainError, withSession } from "../session.js";
import { say, term } from "../words.js";

/** Recounts a decided motion and prints the count sheet; fails if the recount differs from the log. */
export async function recountCommand(
  args: ParsedArgs,
  io: CommandIo,
): Promise<number> {
  return withSession(args, io, async (s) => {
    const id = resolveId(s.replica, "motion", requireFlag(args, "motion"));
    const recount = recountMotion(s.replica.fold, id);
    if (!recount.ok) throw domainError(recount.error);
    const { motion, counted, eligibleWeight, profile } = recount.value;
    const names = motion.options.map((o) => o.label);
    if (profile === null) {
      const totals = { yes: 0, no: 0, abstain: 0 };
      for (const c of counted)
        if ("vote" in c.ballot.choice) totals[c.ballot.choice.vote] += c.weight;
      const stored =
        motion.result?.kind === "decision" ? motion.result.decision : null;
      const matches =
        stored !== null &&
        stored.yes === totals.yes &&
        stored.no === totals.no &&
        stored.abstain === totals.abstain;
      s.print(
        {
          motion: id,
          method: motion.method,
          eligible: eligibleWeight,
          ...totals,
          outcome: motion.outcome,
          matches,
        },
        () =>
          [
            pickText(motion.title, s.lang),
            say(s.lang, "recount.decision", {
              ...totals,
              eligible: eligibleWeight,
              outcome: term(s.lang, "outcome", motion.outcome ?? ""),
            }),
            say(s.lang, "recount.counted", {
              count: counted.length,
              verdict: say(
                s.lang,
                matches ? "recount.matches" : "recount.differs",
              ),
            }),
          ].join("\n"),
      );
      return matches ? 0 : 1;
    }
    const result = tallyElection(motion.method, profile, {
      seats: motion.seats,
    });
    if (!result.ok)
      throw new CliError(result.error.code, { ...result.error.details });
    const stored =
      motion.result?.kind === "election" ? motion.result.election.elected : [];
    const matches =
      JSON.stringify(stored) === JSON.stringify(result.value.elected);
    if (s.json)
      s.print(
        { ...countSheetJson(result.value, names), motion: id, matches },
        () => "",
      );
    else {
      io.stdout(
        renderCountSheet(result.value, names, await countSheetLabels(s.lang)),
      );
      io.stdout(
        `\n${say(s.lang, matches ? "recount.matches" : "recount.differs")}\n`,
      );
    }
    return matches ? 0 : 1;
  });
}

export const ballotsCommand: Command = {
  name: "ballots",
  usage: "kenges ballots --motion <motion> --out <file.blt>",
  async run(args, io) {
    return withSession(args, io, async (s) => {
      const id = resolveId(s.replica, "motion", requireFlag(args, "motion"));
      const out = resolve(io.cwd, requireFlag(args, "out"));
      const recount = recountMotion(s.replica.fold, id);
      if (!recount.ok) throw domainError(recount.error);
      const { motion, profile, counted } = recount.value;
      if (profile === null)
        throw new CliError("METHOD_NOT_ALLOWED", {
          method: motion.method,
          kind: motion.kind,
        });
      const file = createWriteStream(out);
      const written = writeBltTo(
        {
          names: motion.options.map((o) => o.label),
          seats: motion.seats,
          title: pickText(motion.title, "en"),
          profile,
        },
        (chunk) => file.write(chunk),
      );
      await new Promise<void>((done, fail) =>
        file.end((e?: Error | null) => (e ? fail(e) : done())),
      );
      if (!written.ok)
        throw new CliError(written.error.code, { ...written.error.details });
      s.print({ motion: id, out, ballots: counted.length }, () =>
        say(s.lang, "recount.ballots-written", {
          count: counted.length,
          file: out,
        }),
      );
      return 0;
    });
  },
};
