/**
 * @module The federation from the command line: `kenges delegate`, `kenges mandate`,
 * `kenges demand`, `kenges call` — electing and recalling delegates, binding them with
 * mandates, raising demands to the councils above, issuing and answering calls to action.
 */

import {
  ACTION_KINDS,
  ANSWERS,
  aggregateDemand,
  delegateViews,
  rollupCall,
} from "../../core/index.js";
import type { CanonicalValue } from "../../crypto/index.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { choiceFlag, intFlag, requireFlag, textFlags } from "../flags.js";
import { formatTime, pickText, short, table } from "../render.js";
import { resolveId } from "../resolve.js";
import { type Session, withSession } from "../session.js";

function name(s: Session, member: string): string {
  return s.replica.fold.state.members.get(member)?.name ?? short(member);
}

function bodyName(s: Session, body: string): string {
  return (
    pickText(s.replica.fold.state.bodies.get(body)?.name ?? {}, s.lang) ||
    short(body)
  );
}

async function openMotion(
  s: Session,
  payload: Record<string, CanonicalValue | undefined>,
  hint: string,
): Promise<number> {
  const e = await s.act("motion.opened", payload);
  s.print(
    { motion: e.id },
    () => `motion opened ${e.id}\n${hint.replaceAll("{id}", short(e.id))}`,
  );
  return 0;
}

export const delegateCommand: Command = {
  name: "delegate",
  summary:
    "elect and recall a body's delegates to a council; show delegates' records",
  usage: `kenges delegate elect <body> --council <council> --candidates <member>,<member>… [--seats N] [--method plurality|approval|irv|scottish-stv|meek-stv|schulze|ranked-pairs]
  kenges delegate recall <body> --council <council> --member <member> [--text <why>]
  kenges delegate list <council> [--json]
  kenges delegate show <member> [--json]        seats held, ballots cast, deviations, recalls`,
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
          const candidates = requireFlag(args, "candidates")
            .split(",")
            .map((c) => resolveId(s.replica, "member", c.trim()));
          const seats = intFlag(args, "seats", 1, 100) ?? 1;
          return openMotion(
            s,
            {
              body,
              kind: "election",
              title: { en: `Delegates to ${bodyName(s, council)}` },
              text: textFlags(args, "text", false) ?? {
                en: "Election of our delegates. Recallable at any time.",
              },
              method:
                stringFlag(args, "method") ??
                (seats > 1 ? "scottish-stv" : "irv"),
              options: candidates.map((m) => ({
                label: name(s, m),
                member: m,
              })),
              seats,
              subject: { kind: "election", role: "delegate", council },
            },
            'members vote with: kenges vote {id} --rank "0;1" (or --pick / --approve); the chair closes it',
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
            {
              body,
              kind: "recall",
              title: { en: `Recall ${name(s, member)}` },
              text: textFlags(args, "text", false) ?? {
                en: `Recall of our delegate to ${bodyName(s, council)}.`,
              },
              subject: { kind: "recall", council, member },
            },
            "members vote with: kenges vote {id} yes|no|abstain; the chair closes it",
          );
        }
        case "list": {
          const council = resolveId(s.replica, "body", args.positionals[1]);
          const delegations = [...st.delegations.values()].filter(
            (d) => d.council === council,
          );
          s.print(delegations, () =>
            table(
              delegations.map((d) => [
                bodyName(s, d.body),
                `${d.delegates.length}/${d.seats}`,
                d.delegates.map((m) => name(s, m)).join(", ") || "(vacant)",
              ]),
            ),
          );
          return 0;
        }
        case "show": {
          const member = resolveId(s.replica, "member", args.positionals[1]);
          const view = delegateViews(st).find((d) => d.member === member);
          if (!view)
            throw new CliError("ID_NOT_FOUND", {
              kind: "delegate",
              id: member,
            });
          s.print(view, () =>
            [
              `${view.name} ${short(member)}`,
              "seats:",
              table(
                view.terms.map((t) => [
                  "  " + bodyName(s, t.council),
                  `for ${bodyName(s, t.body)}`,
                  formatTime(t.from),
                  t.until
                    ? `until ${formatTime(t.until)} (${t.ended})`
                    : "sitting",
                ]),
              ),
              `ballots cast on councils: ${view.ballots.length}`,
              `mandate deviations: ${view.deviations.length}`,
              ...view.deviations.map(
                (d) =>
                  `  ${short(d.motion)}: bound ${JSON.stringify(d.bound)}, cast ${JSON.stringify(d.cast)}`,
              ),
              `recalls: ${view.recalls.length}`,
            ].join("\n"),
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
  summary:
    "propose a mandate for a body's delegates on a council; show the mandate in force",
  usage: `kenges mandate propose <body> --council <council> --text <instructions> [--position <council motion>=yes|no|abstain]…
  kenges mandate show <body> --council <council> [--json]`,
  async run(args, io) {
    const verb = args.positionals[0];
    return withSession(args, io, async (s) => {
      const body = resolveId(s.replica, "body", args.positionals[1]);
      const council = resolveId(
        s.replica,
        "body",
        requireFlag(args, "council"),
      );
      if (verb === "propose") {
        // Several --position flags: the parser keeps the last; accept a comma list too.
        const positions = (stringFlag(args, "position") ?? "")
          .split(",")
          .filter(Boolean)
          .map((p) => position(s, p));
        return openMotion(
          s,
          {
            body,
            kind: "mandate",
            title: {
              en: `Mandate for our delegates to ${bodyName(s, council)}`,
            },
            text: textFlags(args, "text")!,
            subject: { kind: "mandate", council, positions },
          },
          "members vote with: kenges vote {id} yes|no|abstain; the chair closes it",
        );
      }
      if (verb === "show") {
        const mandate =
          s.replica.fold.state.mandates.get(`${council} ${body}`) ?? null;
        s.print(mandate, () =>
          mandate === null
            ? "no mandate in force"
            : [
                pickText(mandate.instructions, s.lang),
                ...mandate.positions.map(
                  (p) => `  ${short(p.motion)} → ${JSON.stringify(p.choice)}`,
                ),
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
  summary:
    "forward an adopted demand to a council; list a council's demands with their support",
  usage: `kenges demand forward <demand> --council <council> [--into <council demand>]
  kenges demand list <council> [--json]
  kenges demand show <demand> [--json]        bodies and members at every level, and the path`,
  async run(args, io) {
    const verb = args.positionals[0];
    return withSession(args, io, async (s) => {
      const st = s.replica.fold.state;
      const demandId = (typed: string | undefined) => {
        const prefix = (typed ?? "").toLowerCase();
        const found = [
          ...st.councilDemands.keys(),
          ...st.motions.keys(),
        ].filter((k) => k.startsWith(prefix));
        if (prefix.length < 6 || found.length === 0)
          throw new CliError("ID_NOT_FOUND", {
            kind: "demand",
            id: typed ?? "",
          });
        if (found.length > 1)
          throw new CliError("ID_AMBIGUOUS", {
            kind: "demand",
            id: typed ?? "",
          });
        return found[0]!;
      };
      switch (verb) {
        case "forward": {
          const demand = demandId(args.positionals[1]);
          const council = resolveId(
            s.replica,
            "body",
            requireFlag(args, "council"),
          );
          const into = stringFlag(args, "into");
          const e = await s.act("demand.forwarded", {
            demand,
            council,
            into: into ? demandId(into) : undefined,
          });
          const target = st.forwardedInto.get(`${demand} ${council}`);
          s.print(
            { event: e.id, into: target },
            () =>
              `forwarded to ${bodyName(s, council)}: demand ${short(target ?? e.id)}`,
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
                pickText(d.title, s.lang),
                `${d.aggregate.bodies.length} bodies`,
                `${d.aggregate.members} members`,
              ]),
            ),
          );
          return 0;
        }
        case "show": {
          const demand = demandId(args.positionals[1]);
          const agg = aggregateDemand(st, demand);
          if (!agg)
            throw new CliError("ID_NOT_FOUND", { kind: "demand", id: demand });
          const lines = [
            `${bodyName(s, agg.council)}: ${agg.bodies.length} bodies, ${agg.members} members`,
          ];
          for (const l of agg.levels)
            lines.push(
              `  ${l.level}: ${l.bodies.length} bodies (${l.members} members) — ${l.bodies.map((b) => bodyName(s, b)).join(", ")}`,
            );
          lines.push("path:");
          const walk = (nodes: typeof agg.path, depth: number) => {
            for (const n of nodes) {
              lines.push(
                `${"  ".repeat(depth + 1)}← ${bodyName(s, n.body)} (${formatTime(n.time)})`,
              );
              walk(n.from, depth + 1);
            }
          };
          walk(agg.path, 0);
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
  summary:
    "issue a call to action from a council, answer it for a body, see how it spread",
  usage: `kenges call issue <council> --title <title> --text <text> --starts <ISO time> [--kind strike|demonstration|boycott|other] [--scope all|<body>,<body>…]
  kenges call answer <call> --body <body> --answer will-join|will-not|started|ended [--headcount N] [--note <text>]
  kenges call show <call> [--council <council>] [--json]     answers per level and per day`,
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
            {
              body: council,
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
            "delegates vote with: kenges vote {id} yes|no|abstain; once adopted, bodies answer with kenges call answer {id} …",
          );
        }
        case "answer": {
          const call = resolveId(s.replica, "motion", args.positionals[1]);
          const body = resolveId(s.replica, "body", requireFlag(args, "body"));
          const e = await s.act("action.answered", {
            call,
            body,
            answer:
              choiceFlag(args, "answer", ANSWERS) ??
              requireFlag(args, "answer"),
            headcount: intFlag(args, "headcount", 0, 10_000_000) ?? 0,
            note: stringFlag(args, "note"),
          });
          s.print({ event: e.id }, () => `answered for ${bodyName(s, body)}`);
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
            ...ANSWERS.map((a) => `${c.bodies[a]} (${c.members[a]})`),
          ];
          s.print(r, () =>
            [
              `${pickText(record.title, s.lang)} — ${record.kind} from ${formatTime(record.startsAt)}, as ${bodyName(s, council)} sees it`,
              "bodies (members they represent) by their latest answer:",
              table([
                ["", ...ANSWERS],
                row("total", r.total),
                ...r.levels.map((l) => row(l.level, l)),
                ...r.days.map((d) => row(d.day, d)),
              ]),
            ].join("\n"),
          );
          return 0;
        }
        default:
          throw new CliError("USAGE", { command: "call", verb: verb ?? "" });
      }
    });
  },
};
