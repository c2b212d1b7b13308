/**
 * @module The member's own page: who the proven key acts for, the bodies they take part in,
 * the seats they hold, and their join requests with the admission progress.
 */
import type { I18nText } from "../../core/index.js";
import type { Hub } from "../hub.js";
import {
  type BodySummary,
  bodySummary,
  type Named,
  named,
} from "./body-summary.js";
import type { Viewer } from "./viewer.js";

export interface MeView {
  readonly key: string;
  readonly member: string;
  /** The name the federation knows, or null for a key that has signed nothing here. */
  readonly name: string | null;
  readonly coordinator: boolean;
  readonly keys: readonly string[];
  readonly bodies: readonly (BodySummary & { readonly chair: boolean })[];
  readonly seats: readonly {
    readonly council: string;
    readonly councilName: I18nText;
    readonly body: string;
    readonly bodyName: I18nText;
  }[];
  readonly joinRequests: readonly {
    readonly id: string;
    readonly body: string;
    readonly bodyName: I18nText;
    readonly time: number;
    readonly needed: number;
    readonly endorsedBy: readonly Named[];
    readonly status: string;
  }[];
  /** The head of this key's chain: what its next event follows. */
  readonly chain: { readonly seq: number; readonly id: string } | null;
}

/** The proven key's own page. */
export function meView(
  hub: Hub,
  viewer: Viewer & { key: string; member: string },
): MeView {
  const state = hub.replica.fold.state;
  const index = hub.index();
  const record = state.members.get(viewer.member);
  return {
    key: viewer.key,
    member: viewer.member,
    name: record?.name ?? null,
    coordinator: viewer.coordinator,
    keys: record?.keys ?? [viewer.key],
    bodies: [...viewer.takesPart]
      .map((b) => state.bodies.get(b))
      .filter((b) => b !== undefined)
      .map((b) => ({
        ...bodySummary(index, viewer, b),
        chair: b.chairs.includes(viewer.member),
      })),
    seats: (index.seatsOf.get(viewer.member) ?? []).map((s) => ({
      ...s,
      councilName: state.bodies.get(s.council)?.name ?? {},
      bodyName: state.bodies.get(s.body)?.name ?? {},
    })),
    joinRequests: [...state.joinRequests.values()]
      .filter((r) => r.member === viewer.member)
      .map((r) => ({
        id: r.id,
        body: r.body,
        bodyName: state.bodies.get(r.body)?.name ?? {},
        time: r.time,
        needed: r.needed,
        endorsedBy: r.endorsedBy.map((e) => named(state, e)),
        status: r.status,
      })),
    chain: hub.replica.fold.chainHead(viewer.key),
  };
}
