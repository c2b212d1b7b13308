/**
 * @module The federation page: the bodies a viewer may see, by level (national → regional →
 * municipal → sectoral → base), each with the status of the current call to action there.
 */
import type { FederationRecord, I18nText } from "../../core/index.js";
import type { Hub } from "../hub.js";
import { type BodySummary, bodySummary } from "./body-summary.js";
import { canSee, type Viewer } from "./viewer.js";

export const LEVEL_ORDER = [
  "national",
  "regional",
  "municipal",
  "sectoral",
  "base",
] as const;

export interface CallStatus {
  readonly call: string;
  readonly title: I18nText;
  readonly council: string;
  readonly kind: string;
  readonly startsAt: number;
}

export interface FederationView {
  readonly federation: Pick<
    FederationRecord,
    "id" | "name" | "createdAt"
  > | null;
  readonly levels: readonly {
    readonly level: (typeof LEVEL_ORDER)[number];
    readonly bodies: readonly (BodySummary & {
      /** The body's latest answer to the current call, if any. */
      readonly answer: {
        readonly answer: string;
        readonly headcount: number;
        readonly time: number;
      } | null;
    })[];
  }[];
  /** The most recent call to action the viewer may see. */
  readonly call: CallStatus | null;
}

/** True when the text matches the query in any language (case-insensitive). */
function matches(name: I18nText, q: string): boolean {
  const needle = q.toLocaleLowerCase();
  return Object.values(name).some((t) =>
    t.toLocaleLowerCase().includes(needle),
  );
}

/** The federation as the viewer may see it, optionally filtered by a search. */
export function federationView(
  hub: Hub,
  viewer: Viewer,
  q: string | null,
): FederationView {
  const state = hub.replica.fold.state;
  const index = hub.index();
  const fed = state.federation.get("federation") ?? null;
  const calls = [...state.calls.values()]
    .filter((c) => canSee(viewer, index, c.council))
    .sort((a, b) => b.adoptedAt - a.adoptedAt);
  const current = calls[0] ?? null;
  const latest = new Map<
    string,
    { answer: string; headcount: number; time: number }
  >();
  if (current)
    for (const a of state.answers.get(current.id))
      latest.set(a.body, {
        answer: a.answer,
        headcount: a.headcount,
        time: a.time,
      });
  const byLevel = new Map<
    string,
    FederationView["levels"][number]["bodies"][number][]
  >();
  for (const b of state.bodies.values()) {
    if (b.dissolved || !canSee(viewer, index, b.id)) continue;
    if (q && !matches(b.name, q)) continue;
    const level = b.kind === "council" ? (b.level ?? "sectoral") : "base";
    const list = byLevel.get(level) ?? [];
    list.push({
      ...bodySummary(index, viewer, b),
      answer: latest.get(b.id) ?? null,
    });
    byLevel.set(level, list);
  }
  return {
    federation: fed
      ? { id: fed.id, name: fed.name, createdAt: fed.createdAt }
      : null,
    levels: LEVEL_ORDER.filter((l) => byLevel.has(l)).map((level) => ({
      level,
      bodies: byLevel
        .get(level)!
        .sort((a, b) =>
          (a.name.en ?? Object.values(a.name)[0] ?? "").localeCompare(
            b.name.en ?? Object.values(b.name)[0] ?? "",
          ),
        ),
    })),
    call: current
      ? {
          call: current.id,
          title: current.title,
          council: current.council,
          kind: current.kind,
          startsAt: current.startsAt,
        }
      : null,
  };
}
