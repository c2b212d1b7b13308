/**
 * @module The body page: rules, chairs, members (only to those who may see them), motions,
 * the councils it sends delegates to with their mandates, the bodies below a council, join
 * requests waiting for endorsement, the calls to action it is asked to answer, and — for a
 * council — the demands that live on it. An outsider gets the public projection of a public
 * body: no member is named anywhere in it.
 */
import {
  aggregateDemand,
  type I18nText,
  type Rules,
} from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import {
  type BodySummary,
  bodySummary,
  type Named,
  named,
} from "./body-summary.js";
import {
  byRecency,
  type MotionSummary,
  motionSummary,
} from "./motion-summary.js";
import { canSee, type Viewer } from "./viewer.js";

export interface SeatView {
  readonly council: string;
  readonly councilName: I18nText;
  readonly seats: number;
  readonly delegates: readonly Named[];
  readonly mandate: {
    readonly motion: string;
    readonly instructions: I18nText;
    readonly positions: readonly {
      readonly motion: string;
      readonly title: I18nText | null;
      readonly choice: unknown;
    }[];
  } | null;
}

export interface BodyView extends BodySummary {
  readonly rules: Rules;
  readonly createdAt: number;
  readonly accountableTo: string | null;
  /** Null when the viewer may not see who chairs it (an outsider). */
  readonly chairs: readonly Named[] | null;
  /** Null when the viewer may not see the member list. */
  readonly members: readonly (Named & { readonly chair: boolean })[] | null;
  readonly motions: readonly MotionSummary[];
  /** Councils this body sends delegates to. */
  readonly seats: readonly SeatView[];
  /** For a council: the bodies sending delegates to it. */
  readonly below: readonly {
    readonly body: string;
    readonly name: I18nText;
    readonly seats: number;
    readonly delegates: readonly Named[] | null;
  }[];
  readonly joinRequests: readonly {
    readonly id: string;
    readonly member: string;
    readonly name: string;
    readonly time: number;
    readonly needed: number;
    readonly endorsedBy: readonly Named[];
  }[];
  readonly calls: readonly {
    readonly call: string;
    readonly title: I18nText;
    readonly council: string;
    readonly kind: string;
    readonly startsAt: number;
    readonly answer: {
      readonly answer: string;
      readonly headcount: number;
      readonly note: string | null;
      readonly time: number;
    } | null;
  }[];
  /** For a council: demands living on it, with the members they represent. */
  readonly demands: readonly {
    readonly id: string;
    readonly title: I18nText;
    readonly members: number;
    readonly bodies: number;
  }[];
  readonly viewer: {
    readonly member: boolean;
    readonly chair: boolean;
    readonly seesMembers: boolean;
    readonly full: boolean;
  };
}

/** Motion kinds an outsider may read in a public body: none of them names a member. */
export function isPublicKind(kind: string): boolean {
  return !["election", "recall", "admission", "removal", "redaction"].includes(
    kind,
  );
}

/** The body as the viewer may see it; BODY_NOT_FOUND / AUTH_REQUIRED / READ_NOT_ALLOWED otherwise. */
export function bodyView(hub: Hub, viewer: Viewer, id: string): BodyView {
  const state = hub.replica.fold.state;
  const index = hub.index();
  const body = state.bodies.get(id);
  if (body === undefined) throw new HubError("BODY_NOT_FOUND", { body: id });
  if (!canSee(viewer, index, id))
    throw new HubError(
      viewer.key === null ? "AUTH_REQUIRED" : "READ_NOT_ALLOWED",
      {
        body: id,
      },
    );
  const full = viewer.reads.has(id);
  const seesMembers = viewer.seesMembers.has(id);
  const chairs = new Set(body.chairs);
  const motions = [...state.motions.values()]
    .filter((m) => m.body === id)
    .map((m) => motionSummary(state, m))
    .sort(byRecency);
  const seats: SeatView[] = (index.parents.get(id) ?? []).map((l) => {
    const delegation = state.delegations.get(`${l.parent} ${id}`);
    const mandate = state.mandates.get(`${l.parent} ${id}`);
    return {
      council: l.parent,
      councilName: state.bodies.get(l.parent)?.name ?? {},
      seats: l.seats,
      delegates: full
        ? (delegation?.delegates ?? []).map((m) => named(state, m))
        : [],
      mandate:
        full && mandate
          ? {
              motion: mandate.motion,
              instructions: mandate.instructions,
              positions: mandate.positions.map((p) => ({
                motion: p.motion,
                title: state.motions.get(p.motion)?.title ?? null,
                choice: p.choice,
              })),
            }
          : null,
    };
  });
  const below = (index.children.get(id) ?? []).map((l) => ({
    body: l.child,
    name: state.bodies.get(l.child)?.name ?? {},
    seats: l.seats,
    delegates: full
      ? (state.delegations.get(`${id} ${l.child}`)?.delegates ?? []).map((m) =>
          named(state, m),
        )
      : null,
  }));
  const above = new Set(index.above(id));
  const calls = [...state.calls.values()]
    .filter((c) =>
      c.scope === "all" ? above.has(c.council) : c.scope.includes(id),
    )
    .map((c) => {
      const mine = state.answers.get(c.id).filter((a) => a.body === id);
      const last = mine[mine.length - 1];
      return {
        call: c.id,
        title: c.title,
        council: c.council,
        kind: c.kind,
        startsAt: c.startsAt,
        answer: last
          ? {
              answer: last.answer,
              headcount: last.headcount,
              note: last.note,
              time: last.time,
            }
          : null,
      };
    });
  const demands = [...state.councilDemands.values()]
    .filter((d) => d.council === id)
    .map((d) => {
      const aggregate = aggregateDemand(state, d.id);
      return {
        id: d.id,
        title: d.title,
        members: aggregate?.members ?? 0,
        bodies: aggregate?.bodies.length ?? 0,
      };
    });
  return {
    ...bodySummary(index, viewer, body),
    rules: body.rules,
    createdAt: body.createdAt,
    accountableTo: body.accountableTo,
    chairs: full ? body.chairs.map((c) => named(state, c)) : null,
    members: seesMembers
      ? index
          .membersOf(id)
          .map((m) => ({ ...named(state, m), chair: chairs.has(m) }))
      : null,
    motions: full ? motions : motions.filter((m) => isPublicKind(m.kind)),
    seats,
    below,
    joinRequests: viewer.takesPart.has(id)
      ? [...state.joinRequests.values()]
          .filter((r) => r.body === id && r.status === "pending")
          .map((r) => ({
            id: r.id,
            member: r.member,
            name: r.name,
            time: r.time,
            needed: r.needed,
            endorsedBy: r.endorsedBy.map((e) => named(state, e)),
          }))
      : [],
    calls,
    demands,
    viewer: {
      member: viewer.takesPart.has(id),
      chair:
        viewer.member !== null &&
        chairs.has(viewer.member) &&
        viewer.takesPart.has(id),
      seesMembers,
      full,
    },
  };
}
