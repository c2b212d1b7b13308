/**
 * @module The key events from the command line: `kenges key add-device`, `revoke`, `rotate`
 * and `endorse-rotation`. A device is registered per scope (a body's replica knows the keys
 * registered in it and above it), a revocation lives in the federation scope and cuts the
 * key everywhere, a rotation is asked for and endorsed in one body.
 */
import {
  BODY_LEVELS,
  type FoldState,
  keyProofMessage,
} from "../../core/index.js";
import {
  type CanonicalValue,
  decodeCanonical,
  signEd25519,
  toHex,
} from "../../crypto/index.js";
import { CliError } from "../cli-error.js";
import { intFlag, requireFlag } from "../flags.js";
import { keyId } from "../keyring.js";
import { bodyName } from "../names.js";
import { short } from "../render.js";
import { resolveId } from "../resolve.js";
import type { Session } from "../session.js";
import { say } from "../words.js";

/** The member a key acts for here: its registration in any scope, else the key itself. */
function memberOfKey(st: FoldState, key: string): string {
  for (const r of st.keys.values()) if (r.key === key) return r.member;
  return key;
}

/**
 * The bodies a device must be registered in for a member: every body they belong to and
 * every council where they sit — lowest first, because a scope's events see the keys
 * registered above it (registering there first would make the lower registration a
 * duplicate); a committee sees its parent's registrations and needs none of its own.
 */
function deviceScopes(st: FoldState, member: string): string[] {
  const bodies = new Set<string>();
  for (const m of st.memberships.values())
    if (m.member === member && m.status === "member") bodies.add(m.body);
  for (const d of st.delegations.values())
    if (d.delegates.includes(member)) bodies.add(d.council);
  const rank = (b: string) => {
    const r = st.bodies.get(b);
    const level = r?.kind === "council" ? (r.level ?? "municipal") : r?.kind;
    return BODY_LEVELS.indexOf(level as (typeof BODY_LEVELS)[number]);
  };
  return [...bodies]
    .filter((b) => {
      const parent = st.bodies.get(b)?.accountableTo;
      return parent === null || parent === undefined || !bodies.has(parent);
    })
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
}

/** `kenges key add-device <label> [--body B]`: the device's consent, signed into each body. */
export async function addDevice(s: Session): Promise<number> {
  const label = s.args.positionals[1];
  if (label === undefined || label === "")
    throw new CliError("USAGE", { missing: "<label>" });
  const device = await s.keyring.load(label);
  const owner = await s.identity();
  const st = s.replica.fold.state;
  const member = memberOfKey(st, keyId(owner.key));
  const proof = toHex(
    signEd25519(
      device.secretKey,
      keyProofMessage(s.replica.federation!, member, keyId(device)),
    ),
  );
  const typed = s.args.flags.get("body");
  const scopes =
    typeof typed === "string"
      ? [resolveId(s.replica, "body", typed)]
      : deviceScopes(st, member);
  if (scopes.length === 0)
    throw new CliError("NOT_A_MEMBER", { member: short(member) });
  const events: string[] = [];
  for (const scope of scopes)
    events.push(
      (await s.act(scope, "key.added", { key: keyId(device), proof })).id,
    );
  s.print({ events, key: keyId(device), member, bodies: scopes }, () =>
    [
      say(s.lang, "key.device-added", {
        key: short(keyId(device)),
        member: short(member),
      }),
      ...scopes.map((b) => `  ${bodyName(s.replica.fold.state, b, s.lang)}`),
    ].join("\n"),
  );
  return 0;
}

/** The proof a key gave when it was added for `member` (kept in its key.added payload). */
function proofFromLog(s: Session, key: string, member: string): string | null {
  const fold = s.replica.fold;
  for (const r of fold.state.keys.values()) {
    if (r.key !== key || r.member !== member || r.registeredBy === null)
      continue;
    const bytes = fold.payloadOf(r.registeredBy);
    const decoded = bytes === null ? null : decodeCanonical(bytes);
    const proof = decoded?.ok
      ? (decoded.value as Record<string, CanonicalValue>).proof
      : undefined;
    if (typeof proof === "string") return proof;
  }
  return null;
}

/**
 * `kenges key revoke <key|label> [--last-kseq N]`: the key's events above N stop counting in
 * every scope. A member revokes their device with the consent the device gave when added
 * (from the log, or signed again when the device is here); a key may revoke itself.
 */
export async function revoke(s: Session): Promise<number> {
  const typed = s.args.positionals[1];
  if (typed === undefined) throw new CliError("USAGE", { missing: "<key>" });
  const key = await s.keyring.publicKeyOf(typed);
  const who = await s.identity();
  const author = keyId(who.key);
  const fold = s.replica.fold;
  const payload: Record<string, CanonicalValue> = { key };
  let last = intFlag(s.args, "last-kseq", 0, 2 ** 53 - 1);
  if (key === author) {
    const kept = Number(
      (await s.replica.store.getMeta(`kseq:${author}`)) ?? "0",
    );
    last ??= Math.max(kept, fold.topKseq(author));
  } else {
    let proof = proofFromLog(s, key, author);
    if (proof === null && s.keyring.labels().includes(typed)) {
      const device = await s.keyring.load(typed);
      proof = toHex(
        signEd25519(
          device.secretKey,
          keyProofMessage(s.replica.federation!, author, key),
        ),
      );
    }
    if (proof === null) throw new CliError("KEY_NOT_OWNED", { key });
    payload.proof = proof;
    last ??= fold.topKseq(key);
  }
  payload.lastValidKseq = last;
  const e = await s.act(s.replica.federation!, "key.revoked", payload);
  s.print({ event: e.id, key, lastValidKseq: last }, () =>
    say(s.lang, "key.revoked", { key: short(key), last }),
  );
  return 0;
}

/** `kenges key rotate <old key> --body B --last-seq N`, signed by the NEW key. */
export async function rotate(s: Session): Promise<number> {
  const oldKey = resolveId(s.replica, "member", s.args.positionals[1]);
  const body = resolveId(s.replica, "body", requireFlag(s.args, "body"));
  const lastValidSeq = intFlag(s.args, "last-seq", 0, 2 ** 32 - 1) ?? 0;
  const e = await s.act(body, "key.rotation-requested", {
    oldKey,
    lastValidSeq,
  });
  s.print({ request: e.id }, () =>
    say(s.lang, "key.rotation-requested", {
      id: e.id,
      body: short(body),
      command: `kenges key endorse-rotation ${short(e.id)}`,
    }),
  );
  return 0;
}

/** `kenges key endorse-rotation <request>`, in the request's body. */
export async function endorseRotation(s: Session): Promise<number> {
  const request = resolveId(
    s.replica,
    "rotation request",
    s.args.positionals[1],
  );
  const body = s.replica.fold.state.rotationRequests.get(request)?.body;
  if (body === undefined)
    throw new CliError("ID_NOT_FOUND", {
      kind: "rotation request",
      id: request,
    });
  const e = await s.act(body, "key.rotation-endorsed", { request });
  s.print({ event: e.id }, () =>
    say(s.lang, "key.rotation-endorsed", { id: short(request) }),
  );
  return 0;
}
