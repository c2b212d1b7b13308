/**
 * @module The call-to-action dashboard: a council's call, and how the bodies below the
 * looking council answered — totals, by level, by region (the councils right below), per day
 * since the call, and body by body (unnamed where the viewer may not see the body).
 */
import {
  type Answer,
  type AnswerRecord,
  type CallRecord,
  type CallRollup,
  type I18nText,
  rollupCall,
} from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { canSee, type Viewer } from "./viewer.js";

export interface CallSummary {
  readonly id: string;
  readonly council: string;
  readonly councilName: I18nText;
  readonly kind: CallRecord["kind"];
  readonly title: I18nText;
  readonly text: I18nText;
  readonly startsAt: number;
  readonly adoptedAt: number;
  readonly scope: CallRecord["scope"];
  readonly total: CallRollup["total"] | null;
}

export interface CallView extends CallSummary {
  /** The council whose view this is (the calling council or one below it). */
  readonly looking: string;
  readonly rollup: CallRollup;
  readonly regions: readonly {
    readonly council: string;
    readonly name: I18nText;
    readonly level: string | null;
    readonly total: CallRollup["total"];
  }[];
  readonly answers: readonly {
    readonly body: string | null;
    readonly name: I18nText | null;
    readonly level: string;
    readonly answer: Answer;
    readonly headcount: number;
    readonly note: string | null;
    readonly time: number;
  }[];
  /** Councils at or below the calling one that the viewer may look from. */
  readonly councils: readonly {
    readonly id: string;
    readonly name: I18nText;
  }[];
  /** Bodies the viewer chairs that the call asks to answer. */
  readonly answerable: readonly {
    readonly body: string;
    readonly name: I18nText;
    readonly answer: Answer | null;
  }[];
}

function rollup(hub: Hub, call: string, council: string): CallRollup | null {
  return hub.memo(`rollup ${call} ${council}`, () =>
    rollupCall(hub.replica.fold.state, call, council),
  );
}

function summary(hub: Hub, c: CallRecord, viewer: Viewer): CallSummary {
  const state = hub.replica.fold.state;
  return {
    id: c.id,
    council: c.council,
    councilName: state.bodies.get(c.council)?.name ?? {},
    kind: c.kind,
    title: c.title,
    text: c.text,
    startsAt: c.startsAt,
    adoptedAt: c.adoptedAt,
    scope: c.scope,
    total: canSee(viewer, hub.index(), c.council)
      ? (rollup(hub, c.id, c.council)?.total ?? null)
      : null,
  };
}

/** Calls the viewer may see: issued by a council they see, or asking a body they take part in. */
export function callList(hub: Hub, viewer: Viewer): CallSummary[] {
  const state = hub.replica.fold.state;
  const index = hub.index();
  return [...state.calls.values()]
    .filter(
      (c) =>
        canSee(viewer, index, c.council) ||
        [...viewer.takesPart].some((b) => index.above(b).includes(c.council)),
    )
    .sort((a, b) => b.adoptedAt - a.adoptedAt)
    .map((c) => summary(hub, c, viewer));
}

/** One call as seen from `looking` (default: the calling council). */
export function callView(
  hub: Hub,
  viewer: Viewer,
  id: string,
  looking: string | null,
): CallView {
  const state = hub.replica.fold.state;
  const index = hub.index();
  const c = state.calls.get(id);
  if (c === undefined) throw new HubError("CALL_NOT_FOUND", { call: id });
  const council = looking ?? c.council;
  const inTree =
    council === c.council || index.below(c.council).includes(council);
  if (!inTree || state.bodies.get(council)?.kind !== "council")
    throw new HubError("BODY_NOT_FOUND", { body: council });
  if (!canSee(viewer, index, council))
    throw new HubError(
      viewer.key === null ? "AUTH_REQUIRED" : "READ_NOT_ALLOWED",
      { body: council },
    );
  const r = rollup(hub, id, council)!;
  const regions = (index.children.get(council) ?? [])
    .filter((l) => state.bodies.get(l.child)?.kind === "council")
    .map((l) => {
      const b = state.bodies.get(l.child)!;
      return {
        council: l.child,
        name: b.name,
        level: b.level,
        total: rollup(hub, id, l.child)!.total,
      };
    });
  const below = new Set(index.below(council));
  const latest = new Map<string, AnswerRecord>();
  for (const a of state.answers.get(id))
    if (below.has(a.body)) latest.set(a.body, a);
  const answers = [...latest.values()].map((a) => {
    const b = state.bodies.get(a.body);
    const shown = canSee(viewer, index, a.body);
    return {
      body: shown ? a.body : null,
      name: shown ? (b?.name ?? null) : null,
      level:
        b?.kind === "council" ? (b.level ?? "council") : (b?.kind ?? "unknown"),
      answer: a.answer,
      headcount: a.headcount,
      note: shown ? a.note : null,
      time: a.time,
    };
  });
  const councils = [c.council, ...index.below(c.council)]
    .filter(
      (b) =>
        state.bodies.get(b)?.kind === "council" && canSee(viewer, index, b),
    )
    .map((b) => ({ id: b, name: state.bodies.get(b)!.name }));
  const scope =
    c.scope === "all" ? new Set(index.below(c.council)) : new Set(c.scope);
  const member = viewer.member;
  const answerable =
    member === null
      ? []
      : [...viewer.takesPart]
          .filter(
            (b) =>
              scope.has(b) &&
              (state.bodies.get(b)?.chairs.includes(member) ?? false),
          )
          .map((b) => ({
            body: b,
            name: state.bodies.get(b)!.name,
            answer:
              state.answers
                .get(id)
                .filter((a) => a.body === b)
                .at(-1)?.answer ?? null,
          }));
  return {
    ...summary(hub, c, viewer),
    looking: council,
    rollup: r,
    regions,
    answers,
    councils,
    answerable,
  };
}
