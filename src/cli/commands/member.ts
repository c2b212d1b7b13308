/** @module `kenges member …`: ask to join, endorse, leave, list members and requests. */
import { normalizeName } from "../../core/index.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { requireFlag } from "../flags.js";
import { memberName } from "../names.js";
import { pickText, short, table } from "../render.js";
import { resolveId } from "../resolve.js";
import { withSession } from "../session.js";
import { say, term } from "../words.js";

export const memberCommand: Command = {
  name: "member",
  usage: `kenges member join <body> --name <your name>
  kenges member endorse <join request>
  kenges member leave <body>
  kenges member list <body> [--json]
  kenges member requests <body> [--json]`,
  async run(args, io) {
    const verb = args.positionals[0];
    return withSession(args, io, async (s) => {
      const st = s.replica.fold.state;
      switch (verb) {
        case "join": {
          const body = resolveId(s.replica, "body", args.positionals[1]);
          const e = await s.act(body, "member.join-requested", {
            // Signed in the one form the core accepts (names/normalize-name.ts).
            name: normalizeName(requireFlag(args, "name")),
          });
          s.print({ request: e.id }, () =>
            say(s.lang, "member.join-requested", {
              id: e.id,
              body: short(body),
              command: `kenges member endorse ${short(e.id)}`,
            }),
          );
          return 0;
        }
        case "endorse": {
          const request = resolveId(s.replica, "request", args.positionals[1]);
          const body = st.joinRequests.get(request)?.body;
          if (body === undefined)
            throw new CliError("ID_NOT_FOUND", {
              kind: "request",
              id: request,
            });
          const e = await s.act(body, "member.admission-endorsed", {
            request,
          });
          const r = s.replica.fold.state.joinRequests.get(request)!;
          s.print({ event: e.id, request: r }, () =>
            say(s.lang, "member.endorsed", {
              id: short(request),
              count: r.endorsedBy.length,
              needed: r.needed || say(s.lang, "member.needs-vote"),
              status: term(s.lang, "request", r.status),
            }),
          );
          return 0;
        }
        case "leave": {
          const body = resolveId(s.replica, "body", args.positionals[1]);
          const e = await s.act(body, "member.left", {});
          s.print({ event: e.id }, () =>
            say(s.lang, "member.left", { id: short(body) }),
          );
          return 0;
        }
        case "list": {
          const body = resolveId(s.replica, "body", args.positionals[1]);
          const members = [...st.memberships.values()]
            .filter((m) => m.body === body && m.status === "member")
            .map((m) => ({ ...m, name: memberName(st, m.member, body) }));
          s.print(members, () =>
            table(members.map((m) => [short(m.member), m.name])),
          );
          return 0;
        }
        case "requests": {
          const body = resolveId(s.replica, "body", args.positionals[1]);
          const requests = [...st.joinRequests.values()].filter(
            (r) => r.body === body,
          );
          s.print(requests, () =>
            table(
              requests.map((r) => [
                short(r.id),
                r.redacted ? say(s.lang, "member.name-removed") : r.name,
                term(s.lang, "request", r.status),
                `${r.endorsedBy.length}/${r.needed || say(s.lang, "member.needs-vote")}`,
                pickText(st.bodies.get(r.body)?.name ?? {}, s.lang),
              ]),
            ),
          );
          return 0;
        }
        default:
          throw new CliError("USAGE", { command: "member", verb: verb ?? "" });
      }
    });
  },
};
