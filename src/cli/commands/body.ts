/** @module `kenges body …`: create, rename, link, dissolve, list and show bodies. */

import {
  ASSEMBLY_SETTINGS,
  BODY_KINDS,
  COUNCIL_LEVELS,
  DEFAULT_RULES,
  normalizeName,
  type Rules,
} from "../../core/index.js";
import { type CanonicalValue, decodeCanonical } from "../../crypto/index.js";
import type { ParsedArgs } from "../args.js";
import { attestersNow } from "../attesters.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { choiceFlag, intFlag, requireFlag, textFlags } from "../flags.js";
import { keyId } from "../keyring.js";
import { bodyName, memberName } from "../names.js";
import { formatTime, pickText, short, table } from "../render.js";
import { resolveId } from "../resolve.js";
import { type Session, withSession } from "../session.js";
import { bodyKindWords, say, term } from "../words.js";

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
  // Optional in the rules: left out unless given here or already set, so the rules encode as before.
  const meetingDemandPercent =
    intFlag(args, "meeting-demand", 1, 100) ?? base.meetingDemandPercent;
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
    ...(meetingDemandPercent === undefined ? {} : { meetingDemandPercent }),
  };
}

/** A founder's name as the core accepts it (normalised), or none when nothing is left of it. */
function nameOrUndefined(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  return normalizeName(name) || undefined;
}

function describeRules(r: Rules, lang: string): string {
  const admission =
    r.admission.method === "vote"
      ? say(lang, "body.rules.by-vote")
      : say(lang, "body.rules.endorsements", {
          count: r.admission.endorsements,
        });
  return say(lang, "body.rules", {
    admission,
    quorum: r.quorumPercent,
    majority: term(lang, "threshold", r.majority),
    recall: term(lang, "threshold", r.recallThreshold),
    redaction: term(lang, "redaction", r.redaction),
    visibility: say(
      lang,
      r.public ? "body.rules.public" : "body.rules.members-only",
    ),
  });
}

/** The name a founder of the federation gave in its genesis, if the key is one. */
function genesisName(s: Session, key: string): string | undefined {
  const genesis = s.replica.federation;
  const bytes = genesis === null ? null : s.replica.fold.payloadOf(genesis);
  const decoded = bytes === null ? null : decodeCanonical(bytes);
  if (!decoded?.ok) return undefined;
  const founders = (decoded.value as { founders?: unknown }).founders;
  if (!Array.isArray(founders)) return undefined;
  const found = founders.find(
    (f) => (f as { key?: unknown } | null)?.key === key,
  ) as { name?: unknown } | undefined;
  return typeof found?.name === "string" ? found.name : undefined;
}

async function create(s: Session): Promise<number> {
  const kind = choiceFlag(s.args, "kind", BODY_KINDS) ?? "assembly";
  const who = await s.identity();
  const payload: Record<string, CanonicalValue | undefined> = {
    name: textFlags(s.args, "name"),
    kind,
    rules: rulesFromFlags(s.args) as unknown as CanonicalValue,
    founderName: nameOrUndefined(
      who.name ??
        stringFlag(s.args, "founder-name") ??
        genesisName(s, keyId(who.key)),
    ),
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
  const event = await s.act(null, "body.created", payload);
  s.print({ body: event.id }, () =>
    say(s.lang, "body.created", { id: event.id }),
  );
  return 0;
}

/**
 * Keys named by `--attester` (labels, demo people, hex keys or member id prefixes); without
 * one, the body's chairs when `chairs` allows it.
 */
export async function attestersFrom(
  s: Session,
  child: string,
  chairs = true,
): Promise<string[]> {
  const named = (stringFlag(s.args, "attester") ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  if (named.length === 0) {
    if (!chairs) throw new CliError("USAGE", { missing: "--attester" });
    // Usually the body's chair carries its facts up.
    const held = s.replica.fold.state.bodies.get(child)?.chairs ?? [];
    if (held.length === 0)
      throw new CliError("USAGE", { missing: "--attester" });
    return [...held];
  }
  const keys: string[] = [];
  for (const who of named) {
    try {
      keys.push(await s.keyring.publicKeyOf(who));
    } catch (e) {
      if (!(e instanceof CliError) || !/^[0-9a-f]{6,63}$/.test(who)) throw e;
      keys.push(resolveId(s.replica, "member", who));
    }
  }
  return keys;
}

/** The card a council keeps of a body below: from flags, else from the body's own record. */
function cardFrom(s: Session, child: string): Record<string, CanonicalValue> {
  const record = s.replica.fold.state.bodies.get(child);
  const kind =
    choiceFlag(s.args, "kind", BODY_KINDS) ?? record?.kind ?? undefined;
  if (kind === undefined) throw new CliError("USAGE", { missing: "--kind" });
  const name = textFlags(s.args, "name", false) ?? record?.name;
  if (name === undefined) throw new CliError("USAGE", { missing: "--name" });
  const card: Record<string, CanonicalValue> = { name: { ...name }, kind };
  const setting =
    choiceFlag(s.args, "setting", ASSEMBLY_SETTINGS) ?? record?.setting;
  const level = choiceFlag(s.args, "level", COUNCIL_LEVELS) ?? record?.level;
  if (kind === "assembly" && setting) card.setting = setting;
  if (kind === "council" && level) card.level = level;
  return card;
}

async function link(s: Session): Promise<number> {
  const args = s.args;
  const child = resolveId(s.replica, "body", args.positionals[1]);
  const council = resolveId(s.replica, "body", args.positionals[2]);
  const seats = intFlag(args, "seats", 0, 1000) ?? 1;
  if (seats === 0) {
    const e = await s.act(council, "body.linked", { child, seats });
    s.print({ event: e.id, council, child, seats }, () =>
      say(s.lang, "body.unlinked", {
        child: short(child),
        council: short(council),
      }),
    );
    return 0;
  }
  const attesters = await attestersFrom(s, child);
  const threshold = intFlag(args, "threshold", 1, 16) ?? 1;
  const card = cardFrom(s, child);
  const e = await s.act(council, "body.linked", {
    child,
    seats,
    card,
    attesters,
    threshold,
  });
  const st = s.replica.fold.state;
  s.print({ event: e.id, council, child, seats, attesters, threshold }, () =>
    say(s.lang, "body.linked", {
      child: bodyName(st, child, s.lang, council),
      council: bodyName(st, council, s.lang),
      seats,
      attesters: say(s.lang, "body.attesters", {
        names: attesters.map((k) => memberName(st, k, child)).join(", "),
        threshold,
      }),
    }),
  );
  return 0;
}

async function show(s: Session): Promise<number> {
  const id = resolveId(s.replica, "body", s.args.positionals[1]);
  const st = s.replica.fold.state;
  const body = st.bodies.get(id);
  if (!body) throw new CliError("ID_NOT_FOUND", { kind: "body", id });
  const members = [...st.memberships.values()]
    .filter((m) => m.body === id && m.status === "member")
    .map((m) => ({ ...m, name: memberName(st, m.member, id) }));
  const above = [...st.links.values()].filter((l) => l.child === id);
  const below = [...st.links.values()].filter((l) => l.council === id);
  const motions = [...st.motions.values()].filter((m) => m.body === id);
  const pending = [...st.joinRequests.values()].filter(
    (r) => r.body === id && r.status === "pending",
  );
  const attesters = (l: (typeof above)[number]) => {
    const now = attestersNow(st, l.council, l.child)!;
    return say(s.lang, "body.attesters", {
      names: now.attesters.map((k) => memberName(st, k, l.child)).join(", "),
      threshold: now.threshold,
    });
  };
  s.print(
    {
      body,
      members,
      links: { above, below },
      motions: motions.map((m) => m.id),
      pendingRequests: pending,
    },
    () =>
      [
        `${pickText(body.name, s.lang)} (${bodyKindWords(s.lang, body)})  ${id}`,
        say(s.lang, "body.show.rules", {
          rules: describeRules(body.rules, s.lang),
        }),
        say(s.lang, "body.show.chairs", {
          chairs: body.chairs.map((c) => memberName(st, c, id)).join(", "),
        }),
        body.accountableTo
          ? say(s.lang, "body.show.accountable", {
              body: bodyName(st, body.accountableTo, s.lang),
              id: short(body.accountableTo),
            })
          : "",
        ...above.map((l) =>
          say(s.lang, "body.show.sends", {
            seats: l.seats,
            council: bodyName(st, l.council, s.lang),
            id: short(l.council),
            attesters: attesters(l),
          }),
        ),
        ...below.map((l) =>
          say(s.lang, "body.show.receives", {
            seats: l.seats,
            body: pickText(l.card.name, s.lang),
            id: short(l.child),
            attesters: attesters(l),
          }),
        ),
        say(s.lang, "body.show.members", { count: members.length }),
        table(
          members.map((m) => [
            `  ${m.name}`,
            short(m.member),
            say(s.lang, "body.show.since", { time: formatTime(m.since) }),
          ]),
        ),
        pending.length
          ? say(s.lang, "body.show.requests", { count: pending.length })
          : "",
        table(
          pending.map((r) => [
            `  ${r.name}`,
            short(r.id),
            `${r.endorsedBy.length}/${r.needed || say(s.lang, "member.needs-vote")}`,
          ]),
        ),
        say(s.lang, "body.show.motions", {
          count: motions.length,
          open: motions.filter((m) => m.status === "open").length,
          command: `kenges motion list ${short(id)}`,
        }),
      ]
        .filter((l) => l !== "")
        .join("\n"),
  );
  return 0;
}

export const bodyCommand: Command = {
  name: "body",
  usage: `kenges body create --name <name> [--kind assembly|committee|council] [--name-kk …] [--founder-name <your name>] [--setting workplace|neighbourhood|other]
                    [--level municipal|regional|national|sectoral] [--accountable-to <body>]   (a committee needs it)
                    [--endorsements N | --admission vote] [--quorum P] [--majority simple|two-thirds|absolute]
                    [--recall-threshold …] [--redaction chairs|vote] [--public] [--delegate-weight one|represented]
                    [--meeting-demand P]   (the share of voters, %, whose demand convenes a meeting; default 25)
  kenges body rename <body> --name <name> [--name-kk …]
  kenges body link <child> <council> [--seats N] [--attester <label|key>…] [--threshold k]
                    [--name <card name> …] [--kind … --setting … --level …]
      (a coordinator or the council's founder signs; --seats defaults to 1, 0 removes the link;
       the card's name and kind default to the body's own, the attester to its chair)
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
          const e = await s.act(body, "body.renamed", {
            name: textFlags(args, "name")!,
          });
          s.print({ event: e.id }, () =>
            say(s.lang, "body.renamed", { id: short(body) }),
          );
          return 0;
        }
        case "link":
          return link(s);
        case "dissolve": {
          const body = resolveId(s.replica, "body", args.positionals[1]);
          const e = await s.act(body, "body.dissolved", {});
          s.print({ event: e.id }, () =>
            say(s.lang, "body.dissolved", { id: short(body) }),
          );
          return 0;
        }
        case "list": {
          const bodies = [...s.replica.fold.state.bodies.values()];
          s.print(bodies, () =>
            table(
              bodies.map((b) => [
                short(b.id),
                term(s.lang, "body-kind", b.kind),
                b.level
                  ? term(s.lang, "level", b.level)
                  : b.setting
                    ? term(s.lang, "setting", b.setting)
                    : "",
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
