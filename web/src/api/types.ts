/**
 * @module The shapes the hub answers with, under the names the pages use: each is the type
 * inferred from the route's zod schema in src/api (`z.infer`), which the hub's tests parse
 * every answer against, made read-only all the way down (pages read answers, never change
 * them; and the offline copy's own, read-only results then stand in for them). Types only
 * (`import type`, checked by scripts/check-imports.mjs): no schema and no zod code comes into
 * the bundle from here. There is nothing to keep in step
 * by hand — a change of a schema changes these types, and `npm run typecheck` then points
 * at every page that reads the old shape; that check is the test that web and hub agree.
 */

import type * as Api from "../../../src/api/index.js";

/** Read-only all the way down. */
type Answer<T> = T extends readonly (infer U)[]
  ? readonly Answer<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Answer<T[K]> }
    : T;
export type AgendaItem = Answer<Api.AgendaItem>;
export type AnswerCounts = Answer<Api.AnswerCounts>;
export type AnswerName = Answer<Api.AnswerName>;
export type BodySummary = Answer<Api.BodySummary>;
export type BodyView = Answer<Api.BodyView>;
export type CallList = Answer<Api.CallList>;
export type CallSummary = Answer<Api.CallSummary>;
export type CallView = Answer<Api.CallView>;
export type Card = Answer<Api.Card>;
export type Challenge = Answer<Api.Challenge>;
export type Choice = Answer<Api.Choice>;
export type ClaimAuditView = Answer<Api.ClaimAudit>;
export type CloseDraft = Answer<Api.CloseDraft>;
export type DelegateRecord = Answer<Api.DelegateRecord>;
export type DelegateView = Answer<Api.DelegateView>;
export type DemandList = Answer<Api.DemandList>;
export type DemandView = Answer<Api.DemandView>;
export type DoorCode = Answer<Api.DoorCode>;
export type EventEntry = Answer<Api.EventEntry>;
export type EventLogView = Answer<Api.EventLogView>;
export type FederationView = Answer<Api.FederationView>;
export type HeadsView = Answer<Api.HeadsView>;
export type HubInfo = Answer<Api.HubInfo>;
export type Mandate = Answer<Api.Mandate>;
export type MeetingList = Answer<Api.MeetingList>;
export type MeetingMinutesView = Answer<Api.MeetingMinutesView>;
export type MeetingPass = Answer<Api.MeetingPass>;
export type MeetingQuorum = Answer<Api.MeetingQuorum>;
export type MeetingSummary = Answer<Api.MeetingSummary>;
export type MeetingView = Answer<Api.MeetingView>;
export type MeView = Answer<Api.MeView>;
export type MotionResult = Answer<Api.MotionResult>;
export type MotionSummary = Answer<Api.MotionSummary>;
export type MotionView = Answer<Api.MotionView>;
export type Named = Answer<Api.Named>;
export type NewDoor = Answer<Api.NewDoor>;
export type PlanFigures = Answer<Api.PlanFiguresView>;
export type PlanPeriod = Answer<Api.PlanPeriod>;
export type PlanMonitor = Answer<Api.PlanMonitorView>;
export type PlanSubject = Answer<Api.PlanSubjectView>;
export type PlanView = Answer<Api.PlanViewAnswer>;
export type PostResult = Answer<Api.PostResult>;
export type PostResults = Answer<Api.PostResults>;
export type SearchHit = Answer<Api.SearchHit>;
export type SearchView = Answer<Api.SearchView>;
export type SecretMotionView = Answer<Api.SecretMotionView>;
export type Session = Answer<Api.Session>;
export type SpeakerRequest = Answer<Api.SpeakerRequest>;
export type StatedResult = Answer<Api.StatedResult>;
export type StateView = Answer<Api.StateView>;
export type Text = Answer<Api.Text>;
export type WaitingView = Answer<Api.WaitingView>;
