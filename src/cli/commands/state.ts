/** @module `kenges state`: the federation as the fold sees it — bodies by level, members, motions. */
import {
  type BodyRecord,
  callViews,
  delegateViews,
  demandViews,
  type MotionRecord,
} from "../../core/index.js";
import type { Command } from "../command.js";
import { pickText, short, table } from "../render.js";
import type { Session } from "../session.js";
import { withSession } from "../session.js";

const LEVEL_ORDER = ["national", "regional", "municipal", "sectoral"];

function memberCount(s: Session, body: string): number {
  let n = 0;
  for (const m of s.replica.fold.state.memberships.values())
    if (m.body === body && m.status === "member") n++;
  return n;
}

function bodyLine(s: Session, b: BodyRecord, depth: number): string[] {
  const kind =
    b.kind === "council"
      ? `${b.level} council`
      : b.kind === "assembly"
        ? `${b.setting} assembly`
        : "committee";
  return [
    `${"  ".repeat(depth)}${pickText(b.name, s.lang)}`,
    kind,
    String(memberCount(s, b.id)),
    short(b.id),
    b.dissolved ? "dissolved" : "",
  ];
}

function motionLine(s: Session, m: MotionRecord): string[] {
  const body = s.replica.fold.state.bodies.get(m.body);
  return [
    short(m.id),
    m.kind,
    m.status === "decided" ? (m.outcome ?? "") : m.status,
    pickText(m.title, s.lang),
    body ? pickText(body.name, s.lang) : "",
  ];
}

export const stateCommand: Command = {
  name: "state",
  summary:
    "show the state of the federation (--json: everything, with the state hash)",
  usage: "kenges state [--json] [--lang en|kk|ru|ur]",
  async run(args, io) {
    return withSession(args, io, async (s) => {
      const fold = s.replica.fold;
      if (s.json) {
        s.print(
          {
            federation: s.replica.federation,
            stateHash: s.replica.stateHash(),
            events: fold.size,
            invalid: fold.state.invalid.size,
            quarantined: s.replica.quarantined,
            state: s.replica.snapshot(),
            views: {
              delegates: delegateViews(fold.state),
              demands: demandViews(fold.state),
              calls: callViews(fold.state),
            },
          },
          () => "",
        );
        return 0;
      }
      const st = fold.state;
      const fed = st.federation.get("federation");
      const bodies = [...st.bodies.values()];
      const children = new Map<string, BodyRecord[]>();
      const hasParent = new Set<string>();
      for (const link of st.links.values()) {
        const child = st.bodies.get(link.child);
        if (!child) continue;
        children.set(link.parent, [
          ...(children.get(link.parent) ?? []),
          child,
        ]);
        hasParent.add(link.child);
      }
      for (const b of bodies)
        if (b.accountableTo) {
          children.set(b.accountableTo, [
            ...(children.get(b.accountableTo) ?? []),
            b,
          ]);
          hasParent.add(b.id);
        }
      const rows: string[][] = [["body", "kind", "members", "id", ""]];
      const walk = (b: BodyRecord, depth: number) => {
        rows.push(bodyLine(s, b, depth));
        const kids = (children.get(b.id) ?? []).sort((x, y) =>
          pickText(x.name, s.lang).localeCompare(pickText(y.name, s.lang)),
        );
        for (const k of kids) walk(k, depth + 1);
      };
      const roots = bodies
        .filter((b) => !hasParent.has(b.id))
        .sort(
          (a, b) =>
            LEVEL_ORDER.indexOf(a.level ?? "z") -
              LEVEL_ORDER.indexOf(b.level ?? "z") ||
            pickText(a.name, s.lang).localeCompare(pickText(b.name, s.lang)),
        );
      for (const r of roots) walk(r, 0);
      const open = [...st.motions.values()].filter((m) => m.status === "open");
      const lines = [
        `${fed ? pickText(fed.name, s.lang) : "(no federation)"}  ${s.replica.federation ?? ""}`,
        `${fold.size} events (${st.invalid.size} invalid, ${s.replica.quarantined} in quarantine), ${st.members.size} members, ${st.motions.size} motions`,
        `state hash ${s.replica.stateHash()}`,
        "",
        table(rows),
        "",
        `open motions (${open.length}):`,
        table(open.slice(0, 30).map((m) => motionLine(s, m))),
      ];
      s.print(null, () => lines.join("\n"));
      return 0;
    });
  },
};
