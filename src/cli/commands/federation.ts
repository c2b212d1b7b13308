/**
 * @module The federation from the command line: `kenges delegate`, `kenges mandate`,
 * `kenges demand`, `kenges call` — electing and recalling delegates, binding them with
 * mandates, carrying demands up to the councils above (an attester signs a demand claim),
 * issuing and answering calls to action, and what each council sees of them.
 */

import {
  ACTION_KINDS,
  ANSWERS,
  aggregateDemand,
  claimHash,
  delegateViews,
  demandClaim,
  type FoldState,
  forwardedInto,
  pairKey,
  rollupCall,
} from "../../core/index.js";
import type { CanonicalValue } from "../../crypto/index.js";
import { attestersNow } from "../attesters.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { electionMotion } from "../election-motion.js";
import { choiceFlag, intFlag, requireFlag, textFlags } from "../flags.js";
import { bodyName, memberName } from "../names.js";
import { formatTime, pickText, short, table } from "../render.js";
import { resolveId } from "../resolve.js";
import { domainError, type Session, withSession } from "../session.js";
import { say, term } from "../words.js";

async function openMotion(
  s: Session,
  body: string,
  payload: Record<string, CanonicalValue | undefined>,
  hint: string,
): Promise<number> {
  const e = await s.act(body, "motion.opened", payload);
  s.print({ motion: e.id }, () =>
    say(s.lang, "federation.motion-opened", {
      id: e.id,
      hint: hint.replaceAll("{id}", short(e.id)),
    }),
  );
  return 0;
}

/** The member count a body's attesters last told a council (not withdrawn), or null. */
function attestedCount(
  st: FoldState,
  council: string,
  body: string,
): number | null {
  const facts = st.memberCountFacts
    .get(pairKey(council, body))
    .filter(
      (f) => st.supersededFacts.get(pairKey(council, f.claim)).length === 0,
    );
  return facts.length === 0 ? null : facts[facts.length - 1]!.value;
}

export const delegateCommand: Command = {
  name: "delegate",
  usage: `kenges delegate elect <body> --council <council> --candidates <member>,<member>… [--seats N] [--method plurality|approval|irv|scottish-stv|meek-stv|schulze|ranked-pairs]
  kenges delegate recall <body> --council <council> --member <member> [--text <why>]
  kenges delegate list <council> [--json]     who sits for each body below, as attested
  kenges delegate show <member> [--council <council>] [--json]   seats held, ballots cast, deviations, recalls
  An election or recall takes effect on the council once the body's attesters sign it: kenges attest <body>`,
  async run(args, io) {
    const verb = args.positionals[0];
    return withSession(args, io, async (s) => {
      const st = s.replica.fold.state;
      switch (verb) {
        case "elect": {
          const body = resolveId(s.replica, "body", args.positionals[1]);
          const council = resolveId(
            s.replica,
            "body",
            requireFlag(args, "council"),
          );
          return openMotion(
            s,
            body,
            electionMotion(
              s,
              args,
              body,
              {
                title: `Delegates to ${bodyName(st, council, "en", council)}`,
                text: "Election of our delegates. Recallable at any time.",
              },
              { kind: "election", role: "delegate", council },
            ),
            say(s.lang, "federation.hint.election"),
          );
        }
        case "recall": {
          const body = resolveId(s.replica, "body", args.positionals[1]);
          const council = resolveId(
            s.replica,
            "body",
            requireFlag(args, "council"),
          );
          const member = resolveId(
            s.replica,
            "member",
            requireFlag(args, "member"),
          );
          return openMotion(
            s,
            body,
            {
              kind: "recall",
              title: { en: `Recall ${memberName(st, member, body)}` },
              text: textFlags(args, "text", false) ?? {
                en: `Recall of our delegate to ${bodyName(st, council, "en")}.`,
              },
              subject: { kind: "recall", council, member },
            },
            say(s.lang, "federation.hint.yes-no"),
          );
        }
        case "list": {
          const council = resolveId(s.replica, "body", args.positionals[1]);
          const delegations = [...st.delegations.values()]
            .filter((d) => d.council === council)
            .map((d) => ({
              ...d,
              name: bodyName(st, d.body, s.lang, council),
              members: attestedCount(st, council, d.body),
              names: d.delegates.map((m) => memberName(st, m, council)),
            }));
          s.print(delegations, () =>
            table(
              delegations.map((d) => [
                d.name,
                `${d.delegates.length}/${d.seats}`,
                d.names.join(", ") || say(s.lang, "federation.vacant"),
                d.members === null
                  ? ""
                  : say(s.lang, "federation.members", { count: d.members }),
              ]),
            ),
          );
          return 0;
        }
        case "show": {
          const member = resolveId(s.replica, "member", args.positionals[1]);
          const only = stringFlag(args, "council");
          const council =
            only === undefined ? undefined : resolveId(s.replica, "body", only);
          const views = delegateViews(st).filter(
            (d) =>
              d.member === member &&
              (council === undefined || d.council === council),
          );
          if (views.length === 0)
            throw new CliError("ID_NOT_FOUND", {
              kind: "delegate",
              id: member,
            });
          s.print(views, () =>
            views
              .map((view) =>
                [
                  say(s.lang, "delegate.on", {
                    name: view.name || memberName(st, member, view.council),
                    id: short(member),
                    council: bodyName(st, view.council, s.lang),
                  }),
                  say(s.lang, "delegate.seats"),
                  table(
                    view.terms.map((t) => [
                      `  ${say(s.lang, "delegate.for", { body: bodyName(st, t.body, s.lang, view.council) })}`,
                      formatTime(t.from),
                      t.until
                        ? say(s.lang, "delegate.until", {
                            time: formatTime(t.until),
                            ended: term(s.lang, "seat-end", t.ended ?? ""),
                          })
                        : say(s.lang, "delegate.sitting"),
                    ]),
                  ),
                  say(s.lang, "delegate.ballots", {
                    count: view.ballots.length,
                  }),
                  say(s.lang, "delegate.deviations", {
                    count: view.deviations.length,
                  }),
                  ...view.deviations.map(
                    (d) =>
                      `  ${say(s.lang, "delegate.deviation", { motion: short(d.motion), bound: JSON.stringify(d.bound), cast: JSON.stringify(d.cast) })}`,
                  ),
                  say(s.lang, "delegate.recalls", {
                    count: view.recalls.length,
                  }),
                ].join("\n"),
              )
              .join("\n\n"),
          );
          return 0;
        }
        default:
          throw new CliError("USAGE", {
            command: "delegate",
            verb: verb ?? "",
          });
      }
    });
  },
};

/** Parses "motion=yes" (or =no / =abstain) into a bound position. */
function position(s: Session, text: string): CanonicalValue {
  const [motion, vote] = text.split("=");
  if (vote !== "yes" && vote !== "no" && vote !== "abstain")
    throw new CliError("FLAG_INVALID", { flag: "position", value: text });
  return { motion: resolveId(s.replica, "motion", motion), choice: { vote } };
}

export const mandateCommand: Command = {
  name: "mandate",
  usage: `kenges mandate propose <body> --council <council> --text <instructions> [--position <council motion>=yes|no|abstain]…
  kenges mandate show <body> --council <council> [--json]`,
  async run(args, io) {
    const verb = args.positionals[0];
    return withSession(args, io, async (s) => {
      const st = s.replica.fold.state;
      const body = resolveId(s.replica, "body", args.positionals[1]);
      const council = resolveId(
        s.replica,
        "body",
        requireFlag(args, "council"),
      );
      if (verb === "propose") {
        // Several --position flags collect comma-separated; a comma list works too.
        const positions = (stringFlag(args, "position") ?? "")
          .split(",")
          .filter(Boolean)
          .map((p) => position(s, p));
        return openMotion(
          s,
          body,
          {
            kind: "mandate",
            title: {
              en: `Mandate for our delegates to ${bodyName(st, council, "en")}`,
            },
            text: textFlags(args, "text")!,
            subject: { kind: "mandate", council, positions },
          },
          say(s.lang, "federation.hint.yes-no"),
        );
      }
      if (verb === "show") {
        // The body keeps the instructions; the council holds the positions its attesters carried.
        const adopted = st.ownMandates.get(pairKey(body, council)) ?? null;
        const attested = st.mandates.get(pairKey(council, body)) ?? null;
        const positions = (m: NonNullable<typeof adopted>): string[] =>
          m.positions.map(
            (p) => `  ${short(p.motion)} → ${JSON.stringify(p.choice)}`,
          );
        s.print({ adopted, attested }, () =>
          [
            adopted === null
              ? say(s.lang, "mandate.none-adopted")
              : [
                  say(s.lang, "mandate.adopted", {
                    time: formatTime(adopted.adoptedAt),
                    text: pickText(adopted.instructions ?? {}, s.lang),
                  }),
                  ...positions(adopted),
                ].join("\n"),
            attested === null
              ? say(s.lang, "mandate.none-attested", {
                  council: bodyName(st, council, s.lang),
                })
              : [
                  say(s.lang, "mandate.attested", {
                    council: bodyName(st, council, s.lang),
                  }),
                  ...positions(attested),
                ].join("\n"),
          ].join("\n"),
        );
        return 0;
      }
      throw new CliError("USAGE", { command: "mandate", verb: verb ?? "" });
    });
  },
};

export const demandCommand: Command = {
  name: "demand",
  usage: `kenges demand forward <demand> --council <council> [--into <council demand>]
      (as an attester of the demand's body: its adopted demand motion, or a council demand it holds)
  kenges demand list <council> [--json]
  kenges demand show <demand> [--json]        bodies and members at every level, and who carried it`,
  async run(args, io) {
    const verb = args.positionals[0];
    return withSession(args, io, async (s) => {
      const st = s.replica.fold.state;
      switch (verb) {
        case "forward": {
          const demand = resolveId(s.replica, "demand", args.positionals[1]);
          const body =
            st.motions.get(demand)?.body ??
            st.councilDemands.get(demand)?.council;
          if (body === undefined)
            throw new CliError("ID_NOT_FOUND", { kind: "demand", id: demand });
          const council = resolveId(
            s.replica,
            "body",
            requireFlag(args, "council"),
          );
          const typedInto = stringFlag(args, "into");
          const into =
            typedInto === undefined
              ? undefined
              : resolveId(s.replica, "demand", typedInto);
          const claim = demandClaim(s.replica.fold, body, demand, into);
          if (!claim.ok) throw domainError(claim.error);
          const e = await s.act(council, "attestation.made", {
            body,
            claim: claim.value as unknown as CanonicalValue,
          });
          const state = s.replica.fold.state;
          const record = state.claims.get(
            pairKey(council, claimHash(body, claim.value)),
          );
          const link = attestersNow(state, council, body);
          const waiting =
            record?.effectiveAt === null
              ? Math.max(
                  0,
                  (link?.threshold ?? 1) - (record?.signers.length ?? 0),
                )
              : 0;
          const target = forwardedInto(state, council, claim.value.cites);
          s.print(
            { event: e.id, claim: record?.hash ?? null, into: target, waiting },
            () =>
              target === null
                ? say(s.lang, "demand.signed-waiting", { count: waiting })
                : say(s.lang, "demand.carried", {
                    council: bodyName(state, council, s.lang),
                    id: short(target),
                  }),
          );
          return 0;
        }
        case "list": {
          const council = resolveId(s.replica, "body", args.positionals[1]);
          const list = [...st.councilDemands.values()]
            .filter((d) => d.council === council)
            .map((d) => ({ ...d, aggregate: aggregateDemand(st, d.id)! }));
          list.sort((a, b) => b.aggregate.members - a.aggregate.members);
          s.print(list, () =>
            table(
              list.map((d) => [
                short(d.id),
                d.redacted
                  ? say(s.lang, "motion.words-removed")
                  : pickText(d.title, s.lang),
                say(s.lang, "federation.bodies", {
                  count: d.aggregate.bodies.length,
                }),
                say(s.lang, "federation.members", {
                  count: d.aggregate.members,
                }),
              ]),
            ),
          );
          return 0;
        }
        case "show": {
          const demand = resolveId(s.replica, "demand", args.positionals[1]);
          const agg = aggregateDemand(st, demand);
          if (!agg)
            throw new CliError("ID_NOT_FOUND", { kind: "demand", id: demand });
          // Bodies further down are opaque ids to the council: named only where known.
          const name = (b: string) =>
            st.bodies.has(b) || st.links.has(pairKey(agg.council, b))
              ? bodyName(st, b, s.lang, agg.council)
              : short(b);
          const lines = [
            say(s.lang, "demand.total", {
              council: bodyName(st, agg.council, s.lang),
              bodies: agg.bodies.length,
              members: agg.members,
            }),
          ];
          for (const l of agg.levels)
            lines.push(
              `  ${say(s.lang, "demand.level", { level: term(s.lang, "level", l.level), bodies: l.bodies.length, members: l.members, names: l.bodies.map(name).join(", ") })}`,
            );
          lines.push(say(s.lang, "demand.carried-up-by"));
          for (const f of agg.forwards)
            lines.push(`  ← ${name(f.body)} (${formatTime(f.time)})`);
          s.print(agg, () => lines.join("\n"));
          return 0;
        }
        default:
          throw new CliError("USAGE", { command: "demand", verb: verb ?? "" });
      }
    });
  },
};

export const callCommand: Command = {
  name: "call",
  usage: `kenges call issue <council> --title <title> --text <text> --starts <ISO time> [--kind strike|demonstration|boycott|other] [--scope all|<body>,<body>…]
  kenges call answer <call> --body <body> --answer will-join|will-not|started|ended [--headcount N] [--note <text>]
      (a chair of the body signs, in the body's own scope; its attesters carry it up with kenges attest)
  kenges call show <call> [--council <council>] [--json]     answers per level and per day, people counted once`,
  async run(args, io) {
    const verb = args.positionals[0];
    return withSession(args, io, async (s) => {
      const st = s.replica.fold.state;
      switch (verb) {
        case "issue": {
          const council = resolveId(s.replica, "body", args.positionals[1]);
          const starts = Date.parse(requireFlag(args, "starts"));
          if (Number.isNaN(starts))
            throw new CliError("FLAG_INVALID", {
              flag: "starts",
              value: stringFlag(args, "starts"),
            });
          const scopeFlag = stringFlag(args, "scope") ?? "all";
          const scope =
            scopeFlag === "all"
              ? "all"
              : scopeFlag
                  .split(",")
                  .map((b) => resolveId(s.replica, "body", b.trim()));
          return openMotion(
            s,
            council,
            {
              kind: "action",
              title: textFlags(args, "title")!,
              text: textFlags(args, "text")!,
              subject: {
                kind: "action",
                action: choiceFlag(args, "kind", ACTION_KINDS) ?? "strike",
                startsAt: starts,
                scope,
              },
            },
            say(s.lang, "federation.hint.call"),
          );
        }
        case "answer": {
          const call = resolveId(s.replica, "motion", args.positionals[1]);
          const body = resolveId(s.replica, "body", requireFlag(args, "body"));
          const e = await s.act(body, "action.answered", {
            call,
            answer:
              choiceFlag(args, "answer", ANSWERS) ??
              requireFlag(args, "answer"),
            headcount: intFlag(args, "headcount", 0, 10_000_000) ?? 0,
            note: stringFlag(args, "note"),
          });
          s.print({ event: e.id }, () =>
            say(s.lang, "call.answered", {
              body: bodyName(st, body, s.lang),
            }),
          );
          return 0;
        }
        case "show": {
          const call = resolveId(s.replica, "motion", args.positionals[1]);
          const record = st.calls.get(call);
          if (!record)
            throw new CliError("ID_NOT_FOUND", { kind: "call", id: call });
          const council = stringFlag(args, "council")
            ? resolveId(s.replica, "body", stringFlag(args, "council"))
            : record.council;
          const r = rollupCall(st, call, council)!;
          const row = (label: string, c: typeof r.total) => [
            label,
            ...ANSWERS.map(
              (a) => `${c.bodies[a]} (${c.members[a]} / ${c.headcount[a]})`,
            ),
          ];
          s.print(r, () =>
            [
              say(s.lang, "call.heading", {
                title: pickText(record.title, s.lang),
                kind: term(s.lang, "action", record.kind),
                starts: formatTime(record.startsAt),
                council: bodyName(st, council, s.lang),
              }),
              say(s.lang, "call.legend"),
              table([
                ["", ...ANSWERS.map((a) => term(s.lang, "answer", a))],
                row(say(s.lang, "call.total"), r.total),
                ...r.levels.map((l) => row(term(s.lang, "level", l.level), l)),
                ...r.days.map((d) => row(d.day, d)),
              ]),
              say(s.lang, "call.rule"),
              r.children.length > 0
                ? say(s.lang, "call.carried", {
                    bodies: r.children
                      .map((c) => bodyName(st, c.body, s.lang, council))
                      .join(", "),
                  })
                : "",
            ]
              .filter((l) => l !== "")
              .join("\n"),
          );
          return 0;
        }
        default:
          throw new CliError("USAGE", { command: "call", verb: verb ?? "" });
      }
    });
  },
};
