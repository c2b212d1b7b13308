/** @module Ids typed by people: a unique hex prefix (6+ characters) of a body, motion, member or event. */
import type { Replica } from "../replica/index.js";
import { CliError } from "./cli-error.js";

export type IdKind =
  | "body"
  | "motion"
  | "member"
  | "request"
  | "event"
  | "demand"
  | "rotation request"
  | "offer"
  | "meeting"
  | "meeting demand"
  | "item";

/** Members are known per scope (`scope member`): each member once. */
function* memberIds(replica: Replica): Iterable<string> {
  const seen = new Set<string>();
  for (const m of replica.fold.state.members.values())
    if (!seen.has(m.id)) {
      seen.add(m.id);
      yield m.id;
    }
}

function* demandIds(replica: Replica): Iterable<string> {
  const s = replica.fold.state;
  yield* s.councilDemands.keys();
  for (const m of s.motions.values()) if (m.kind === "demand") yield m.id;
}

function candidates(replica: Replica, kind: IdKind): Iterable<string> {
  const s = replica.fold.state;
  switch (kind) {
    case "body":
      return s.bodies.keys();
    case "motion":
      return s.motions.keys();
    case "member":
      return memberIds(replica);
    case "request":
      return s.joinRequests.keys();
    case "event":
      return replica.fold.index.ids;
    case "demand":
      return demandIds(replica);
    case "rotation request":
      return s.rotationRequests.keys();
    case "offer":
      return s.registrarOffers.keys();
    case "meeting":
      return s.meetings.keys();
    case "meeting demand":
      return s.meetingDemands.keys();
    case "item":
      return s.meetingItems.keys();
  }
}

/** Resolves a full id or a unique prefix of at least 6 hex characters. */
export function resolveId(
  replica: Replica,
  kind: IdKind,
  typed: string | undefined,
): string {
  if (typed === undefined) throw new CliError("USAGE", { missing: kind });
  const prefix = typed.toLowerCase();
  if (!/^[0-9a-f]{6,64}$/.test(prefix))
    throw new CliError("ID_NOT_FOUND", { kind, id: typed });
  const found: string[] = [];
  for (const id of candidates(replica, kind)) {
    if (id.startsWith(prefix)) {
      found.push(id);
      if (found.length > 5) break;
    }
  }
  if (found.length === 1) return found[0]!;
  if (found.length === 0) {
    // A full id of a body or motion the fold found invalid is still useful to name.
    if (prefix.length === 64) return prefix;
    throw new CliError("ID_NOT_FOUND", { kind, id: typed });
  }
  throw new CliError("ID_AMBIGUOUS", {
    kind,
    id: typed,
    matches: found.map((f) => f.slice(0, 12)),
  });
}
