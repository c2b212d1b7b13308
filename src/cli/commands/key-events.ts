/**
 * @module The key events from the command line: `kenges key add-device`, `revoke`, `rotate`
 * and `endorse-rotation`. A device is registered per scope (a body's replica knows the keys
 * registered in it and above it), a revocation lives in the federation scope and cuts the
 * key everywhere, a rotation is asked for and endorsed in one body.
 */
import {
  deviceCode,
  deviceOfferLink,
  deviceScopesOf,
  type FoldState,
  isDeviceAnswerValid,
  keyProofMessage,
  parseDeviceLink,
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
import { bodyName, memberName } from "../names.js";
import { short } from "../render.js";
import { resolveId } from "../resolve.js";
import type { Session } from "../session.js";
import { say } from "../words.js";
import { lockHolder } from "../writer-lock.js";

/** The member a key acts for here: its registration in any scope, else the key itself. */
function memberOfKey(st: FoldState, key: string): string {
  for (const r of st.keys.values()) if (r.key === key) return r.member;
  return key;
}

/** Where the offer link points when `--hub` is not given and no hub serves this data directory. */
const DEFAULT_HUB = "http://127.0.0.1:8080";

/** A hub's address a phone can open: not a wildcard it listens on. */
function servingAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  return /\/\/(0\.0\.0\.0|\[::\])(:|\/|$)/.test(address) ? null : address;
}

/**
 * The hub's origin (no path, no trailing slash): `--hub`, else the hub serving this data
 * directory now (its writer lock says where), else the one `npm start` runs.
 */
function hubOrigin(s: Session): string {
  const typed = s.args.flags.get("hub");
  const text =
    typeof typed === "string"
      ? typed
      : (servingAddress(lockHolder(s.dir)?.address) ?? DEFAULT_HUB);
  try {
    return new URL(text).origin;
  } catch {
    throw new CliError("FLAG_INVALID", { flag: "hub", value: text });
  }
}

/**
 * What `kenges key add-device <arg>` adds: the new device's answer link (its key and its
 * consent, made on that device), or a key held in this keyring by label (consent signed here).
 */
async function deviceToAdd(
  s: Session,
  member: string,
  arg: string,
): Promise<{ key: string; proof: string }> {
  if (s.keyring.labels().includes(arg)) {
    const device = await s.keyring.load(arg);
    const key = keyId(device);
    const proof = toHex(
      signEd25519(
        device.secretKey,
        keyProofMessage(s.replica.federation!, member, key),
      ),
    );
    return { key, proof };
  }
  const parsed = parseDeviceLink(arg);
  if (!parsed.ok)
    throw new CliError("DEVICE_LINK_INVALID", { field: parsed.field });
  const link = parsed.link;
  // An offer is what this command prints for the new device; it names no key to add.
  if (link.kind === "offer")
    throw new CliError("DEVICE_LINK_INVALID", { field: "key" });
  if (link.member !== member)
    throw new CliError("DEVICE_LINK_OTHER_MEMBER", {
      member: short(link.member),
    });
  if (!isDeviceAnswerValid(s.replica.federation!, link))
    throw new CliError("DEVICE_LINK_INVALID", { field: "proof" });
  const code = deviceCode(member, link.key);
  const typed = s.args.flags.get("code");
  if (typeof typed !== "string")
    throw new CliError("DEVICE_CODE_REQUIRED", { code });
  if (typed.replace(/\D/g, "") !== code.replace(/\D/g, ""))
    throw new CliError("DEVICE_CODE_MISMATCH", { code: typed });
  return { key: link.key, proof: link.proof };
}

/**
 * `kenges key add-device [<link>|<label>] [--code C] [--body B] [--hub URL]`. Without an
 * argument: prints the offer link the new device opens. With the new device's answer link
 * and the code both screens show: signs `key.added` for that key in each body — the new
 * device's own key, never a copy of this one.
 */
export async function addDevice(s: Session): Promise<number> {
  const arg = s.args.positionals[1];
  const owner = await s.identity();
  const st = s.replica.fold.state;
  const member = memberOfKey(st, keyId(owner.key));
  if (arg === undefined || arg === "") {
    const link = deviceOfferLink(hubOrigin(s), {
      kind: "offer",
      member,
      name: owner.name ?? memberName(st, member, deviceScopesOf(st, member)[0]),
    });
    s.print({ offer: link, member }, () =>
      say(s.lang, "device.offer", { link }),
    );
    return 0;
  }
  const device = await deviceToAdd(s, member, arg);
  const typed = s.args.flags.get("body");
  const scopes =
    typeof typed === "string"
      ? [resolveId(s.replica, "body", typed)]
      : deviceScopesOf(st, member);
  if (scopes.length === 0)
    throw new CliError("NOT_A_MEMBER", { member: short(member) });
  const events: string[] = [];
  for (const scope of scopes)
    events.push(
      (
        await s.act(scope, "key.added", {
          key: device.key,
          proof: device.proof,
        })
      ).id,
    );
  s.print({ events, key: device.key, member, bodies: scopes }, () =>
    [
      say(s.lang, "device.added", {
        key: short(device.key),
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

/**
 * `kenges key rotate <old key> --body B [--last-seq N]`, signed by the NEW key. Without
 * --last-seq, every event of the old key in the body that this replica holds still counts
 * (its head there): a lower number would also unmake what the old key did first there — the
 * member's own admission among it — and the rotation would undo the membership it keeps.
 */
export async function rotate(s: Session): Promise<number> {
  const oldKey = resolveId(s.replica, "member", s.args.positionals[1]);
  const body = resolveId(s.replica, "body", requireFlag(s.args, "body"));
  const lastValidSeq =
    intFlag(s.args, "last-seq", 0, 2 ** 32 - 1) ??
    s.replica.fold.chainHead(oldKey, body)?.seq ??
    0;
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
