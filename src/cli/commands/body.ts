/** @module `kenges body …`: create, rename, link, dissolve, list and show bodies. */

import {
  ASSEMBLY_SETTINGS,
  BODY_KINDS,
  COUNCIL_LEVELS,
  DEFAULT_RULES,
  type Rules,
} from "../../core/index.js";
import type { CanonicalValue } from "../../crypto/index.js";
import type { ParsedArgs } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { choiceFlag, intFlag, requireFlag, textFlags } from "../flags.js";
import { formatTime, pickText, short, table } from "../render.js";
import { resolveId } from "../resolve.js";
import { type Session, withSession } from "../session.js";

const THRESHOLDS = ["simple", "two-thirds", "absolute"] as const;

/** Rules from flags, over the defaults (or over `base`). */
export function rulesFromFlags(
  args: ParsedArgs,
  base: Rules = DEFAULT_RULES,
): Rules {
  const admissionVote = stringFlag(args, "admission") === "vote";
  const endorsements = intFlag(args, "endorsements", 1, 50);
  const admission: Rules["admission"] = admissionVote
    ? { method: "vote" }
    : endorsements !== undefined
      ? { method: "endorsements", endorsements }
      : base.admission;
  return {
    admission,
    quorumPercent: intFlag(args, "quorum", 0, 100) ?? base.quorumPercent,
    majority: choiceFlag(args, "majority", THRESHOLDS) ?? base.majority,
    recallThreshold:
      choiceFlag(args, "recall-threshold", THRESHOLDS) ?? base.recallThreshold,
    redaction:
      choiceFlag(args, "redaction", ["chairs", "vote"] as const) ??
      base.redaction,
    public: args.flags.has("public")
      ? stringFlag(args, "public") !== "false"
      : base.public,
    delegateWeight:
      choiceFlag(args, "delegate-weight", ["one", "represented"] as const) ??
      base.delegateWeight,
  };
}

function describeRules(r: Rules): string {
  const admission =
    r.admission.method === "vote"
      ? "by vote"
      : `${r.admission.endorsements} endorsement(s)`;
  return `admission ${admission}; quorum ${r.quorumPercent}%; majority ${r.majority}; recall ${r.recallThreshold}; redaction by ${r.redaction}; ${r.public ? "public" : "members only"}`;
}

async function create(s: Session): Promise<number> {
  const kind = choiceFlag(s.args, "kind", BODY_KINDS) ?? "assembly";
  const payload: Record<string, CanonicalValue | undefined> = {
    name: textFlags(s.args, "name"),
    kind,
    rules: rulesFromFlags(s.args) as unknown as CanonicalValue,
    founderName:
      (await s.identity()).name ?? stringFlag(s.args, "founder-name"),
  };
  if (kind === "assembly")
    payload.setting =
      choiceFlag(s.args, "setting", ASSEMBLY_SETTINGS) ?? "workplace";
  if (kind === "council")
    payload.level = choiceFlag(s.args, "level", COUNCIL_LEVELS) ?? "municipal";
  if (kind === "committee")
    payload.accountableTo = resolveId(
      s.replica,
      "body",
      requireFlag(s.args, "accountable-to"),
    );
  const event = await s.act("body.created", payload);
  s.print({ body: event.id }, () => `body created ${event.id}`);
  return 0;
}

async function show(s: Session): Promise<number> {
  const id = resolveId(s.replica, "body", s.args.positionals[1]);
  const st = s.replica.fold.state;
  const body = st.bodies.get(id);
  if (!body) throw new CliError("ID_NOT_FOUND", { kind: "body", id });
  const members = [...st.memberships.values()].filter(
    (m) => m.body === id && m.status === "member",
  );
  const links = [...st.links.values()].filter(
    (l) => l.child === id || l.parent === id,
  );
  const motions = [...st.motions.values()].filter((m) => m.body === id);
  const pending = [...st.joinRequests.values()].filter(
    (r) => r.body === id && r.status === "pending",
  );
  s.print(
    {
      body,
      members,
      links,
      motions: motions.map((m) => m.id),
      pendingRequests: pending,
    },
    () =>
      [
        `${pickText(body.name, s.lang)} (${body.kind}${body.level ? `, ${body.level}` : ""}${body.setting ? `, ${body.setting}` : ""})  ${id}`,
        `rules: ${describeRules(body.rules)}`,
        `chairs: ${body.chairs.map((c) => st.members.get(c)?.name ?? short(c)).join(", ")}`,
        ...links.map((l) =>
          l.child === id
            ? `sends ${l.seats} seat(s) to ${pickText(st.bodies.get(l.parent)?.name ?? {}, s.lang)} ${short(l.parent)}`
            : `receives ${l.seats} seat(s) from ${pickText(st.bodies.get(l.child)?.name ?? {}, s.lang)} ${short(l.child)}`,
        ),
        `members (${members.length}):`,
        table(
          members.map((m) => [
            "  " + (st.members.get(m.member)?.name ?? ""),
            short(m.member),
            `since ${formatTime(m.since)}`,
          ]),
        ),
        pending.length ? `join requests waiting (${pending.length}):` : "",
        table(
          pending.map((r) => [
            "  " + r.name,
            short(r.id),
            `${r.endorsedBy.length}/${r.needed || "vote"}`,
          ]),
        ),
        `motions: ${motions.length} (${motions.filter((m) => m.status === "open").length} open) — kenges motion list ${short(id)}`,
      ]
        .filter((l) => l !== "")
        .join("\n"),
  );
  return 0;
}

export const bodyCommand: Command = {
  name: "body",
  summary: "create, rename, link, dissolve, list and show bodies",
  usage: `kenges body create --kind assembly|committee|council --name <name> [--name-kk …] [--setting workplace|neighbourhood|other]
                    [--level municipal|regional|national|sectoral] [--accountable-to <body>]
                    [--endorsements N | --admission vote] [--quorum P] [--majority simple|two-thirds|absolute]
                    [--recall-threshold …] [--redaction chairs|vote] [--public] [--delegate-weight one|represented]
  kenges body rename <body> --name <name> [--name-kk …]
  kenges body link <child> <parent council> --seats N     (0 removes the link)
  kenges body dissolve <body>
  kenges body list [--json]
  kenges body show <body> [--json]`,
  async run(args, io) {
    const verb = args.positionals[0];
    return withSession(args, io, async (s) => {
      switch (verb) {
        case "create":
          return create(s);
        case "rename": {
          const body = resolveId(s.replica, "body", args.positionals[1]);
          const e = await s.act("body.renamed", {
            body,
            name: textFlags(args, "name")!,
          });
          s.print({ event: e.id }, () => `renamed ${short(body)}`);
          return 0;
        }
        case "link": {
          const child = resolveId(s.replica, "body", args.positionals[1]);
          const parent = resolveId(s.replica, "body", args.positionals[2]);
          const seats = intFlag(args, "seats", 0, 1000) ?? 1;
          const e = await s.act("body.linked", { child, parent, seats });
          s.print(
            { event: e.id },
            () =>
              `linked ${short(child)} → ${short(parent)} with ${seats} seat(s)`,
          );
          return 0;
        }
        case "dissolve": {
          const body = resolveId(s.replica, "body", args.positionals[1]);
          const e = await s.act("body.dissolved", { body });
          s.print({ event: e.id }, () => `dissolved ${short(body)}`);
          return 0;
        }
        case "list": {
          const bodies = [...s.replica.fold.state.bodies.values()];
          s.print(bodies, () =>
            table(
              bodies.map((b) => [
                short(b.id),
                b.kind,
                b.level ?? b.setting ?? "",
                pickText(b.name, s.lang),
              ]),
            ),
          );
          return 0;
        }
        case "show":
          return show(s);
        default:
          throw new CliError("USAGE", { command: "body", verb: verb ?? "" });
      }
    });
  },
};
