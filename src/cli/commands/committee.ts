/**
 * @module `kenges committee …`: a body elects and recalls the members of a committee
 * accountable to it (motions in the body), and the decision takes effect in the committee
 * when someone it concerns — or the body's chair — seats it (`committee.seated`).
 */
import type { FoldState } from "../../core/index.js";
import type { CanonicalValue } from "../../crypto/index.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { electionMotion } from "../election-motion.js";
import { requireFlag, textFlags } from "../flags.js";
import { bodyName, memberName } from "../names.js";
import { short } from "../render.js";
import { resolveId } from "../resolve.js";
import { type Session, withSession } from "../session.js";
import { say } from "../words.js";

/** The committee a held body names, checked: a committee accountable to `parent`. */
function committeeOf(s: Session, parent: string, typed: string): string {
  const committee = resolveId(s.replica, "body", typed);
  const record = s.replica.fold.state.bodies.get(committee);
  if (record?.kind !== "committee" || record.accountableTo !== parent)
    throw new CliError("BODY_KIND_INVALID", {
      body: committee,
      kind: record?.kind ?? "unknown",
    });
  return committee;
}

async function open(
  s: Session,
  body: string,
  payload: Record<string, CanonicalValue | undefined>,
  vote: string,
): Promise<number> {
  const e = await s.act(body, "motion.opened", payload);
  const id = short(e.id);
  s.print({ motion: e.id }, () =>
    [
      say(s.lang, "motion.opened", {
        id: e.id,
        command: `kenges vote ${id} ${vote}`,
      }),
      say(s.lang, "committee.then-seat", {
        command: `kenges committee seat ${id}`,
      }),
    ].join("\n"),
  );
  return 0;
}

/**
 * The close a typed id stands for: the id of a decided election or recall motion (its
 * deciding close), or of the close itself. Returns the close and the motion's committee.
 */
function closeOf(
  st: FoldState,
  s: Session,
  typed: string | undefined,
): { close: string; motion: string; committee: string } {
  const event = resolveId(s.replica, "event", typed);
  const motionId = st.motions.has(event) ? event : st.closedMotions.get(event);
  const motion = motionId === undefined ? undefined : st.motions.get(motionId);
  const at = motion === undefined ? undefined : st.closeFacts.get(motion.id);
  const subject = motion?.subject;
  const committee =
    subject?.kind === "election" && subject.role === "committee"
      ? subject.committee
      : subject?.kind === "recall" && "committee" in subject
        ? subject.committee
        : undefined;
  if (motion === undefined || at === undefined || committee === undefined)
    throw new CliError("COMMITTEE_CLOSE_INVALID", {
      close: event,
      committee: committee ?? "",
      parent: motion?.body ?? "",
    });
  return {
    close: s.replica.fold.index.ids[at]!,
    motion: motion.id,
    committee,
  };
}

export const committeeCommand: Command = {
  name: "committee",
  usage: `kenges committee elect <body> --committee <committee> --candidates <member>,<member>… [--seats N] [--method plurality|approval|irv|scottish-stv|meek-stv|schulze|ranked-pairs] [--text <text>]
  kenges committee recall <body> --committee <committee> --member <member> [--text <why>]
  kenges committee seat <motion or close>     carry the decided election or recall out in the committee
  The body votes and its chair closes as for any motion; then someone elected (for a recall,
  a member of the committee) or the body's chair seats it.`,
  async run(args, io) {
    const verb = args.positionals[0];
    return withSession(args, io, async (s) => {
      const st = s.replica.fold.state;
      switch (verb) {
        case "elect": {
          const body = resolveId(s.replica, "body", args.positionals[1]);
          const committee = committeeOf(
            s,
            body,
            requireFlag(args, "committee"),
          );
          return open(
            s,
            body,
            electionMotion(
              s,
              args,
              body,
              {
                title: `Members of ${bodyName(st, committee, "en", body)}`,
                text: "Election of the committee's members. Recallable at any time.",
              },
              { kind: "election", role: "committee", committee },
            ),
            "…",
          );
        }
        case "recall": {
          const body = resolveId(s.replica, "body", args.positionals[1]);
          const committee = committeeOf(
            s,
            body,
            requireFlag(args, "committee"),
          );
          const member = resolveId(
            s.replica,
            "member",
            requireFlag(args, "member"),
          );
          return open(
            s,
            body,
            {
              kind: "recall",
              title: { en: `Recall ${memberName(st, member, body)}` },
              text: textFlags(args, "text", false) ?? {
                en: `Recall from ${bodyName(st, committee, "en", body)}.`,
              },
              subject: { kind: "recall", committee, member },
            },
            "yes|no|abstain",
          );
        }
        case "seat": {
          const { close, motion, committee } = closeOf(
            st,
            s,
            args.positionals[1],
          );
          const e = await s.act(committee, "committee.seated", { close });
          s.print({ event: e.id, committee, close, motion }, () =>
            say(s.lang, "committee.seated", {
              committee: bodyName(st, committee, s.lang),
              id: short(committee),
              event: short(e.id),
            }),
          );
          return 0;
        }
        default:
          throw new CliError("USAGE", {
            command: "committee",
            verb: verb ?? "",
          });
      }
    });
  },
};
