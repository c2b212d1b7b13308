/**
 * @module The short form of a body that lists show (the federation page, links between
 * bodies), and the names of members — small shared pieces of every read projection.
 */
import type { BodyRecord, FoldState, I18nText } from "../../core/index.js";
import type { FederationIndex } from "./federation-index.js";
import type { Viewer } from "./viewer.js";

/** A member as pages name them. */
export interface Named {
  readonly id: string;
  readonly name: string;
}

/** A member's id and display name. */
export function named(state: FoldState, id: string): Named {
  return { id, name: state.members.get(id)?.name ?? id.slice(0, 8) };
}

/** A body in a list. */
export interface BodySummary {
  readonly id: string;
  readonly name: I18nText;
  readonly kind: BodyRecord["kind"];
  readonly level: BodyRecord["level"];
  readonly setting: BodyRecord["setting"];
  readonly dissolved: boolean;
  readonly public: boolean;
  /** Members now (for a council: its chair and anyone admitted to it). */
  readonly memberCount: number;
  /** People it represents now (for a council: every member of the bodies below, once). */
  readonly represented: number;
  /** Councils it sends delegates to. */
  readonly parents: readonly {
    readonly council: string;
    readonly seats: number;
  }[];
  /** True when the viewer reads the body in full. */
  readonly readable: boolean;
  /** True when the viewer takes part in it. */
  readonly mine: boolean;
}

/** The summary of a body for a viewer. */
export function bodySummary(
  index: FederationIndex,
  viewer: Viewer,
  body: BodyRecord,
): BodySummary {
  return {
    id: body.id,
    name: body.name,
    kind: body.kind,
    level: body.level,
    setting: body.setting,
    dissolved: body.dissolved,
    public: body.rules.public,
    memberCount: index.membersOf(body.id).length,
    represented: index.representedBy(body.id).size,
    parents: (index.parents.get(body.id) ?? []).map((l) => ({
      council: l.parent,
      seats: l.seats,
    })),
    readable: viewer.reads.has(body.id),
    mine: viewer.takesPart.has(body.id),
  };
}
