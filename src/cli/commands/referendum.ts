/**
 * @module `kenges referendum …`: a council puts a question to the bodies below it, each body
 * votes on it in its own motion (secret or open), its attesters carry the result up with
 * `kenges attest`, and the council's fold sums the results in effect, each body once.
 */
import {
  pairKey,
  REFERENDUM_OPTIONS,
  tallyReferendum,
} from "../../core/index.js";
import type { CanonicalValue } from "../../crypto/index.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { requireFlag, textFlags } from "../flags.js";
import { bodyName } from "../names.js";
import { pickText, short } from "../render.js";
import { resolveId } from "../resolve.js";
import { secretFromFlags } from "../secret-flags.js";
import { withSession } from "../session.js";
import { say } from "../words.js";

export const referendumCommand: Command = {
  name: "referendum",
  usage: `kenges referendum put <council> --title <question> --text <text> [--scope all|<body>,<body>…]
      (the council votes on putting it; once adopted, every body asked votes on the same question)
  kenges referendum open <referendum> --body <body> [--secret --registrar <offer> --registrar <offer>…]
      (the body's own vote on the question, yes/no/abstain; after its close: kenges attest <body>)
  kenges referendum show <referendum> [--council <council>] [--json]     per body and summed, as attested`,
  async run(args, io) {
    const verb = args.positionals[0];
    return withSession(args, io, async (s) => {
      const st = s.replica.fold.state;
      /** The question a council put, by its motion's id or prefix. */
      const putQuestion = (arg: string | undefined) => {
        const referendum = resolveId(s.replica, "motion", arg);
        const record = st.referendums.get(referendum);
        if (!record)
          throw new CliError("ID_NOT_FOUND", {
            kind: "referendum",
            id: referendum,
          });
        return [referendum, record] as const;
      };
      switch (verb) {
        case "put": {
          const council = resolveId(s.replica, "body", args.positionals[1]);
          const scopeFlag = stringFlag(args, "scope") ?? "all";
          const scope =
            scopeFlag === "all"
              ? "all"
              : scopeFlag
                  .split(",")
                  .map((b) => resolveId(s.replica, "body", b.trim()));
          const e = await s.act(council, "motion.opened", {
            kind: "referendum",
            title: textFlags(args, "title")!,
            text: textFlags(args, "text")!,
            subject: { kind: "referendum", scope },
          });
          s.print({ motion: e.id }, () =>
            say(s.lang, "referendum.put", { id: e.id, short: short(e.id) }),
          );
          return 0;
        }
        case "open": {
          const [referendum, record] = putQuestion(args.positionals[1]);
          const body = resolveId(s.replica, "body", requireFlag(args, "body"));
          const payload: Record<string, CanonicalValue> = {
            kind: "referendum",
            title: { ...record.title },
            text: { ...record.text },
            subject: { kind: "referendum", referendum },
          };
          const secret = secretFromFlags(s.replica, args);
          if (secret !== undefined) payload.secret = secret;
          const e = await s.act(body, "motion.opened", payload);
          s.print({ motion: e.id }, () =>
            say(s.lang, "motion.opened", {
              id: e.id,
              command: `kenges vote ${short(e.id)} yes|no|abstain`,
            }),
          );
          return 0;
        }
        case "show": {
          const [referendum, record] = putQuestion(args.positionals[1]);
          const council = stringFlag(args, "council")
            ? resolveId(s.replica, "body", stringFlag(args, "council"))
            : record.council;
          const tally = tallyReferendum(st, referendum, council)!;
          const figures = (c: { counts: readonly number[] }) =>
            Object.fromEntries(
              REFERENDUM_OPTIONS.map((o, k) => [o, c.counts[k] ?? 0]),
            );
          // Bodies further down are opaque ids to the council: named only where known.
          const name = (b: string) =>
            st.bodies.has(b) || st.links.has(pairKey(council, b))
              ? bodyName(st, b, s.lang, council)
              : short(b);
          s.print(
            {
              referendum,
              council: record.council,
              title: record.title,
              text: record.text,
              scope: record.scope,
              tally,
            },
            () =>
              [
                say(s.lang, "referendum.heading", {
                  title: pickText(record.title, s.lang),
                  council: bodyName(st, record.council, s.lang),
                }),
                say(s.lang, "referendum.tally", {
                  council: bodyName(st, council, s.lang),
                  bodies: tally.total.bodies,
                  cast: tally.total.cast,
                  eligible: tally.total.eligible,
                  ...figures(tally.total),
                }),
                ...tally.entries.map((e) =>
                  say(s.lang, "referendum.row", {
                    body: name(e.body),
                    cast: e.cast,
                    eligible: e.eligible,
                    ...figures(e),
                  }),
                ),
              ].join("\n"),
          );
          return 0;
        }
        default:
          throw new CliError("USAGE", {
            command: "referendum",
            verb: verb ?? "",
          });
      }
    });
  },
};
