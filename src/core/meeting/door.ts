/**
 * @module The meeting's door: how a member checks themselves in by scanning the projector.
 *
 * The chair's device makes a fresh Ed25519 key pair for each meeting, the door key, and names
 * its public half in `meeting.convened`; the secret half stays with the hub that runs the
 * projector. The projector shows a code that changes every `DOOR_WINDOW_MS`: an HMAC-SHA256,
 * under the door secret, of the meeting and the number of the time window. A phone that scans
 * it asks the hub for a pass; the hub checks the code against its own clock (this window or the
 * one before) and answers with a pass: the door key's signature over the meeting, the member
 * and the window. The member's `meeting.checked-in` carries the pass, and every replica checks
 * its signature — no clock — and that a member's passes move forward (a pass cannot be used
 * twice). Freshness is judged once, by the hub, when it signs the pass.
 *
 * Threat: a photo of the code sent to someone absent works only within the window it was
 * taken in and the one after (up to 20 seconds), and only from a phone that can reach the hub
 * (on a LAN hub with no internet: one in the hall's Wi-Fi range). A live video call or a
 * member relaying a scan defeats it; the chair sees who is present and can check anyone out.
 */
import {
  encodeCanonical,
  fromHex,
  hmacSha256,
  signEd25519,
  toHex,
  verifyEd25519,
} from "../../crypto/index.js";

/** How long one code is shown (ms). */
export const DOOR_WINDOW_MS = 10_000;

/** The window a moment (ms since the epoch) falls in. */
export function doorWindowAt(ms: number): number {
  return Math.floor(ms / DOOR_WINDOW_MS);
}

/** The code the projector shows for a meeting in a window: 10 hex digits. */
export function meetingCode(
  doorSecret: Uint8Array,
  meeting: string,
  window: number,
): string {
  const mac = hmacSha256(
    doorSecret,
    encodeCanonical(["kenges/meeting-code/1", meeting, window]),
  );
  return toHex(mac).slice(0, 10);
}

/**
 * The window a scanned code belongs to, if it is the code of the window `now` falls in or of
 * the one before; else null (too old, or not this meeting's).
 */
export function checkMeetingCode(
  doorSecret: Uint8Array,
  meeting: string,
  code: string,
  now: number,
): number | null {
  const w = doorWindowAt(now);
  for (const window of [w, w - 1])
    if (window >= 0 && meetingCode(doorSecret, meeting, window) === code)
      return window;
  return null;
}

/** The bytes a pass signs. */
export function meetingPassMessage(
  meeting: string,
  member: string,
  window: number,
): Uint8Array {
  return encodeCanonical(["kenges/meeting-pass/1", meeting, member, window]);
}

/** The door key's pass for a member (hex signature). */
export function signMeetingPass(
  doorSecret: Uint8Array,
  meeting: string,
  member: string,
  window: number,
): string {
  return toHex(
    signEd25519(doorSecret, meetingPassMessage(meeting, member, window)),
  );
}

/** True when `signature` is the door key's pass for the member in that window. */
export function isMeetingPassValid(
  door: string,
  meeting: string,
  member: string,
  window: number,
  signature: string,
): boolean {
  const key = fromHex(door);
  const sig = fromHex(signature);
  if (key === null || sig === null || key.length !== 32 || sig.length !== 64)
    return false;
  return verifyEd25519(key, meetingPassMessage(meeting, member, window), sig);
}
