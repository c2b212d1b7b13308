/**
 * @module `kenges registrar offer|issue`: a member offers to be a registrar of a secret motion
 * (a fresh RSA key, its private half sealed in the data directory), and answers the token
 * requests of the members on the roll with blind signatures (docs/events.md §6.6).
 */

import { tokenIssuanceOf } from "../../core/index.js";
import { signBlindedToken } from "../../crypto/blind-token.js";
import { fromHex, toHex } from "../../crypto/index.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { requireFlag } from "../flags.js";
import {
  createRegistrarKey,
  hasRegistrarKey,
  loadRegistrarKey,
  removeRegistrarKey,
} from "../registrar-keys.js";
import { short } from "../render.js";
import { resolveId } from "../resolve.js";
import { memberOfKey } from "../secret-vote.js";
import { type Session, withSession } from "../session.js";
import { say } from "../words.js";

async function offer(s: Session): Promise<number> {
  const body = resolveId(s.replica, "body", requireFlag(s.args, "body"));
  if (!s.replica.fold.state.bodies.has(body))
    throw new CliError("ID_NOT_FOUND", { kind: "body", id: body });
  // The key is kept before the offer is signed: an offer whose key was lost could never issue.
  const key = await createRegistrarKey(s.dir, s.dataKey);
  const publicKey = toHex(key.publicKey);
  let e: Awaited<ReturnType<Session["act"]>>;
  try {
    e = await s.act(body, "registrar.offered", { key: publicKey });
  } catch (refused) {
    // Refused, nothing was signed: the key serves nothing. A hub that did not answer may
    // have committed the offer after all, so its key is kept then.
    if (!(refused instanceof CliError && refused.code === "HUB_UNREACHABLE"))
      removeRegistrarKey(s.dir, publicKey);
    throw refused;
  }
  s.print({ offer: e.id }, () =>
    say(s.lang, "registrar.offered", {
      id: e.id,
      command: `kenges motion open ${short(body)} --secret --registrar ${short(e.id)} --registrar …`,
    }),
  );
  return 0;
}

/** One token request this identity, as a registrar, has not answered yet. */
interface Pending {
  readonly motion: string;
  readonly body: string;
  readonly request: string;
  readonly registrar: number;
  readonly key: string;
  readonly blinded: string;
}

function pendingRequests(s: Session, me: string, motion: string | null) {
  const state = s.replica.fold.state;
  const pending: Pending[] = [];
  for (const r of state.tokenRequests.values()) {
    if (motion !== null && r.motion !== motion) continue;
    const secret = state.secretMotions.get(r.motion);
    if (secret === undefined || state.motions.get(r.motion)?.status !== "open")
      continue;
    secret.registrars.forEach((registrar, i) => {
      if (registrar.member !== me || !hasRegistrarKey(s.dir, registrar.key))
        return;
      if (tokenIssuanceOf(state, r.id, i) !== null) return;
      pending.push({
        motion: r.motion,
        body: secret.body,
        request: r.id,
        registrar: i,
        key: registrar.key,
        blinded: r.blinded[i]!,
      });
    });
  }
  return pending;
}

async function issue(s: Session): Promise<number> {
  const typed = stringFlag(s.args, "motion");
  const motion =
    typed === undefined ? null : resolveId(s.replica, "motion", typed);
  const who = await s.identity();
  const me = memberOfKey(s.replica.fold, toHex(who.key.publicKey));
  // Requests the fold holds valid only (the roll, one per member): a registrar answers
  // nothing else, so its issuances match the roll for anyone who checks.
  const pending = pendingRequests(s, me, motion);
  const issued: string[] = [];
  for (const p of pending) {
    const key = await loadRegistrarKey(s.dir, s.dataKey, p.key);
    if (key === null) continue;
    const signature = await signBlindedToken(key, fromHex(p.blinded)!);
    const e = await s.act(p.body, "token.issued", {
      request: p.request,
      signature: toHex(signature),
    });
    issued.push(e.id);
  }
  s.print({ issued }, () =>
    issued.length === 0
      ? say(s.lang, "registrar.nothing-pending")
      : say(s.lang, "registrar.issued", { count: issued.length }),
  );
  return 0;
}

export const registrarCommand: Command = {
  name: "registrar",
  usage: `kenges registrar offer --body <body> [--json]
        (a fresh RSA key for one secret motion, kept sealed here; prints the offer id)
  kenges registrar issue [--motion <motion>] [--json]
        (answers every pending valid token request to the offers held here)`,
  async run(args, io) {
    const verb = args.positionals[0];
    return withSession(args, io, async (s) => {
      switch (verb) {
        case "offer":
          return offer(s);
        case "issue":
          return issue(s);
        default:
          throw new CliError("USAGE", {
            command: "registrar",
            verb: verb ?? "",
          });
      }
    });
  },
};
