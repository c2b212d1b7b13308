/** @module `kenges state`: the federation as the fold sees it — bodies by level, members, motions. */
import {
  type BodyRecord,
  callViews,
  delegateViews,
  demandViews,
  type MotionRecord,
  meetingDemandViews,
  meetingViews,
  pairKey,
  planViews,
  referendumViews,
} from "../../core/index.js";
import type { Command } from "../command.js";
import { bodyName } from "../names.js";
import { pickText, short, table } from "../render.js";
import type { Session } from "../session.js";
import { withSession } from "../session.js";
import { bodyKindWords, say, term } from "../words.js";

const LEVEL_ORDER = ["national", "regional", "municipal", "sectoral"];

function memberCount(s: Session, body: string): number {
  let n = 0;
  for (const m of s.replica.fold.state.memberships.values())
    if (m.body === body && m.status === "member") n++;
  return n;
}

/** A row of the tree: a body held here, or one known only by its card on a council. */
interface Node {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly record: BodyRecord | null;
}

function nodeOf(s: Session, id: string, council?: string): Node {
  const st = s.replica.fold.state;
  const b = st.bodies.get(id);
  if (b !== undefined)
    return {
      id,
      name: pickText(b.name, s.lang),
      kind: bodyKindWords(s.lang, b),
      record: b,
    };
  const card =
    council === undefined ? undefined : st.links.get(pairKey(council, id));
  return {
    id,
    name: bodyName(st, id, s.lang, council),
    kind: say(s.lang, "state.card-only", {
      kind: term(s.lang, "body-kind", card?.card.kind ?? "body"),
    }),
    record: null,
  };
}

function bodyLine(s: Session, n: Node, depth: number): string[] {
  return [
    `${"  ".repeat(depth)}${n.name}`,
    n.kind,
    n.record === null || n.record.kind === "council"
      ? ""
      : String(memberCount(s, n.id)),
    short(n.id),
    n.record?.dissolved ? say(s.lang, "state.dissolved") : "",
  ];
}

function motionLine(s: Session, m: MotionRecord): string[] {
  const body = s.replica.fold.state.bodies.get(m.body);
  return [
    short(m.id),
    term(s.lang, "motion-kind", m.kind),
    m.status === "decided"
      ? term(s.lang, "outcome", m.outcome ?? "")
      : term(s.lang, "status", m.status),
    pickText(m.title, s.lang),
    body ? pickText(body.name, s.lang) : "",
  ];
}

/** Each scope held, with its name and the hash of its records. */
function scopeRows(s: Session): string[][] {
  const fold = s.replica.fold;
  return [...fold.scopeHashes()].map(([scope, hash]) => [
    short(scope),
    scope === fold.federationScope
      ? say(s.lang, "state.federation-scope")
      : bodyName(fold.state, scope, s.lang),
    hash,
  ]);
}

export const stateCommand: Command = {
  name: "state",
  usage: "kenges state [--json] [--lang en|kk|ru|ur]",
  async run(args, io) {
    return withSession(args, io, async (s) => {
      const fold = s.replica.fold;
      if (s.json) {
        s.print(
          {
            federation: s.replica.federation,
            stateHash: s.replica.stateHash(),
            scopes: Object.fromEntries(fold.scopeHashes()),
            events: fold.size,
            invalid: fold.state.invalid.size,
            quarantined: s.replica.quarantined,
            state: s.replica.snapshot(),
            views: {
              delegates: delegateViews(fold.state),
              demands: demandViews(fold.state),
              calls: callViews(fold.state),
              referendums: referendumViews(fold.state),
              plans: planViews(fold.state),
              meetings: meetingViews(fold.state, fold.index),
              meetingDemands: meetingDemandViews(fold.state, fold.index),
            },
          },
          () => "",
        );
        return 0;
      }
      const st = fold.state;
      const fed = st.federation.get("federation");
      const children = new Map<string, Node[]>();
      const hasParent = new Set<string>();
      for (const link of st.links.values()) {
        children.set(link.council, [
          ...(children.get(link.council) ?? []),
          nodeOf(s, link.child, link.council),
        ]);
        hasParent.add(link.child);
      }
      for (const b of st.bodies.values())
        if (b.accountableTo) {
          children.set(b.accountableTo, [
            ...(children.get(b.accountableTo) ?? []),
            nodeOf(s, b.id),
          ]);
          hasParent.add(b.id);
        }
      const rows: string[][] = [
        [
          say(s.lang, "state.column.body"),
          say(s.lang, "state.column.kind"),
          say(s.lang, "state.column.members"),
          "id",
          "",
        ],
      ];
      const walk = (n: Node, depth: number) => {
        rows.push(bodyLine(s, n, depth));
        const kids = (children.get(n.id) ?? []).sort((x, y) =>
          x.name.localeCompare(y.name),
        );
        for (const k of kids) walk(k, depth + 1);
      };
      const roots = [...st.bodies.values()]
        .filter((b) => !hasParent.has(b.id))
        .sort(
          (a, b) =>
            LEVEL_ORDER.indexOf(a.level ?? "z") -
              LEVEL_ORDER.indexOf(b.level ?? "z") ||
            pickText(a.name, s.lang).localeCompare(pickText(b.name, s.lang)),
        );
      for (const r of roots) walk(nodeOf(s, r.id), 0);
      const open = [...st.motions.values()].filter((m) => m.status === "open");
      const scopes = scopeRows(s);
      const lines = [
        `${fed ? pickText(fed.name, s.lang) : say(s.lang, "state.no-federation")}  ${s.replica.federation ?? ""}`,
        say(s.lang, "state.counts", {
          events: fold.size,
          invalid: st.invalid.size,
          quarantined: s.replica.quarantined,
          motions: st.motions.size,
          scopes: scopes.length,
        }),
        say(s.lang, "state.hash", { hash: s.replica.stateHash() }),
        "",
        table(rows),
        "",
        say(s.lang, "state.open-motions", { count: open.length }),
        table(open.slice(0, 30).map((m) => motionLine(s, m))),
        "",
        say(s.lang, "state.scope-hashes"),
        table(scopes.map((r) => [`  ${r[0]}`, r[1]!, r[2]!])),
      ];
      s.print(null, () => lines.join("\n"));
      return 0;
    });
  },
};
