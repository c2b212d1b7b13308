/**
 * @module The two links that bring a member onto a new device without copying a key
 * (docs/architecture.md, "Adding a device"). The existing device shows an *offer*
 * (`/add-device#member=…&name=…`): which member the new device is to act for. The new device
 * makes its own key, signs its consent for that member (keyProofMessage) and shows a
 * *device link* (`/add-device#key=…&member=…&proof=…&name=…`) that carries only public
 * things. The existing device checks the proof and signs `key.added`. Both screens show the
 * same short code (deviceCode), so a key slipped in by someone else is seen before it is added.
 * Everything rides in the fragment (after `#`): a browser never sends it to the hub.
 */
import { encodeCanonical, fromHex, sha256 } from "../../crypto/index.js";
import { isKeyProofValid } from "./apply.js";

/** The path of the add-device page on a hub. */
export const ADD_DEVICE_PATH = "/add-device";

/** What the existing device offers: "act for this member". */
export interface DeviceOffer {
  readonly kind: "offer";
  readonly member: string;
  readonly name: string;
}

/** What the new device answers: its public key and its consent to act for the member. */
export interface DeviceAnswer {
  readonly kind: "device";
  readonly key: string;
  readonly member: string;
  readonly proof: string;
  readonly name: string;
}

export type DeviceLink = DeviceOffer | DeviceAnswer;

/** Why a text is not a device link: the field that is missing or malformed. */
export type DeviceLinkField = "link" | "member" | "key" | "proof" | "name";

const HEX64 = /^[0-9a-f]{64}$/;
const HEX128 = /^[0-9a-f]{128}$/;
const MAX_NAME = 200;

function fragment(fields: Readonly<Record<string, string>>): string {
  return new URLSearchParams(fields).toString();
}

/** The offer link of a member on a hub (`origin` without a trailing slash). */
export function deviceOfferLink(origin: string, offer: DeviceOffer): string {
  return `${origin}${ADD_DEVICE_PATH}#${fragment({ member: offer.member, name: offer.name })}`;
}

/** The new device's answer as a link on a hub. */
export function deviceAnswerLink(origin: string, answer: DeviceAnswer): string {
  return `${origin}${ADD_DEVICE_PATH}#${fragment({
    key: answer.key,
    member: answer.member,
    proof: answer.proof,
    name: answer.name,
  })}`;
}

/**
 * Reads an offer or an answer from a whole link, or from its fragment alone (what the app
 * passes from `location.hash`). A name is optional (empty when absent); everything else must
 * be exactly what the other side would have written.
 */
export function parseDeviceLink(
  text: string,
):
  | { readonly ok: true; readonly link: DeviceLink }
  | { readonly ok: false; readonly field: DeviceLinkField } {
  const t = text.trim();
  const hash = t.indexOf("#");
  const raw = hash >= 0 ? t.slice(hash + 1) : t;
  if (raw === "" || /\s/.test(raw)) return { ok: false, field: "link" };
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(raw);
  } catch {
    return { ok: false, field: "link" };
  }
  const member = params.get("member");
  const name = params.get("name") ?? "";
  if (member === null || !HEX64.test(member))
    return { ok: false, field: "member" };
  if (name.length > MAX_NAME) return { ok: false, field: "name" };
  const key = params.get("key");
  if (key === null) return { ok: true, link: { kind: "offer", member, name } };
  if (!HEX64.test(key) || key === member) return { ok: false, field: "key" };
  const proof = params.get("proof");
  if (proof === null || !HEX128.test(proof))
    return { ok: false, field: "proof" };
  return { ok: true, link: { kind: "device", key, member, proof, name } };
}

/** Whether the answer's proof is the new key's consent to act for its member here. */
export function isDeviceAnswerValid(
  federation: string,
  answer: DeviceAnswer,
): boolean {
  return (
    fromHex(answer.key) !== null &&
    isKeyProofValid(federation, answer.member, answer.key, answer.proof)
  );
}

/**
 * The short code both screens show for a new key: six digits from a hash of the member and
 * the key. Someone who slips their own key into the link cannot make it match the code the
 * member's new device shows (a million tries per guess, and the member looks once).
 */
export function deviceCode(member: string, key: string): string {
  const h = sha256(encodeCanonical(["kenges-device-code", member, key]));
  const n = ((h[0]! << 16) | (h[1]! << 8) | h[2]!) % 1_000_000;
  const digits = String(n).padStart(6, "0");
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}
