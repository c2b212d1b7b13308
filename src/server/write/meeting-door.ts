/**
 * @module The meeting's door on the hub (core/meeting/door.ts): the projector asks for the code
 * of the current window (a chair of the body only), and a phone that scanned it asks for a pass
 * — the door key's signature for its member and that window — which its `meeting.checked-in`
 * carries. Freshness is judged here, once, against this hub's clock: the code of this window or
 * the one before. The door keys are the ones kept in the hub's data directory (the chair
 * convened the meeting from this laptop); a hub without the key answers DOOR_KEY_NOT_HERE.
 */
import type { DoorCode, MeetingPass, NewDoor } from "../../api/index.js";
import {
  checkMeetingCode,
  DOOR_WINDOW_MS,
  doorWindowAt,
  isChairIn,
  isMeetingChairIn,
  isVoterIn,
  type MeetingRecord,
  meetingCode,
  signMeetingPass,
} from "../../core/index.js";
import { type KeyPair, toHex } from "../../crypto/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { canRead, presentView, type Viewer } from "../read/viewer.js";

function doorOf(
  hub: Hub,
  viewer: Viewer,
  id: string,
): [MeetingRecord, KeyPair] {
  const m = hub.replica.fold.state.meetings.get(id);
  if (m === undefined || !canRead(viewer, m.body))
    throw new HubError("MEETING_NOT_FOUND", { meeting: id });
  if (m.status === "closed")
    throw new HubError("MEETING_CLOSED", { meeting: id });
  const door = m.door === null ? null : (hub.doorKeys?.load(m.door) ?? null);
  if (door === null) throw new HubError("DOOR_KEY_NOT_HERE", { meeting: id });
  return [m, door];
}

/**
 * Whether one of the viewer's members may show the door's code: a chair of the meeting (the
 * one it elected, or the body's chairs before it elects one) or a chair of its body. The
 * projector usually runs on the body's chair's laptop, and must keep showing the code once
 * the meeting elects a chair of its own; a member who chairs nothing never gets it, so nobody
 * absent can check in from a code fetched at home.
 */
export function mayShowDoor(
  view: ReturnType<typeof presentView>,
  m: MeetingRecord,
  members: Iterable<string>,
): boolean {
  for (const x of members)
    if (isMeetingChairIn(view, m.body, m.id, x) || isChairIn(view, m.body, x))
      return true;
  return false;
}

/** The code the projector shows now; for a chair of the meeting or of its body only. */
export function doorCode(
  hub: Hub,
  viewer: Viewer,
  id: string,
  now: number,
): DoorCode {
  const [m, door] = doorOf(hub, viewer, id);
  const view = presentView(hub.replica.fold, viewer);
  if (!mayShowDoor(view, m, viewer.members))
    throw new HubError("NOT_A_CHAIR", { body: m.body, member: viewer.member });
  const window = doorWindowAt(now);
  return {
    meeting: m.id,
    code: meetingCode(door.secretKey, m.id, window),
    window,
    nextAt: (window + 1) * DOOR_WINDOW_MS,
  };
}

/** A pass for the viewer's member, if `code` is this window's or the last one's. */
export function meetingPass(
  hub: Hub,
  viewer: Viewer,
  id: string,
  code: string,
  now: number,
): MeetingPass {
  const [m, door] = doorOf(hub, viewer, id);
  const view = presentView(hub.replica.fold, viewer);
  const member = [...viewer.members]
    .sort()
    .find((x) => isVoterIn(view, m.body, x));
  if (member === undefined)
    throw new HubError("NOT_A_MEMBER", { body: m.body, member: viewer.member });
  const window = checkMeetingCode(
    door.secretKey,
    m.id,
    code.toLowerCase(),
    now,
  );
  if (window === null)
    throw new HubError("MEETING_PASS_INVALID", { meeting: m.id });
  return {
    meeting: m.id,
    member,
    window,
    signature: signMeetingPass(door.secretKey, m.id, member, window),
  };
}

/**
 * A fresh door key for a meeting a chair of `body` is about to convene from a browser: the hub
 * keeps the secret half (as `kenges meeting convene` keeps it on the laptop) and answers the
 * public half, which the chair's own `meeting.convened` names. Only a chair of a body the
 * viewer reads; only on a hub that keeps door keys.
 */
export function newDoor(hub: Hub, viewer: Viewer, body: string): NewDoor {
  if (!canRead(viewer, body) || !hub.replica.fold.state.bodies.has(body))
    throw new HubError("BODY_NOT_FOUND", { body });
  const view = presentView(hub.replica.fold, viewer);
  if (![...viewer.members].some((x) => isChairIn(view, body, x)))
    throw new HubError("NOT_A_CHAIR", { body, member: viewer.member });
  if (hub.doorKeys === null) throw new HubError("DOOR_KEY_NOT_HERE", { body });
  return { door: toHex(hub.doorKeys.create().publicKey) };
}
