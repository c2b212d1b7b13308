/**
 * @module The minutes of a meeting for a viewer who reads its body (any other:
 * MEETING_NOT_FOUND, as for one that does not exist): as data — the same minutes as
 * `kenges meeting minutes --json`, members named — or as the one HTML page
 * `kenges meeting minutes --html` writes, in the reader's language.
 */
import type { MeetingMinutesView } from "../../api/index.js";
import {
  type MeetingMinutes,
  type MinutesItem,
  type MinutesMotion,
  meetingMinutes,
} from "../../core/index.js";
import type { Language } from "../../i18n/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { nameIn } from "./body-summary.js";
import { minutesHtml } from "./minutes-html.js";
import { canRead, type Viewer } from "./viewer.js";

/** The minutes of a meeting the viewer reads, or MEETING_NOT_FOUND. */
function readableMinutes(hub: Hub, viewer: Viewer, id: string): MeetingMinutes {
  const fold = hub.replica.fold;
  const m = fold.state.meetings.get(id);
  if (m === undefined || !canRead(viewer, m.body))
    throw new HubError("MEETING_NOT_FOUND", { meeting: id });
  return meetingMinutes(fold.state, fold.index, id)!;
}

/** The minutes as data, members named as the body knows them. */
export function minutesOf(
  hub: Hub,
  viewer: Viewer,
  id: string,
): MeetingMinutesView {
  const data = readableMinutes(hub, viewer, id);
  const state = hub.replica.fold.state;
  const named = (member: string) => nameIn(state, data.body, member);
  const motion = (x: MinutesMotion) => ({
    ...x,
    result: x.result ? ({ ...x.result } as Record<string, unknown>) : null,
    elected: x.elected.map(named),
  });
  const withAmendments = (x: MinutesMotion) => ({
    ...motion(x),
    amendments: x.amendments.map(motion),
  });
  const item = ({ votes, ...i }: MinutesItem) => ({
    ...i,
    proposer: named(i.proposer),
    motion: i.motion === null ? null : withAmendments(i.motion),
    ...(votes === undefined ? {} : { votes: votes.map(withAmendments) }),
    speakers: i.speakers.map((s) => ({ ...s, member: named(s.member) })),
  });
  return {
    ...data,
    convenedBy: named(data.convenedBy),
    present: data.present.map(named),
    presentAtEnd: data.presentAtEnd.map(named),
    items: data.items.map(item),
    notTaken: data.notTaken.map(item),
    chairs: data.chairs === null ? null : data.chairs.map(named),
    votes: data.votes.map(withAmendments),
  };
}

/** The minutes as one HTML page in `lang`. */
export function minutesPage(
  hub: Hub,
  viewer: Viewer,
  id: string,
  lang: Language,
): string {
  const data = readableMinutes(hub, viewer, id);
  const state = hub.replica.fold.state;
  return minutesHtml(data, {
    lang,
    nameOf: (member) => nameIn(state, data.body, member).name,
  });
}
