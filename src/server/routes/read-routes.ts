/**
 * @module The read API: the federation by level, bodies (and councils), motions, members,
 * delegates, demands and calls to action — each answered from the scopes the viewer reads
 * (read/viewer.ts); a thing in any other scope is answered exactly as one that does not exist.
 */
import { z } from "zod";
import {
  bodyViewSchema,
  callListSchema,
  callViewSchema,
  delegateViewSchema,
  demandListSchema,
  demandViewSchema,
  doorCodeSchema,
  federationViewSchema,
  hexIdSchema,
  meetingListSchema,
  meetingMinutesSchema,
  meetingPassSchema,
  meetingViewSchema,
  memberViewSchema,
  motionViewSchema,
  newDoorSchema,
  planViewSchema,
  searchViewSchema,
} from "../../api/index.js";
import { SEARCH_LIMIT, SEARCH_QUERY_MAX } from "../../core/index.js";
import { type ApiRoute, defineRoute } from "../api-route.js";
import type { Hub } from "../hub.js";
import { bodyView } from "../read/body-view.js";
import { callList, callView } from "../read/call-view.js";
import { delegateView } from "../read/delegate-view.js";
import { demandList, demandOne } from "../read/demand-view.js";
import { federationView } from "../read/federation-view.js";
import { minutesOf, minutesPage } from "../read/meeting-minutes.js";
import {
  demandRuleOf,
  meetingDemandList,
  meetingList,
  meetingOne,
} from "../read/meeting-view.js";
import { memberView } from "../read/member-view.js";
import { motionView } from "../read/motion-view.js";
import { planView } from "../read/plan-view.js";
import { searchView } from "../read/search-view.js";
import { doorCode, meetingPass, newDoor } from "../write/meeting-door.js";
import { idParams, withLang } from "./schemas.js";

export function readRoutes(hub: Hub): ApiRoute[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/federation",
      tag: "read",
      summary:
        "The bodies the viewer reads, by level (national → regional → municipal → sectoral → base), with the latest call to action among them; `q` searches names in every language.",
      auth: "optional",
      query: withLang({ q: z.string().max(100).optional() }),
      responses: {
        200: { description: "the federation", schema: federationViewSchema },
      },
      handler: async ({ query }, { viewer }) =>
        federationView(hub, viewer, query.q?.trim() || null),
    }),
    defineRoute({
      method: "GET",
      url: "/api/search",
      tag: "read",
      summary:
        "Bodies, motions, demands and calls to action the viewer reads whose names or texts hold every word of `q`, in any language (case and marks ignored): found in the title first, then the newest; `total` counts every hit, `limit` how many come back.",
      auth: "optional",
      query: withLang({
        q: z.string().max(SEARCH_QUERY_MAX),
        limit: z.number().int().min(1).max(200).default(SEARCH_LIMIT),
      }),
      responses: {
        200: { description: "what was found", schema: searchViewSchema },
      },
      handler: async ({ query }, { viewer }) =>
        searchView(hub, viewer, query.q, query.limit),
    }),
    defineRoute({
      method: "GET",
      url: "/api/bodies/:id",
      tag: "read",
      summary:
        "A body: rules, chairs, members, motions, join requests; its delegations, mandates and answers to calls; the audit of what its attesters told the councils above (mismatches flagged) and, for its attesters, the claims to sign. A council also: the cards of the bodies below with delegates and mandates as attested, deviations, demands with aggregates, calls with roll-ups.",
      auth: "optional",
      params: idParams,
      errors: ["BODY_NOT_FOUND"],
      responses: { 200: { description: "the body", schema: bodyViewSchema } },
      handler: async ({ params }, { viewer }) =>
        bodyView(hub, viewer, params.id),
    }),
    defineRoute({
      method: "GET",
      url: "/api/bodies/:id/plan",
      tag: "read",
      summary:
        "A body's planning rounds, one per period: the needs and (a workplace's) processes in force in its own scope, its totals and hours by skill; a council also the totals each body below carried up by attestation, and the limits its plan-limits motion set. Quantities are canonical fixed-point text; whether the viewer chairs the body (and may declare).",
      auth: "optional",
      params: idParams,
      errors: ["BODY_NOT_FOUND"],
      responses: {
        200: { description: "the planning rounds", schema: planViewSchema },
      },
      handler: async ({ params }, { viewer }) =>
        planView(hub, viewer, params.id),
    }),
    defineRoute({
      method: "GET",
      url: "/api/motions/:id",
      tag: "read",
      summary:
        "A motion: texts in every language, amendments, comments, each voter's latest ballot, the live count; once closed, the result its close states, the fold's result and the count sheet; what the viewer may do.",
      auth: "optional",
      params: idParams,
      errors: ["MOTION_NOT_FOUND"],
      responses: {
        200: { description: "the motion", schema: motionViewSchema },
      },
      handler: async ({ params }, { viewer }) =>
        motionView(hub, viewer, params.id),
    }),
    defineRoute({
      method: "GET",
      url: "/api/bodies/:id/meetings",
      tag: "read",
      summary:
        "The meetings of a body the viewer reads, newest first: title, when and where, open or closed, the quorum of those present; and its demands for a meeting not yet convened, with how many voters have joined and how many are needed.",
      auth: "optional",
      params: idParams,
      errors: ["BODY_NOT_FOUND"],
      responses: {
        200: {
          description: "meetings",
          schema: meetingListSchema,
        },
      },
      handler: async ({ params }, { viewer }) => ({
        meetings: meetingList(hub, viewer, params.id),
        demands: meetingDemandList(hub, viewer, params.id),
        demandRule: demandRuleOf(hub, params.id),
      }),
    }),
    defineRoute({
      method: "GET",
      url: "/api/meetings/:id",
      tag: "read",
      summary:
        "A meeting: the agenda in the chair's order and the items proposed, the current item, who is present and the quorum of those present, each item's speakers' list (points of order first), what the viewer may do. Live: the feed's `changed` for the body means fetch again.",
      auth: "optional",
      params: idParams,
      errors: ["MEETING_NOT_FOUND"],
      responses: {
        200: { description: "the meeting", schema: meetingViewSchema },
      },
      handler: async ({ params }, { viewer }) =>
        meetingOne(hub, viewer, params.id),
    }),
    defineRoute({
      method: "GET",
      url: "/api/meetings/:id/minutes",
      tag: "read",
      summary:
        "The minutes of a meeting, generated from its events: who was present, the chair it elected, each item with its motions and their counts, who spoke, every vote taken in it with those present at its opening, the minutes' hash and whether these are the minutes the meeting adopted.",
      auth: "optional",
      params: idParams,
      errors: ["MEETING_NOT_FOUND"],
      responses: {
        200: { description: "the minutes", schema: meetingMinutesSchema },
      },
      handler: async ({ params }, { viewer }) =>
        minutesOf(hub, viewer, params.id),
    }),
    defineRoute({
      method: "GET",
      url: "/api/meetings/:id/minutes.html",
      tag: "read",
      summary:
        "The same minutes as one self-contained HTML page, for printing or keeping, in the language of `?lang=` or Accept-Language (Urdu right to left).",
      auth: "optional",
      params: idParams,
      query: z.object({ lang: z.enum(["en", "ru", "kk", "ur"]).optional() }),
      errors: ["MEETING_NOT_FOUND"],
      responses: {
        200: {
          description: "the minutes page",
          schema: z.string(),
          contentType: "text/html; charset=utf-8",
        },
      },
      handler: async ({ params }, { viewer, lang }, _request, reply) => {
        const page = minutesPage(hub, viewer, params.id, lang);
        reply.type("text/html; charset=utf-8");
        return page;
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/meetings/:id/door",
      tag: "read",
      summary:
        "The door's code now, for the projector: for a chair of the meeting (the one it elected) or of its body, on the hub that keeps the meeting's door key. It changes every 10 seconds.",
      auth: "required",
      params: idParams,
      errors: [
        "MEETING_NOT_FOUND",
        "MEETING_CLOSED",
        "DOOR_KEY_NOT_HERE",
        "NOT_A_CHAIR",
      ],
      responses: { 200: { description: "the code", schema: doorCodeSchema } },
      handler: async ({ params }, { viewer }) =>
        doorCode(hub, viewer, params.id, Date.now()),
    }),
    defineRoute({
      method: "POST",
      url: "/api/bodies/:id/door",
      tag: "events",
      summary:
        "A fresh door key for a meeting a chair of the body is about to convene from the app: the hub keeps its secret half (to show the projector's code and sign passes) and answers the public half, for the chair's meeting.convened to name as its `door`.",
      auth: "required",
      params: idParams,
      bodyLimit: 1024,
      errors: ["BODY_NOT_FOUND", "NOT_A_CHAIR", "DOOR_KEY_NOT_HERE"],
      responses: { 200: { description: "the door", schema: newDoorSchema } },
      handler: async ({ params }, { viewer }) =>
        newDoor(hub, viewer, params.id),
    }),
    defineRoute({
      method: "POST",
      url: "/api/meetings/:id/pass",
      tag: "events",
      summary:
        "A pass for the signed-in member, for a code scanned from the projector (this window's or the last one's): the door key's signature that their own meeting.checked-in carries.",
      auth: "required",
      params: idParams,
      bodyLimit: 1024,
      body: z.object({ code: z.string().regex(/^[0-9a-fA-F]{10}$/) }).strict(),
      errors: [
        "MEETING_NOT_FOUND",
        "MEETING_CLOSED",
        "DOOR_KEY_NOT_HERE",
        "NOT_A_MEMBER",
        "MEETING_PASS_INVALID",
      ],
      responses: {
        200: { description: "the pass", schema: meetingPassSchema },
      },
      handler: async ({ params, body }, { viewer }) =>
        meetingPass(hub, viewer, params.id, body.code, Date.now()),
    }),
    defineRoute({
      method: "GET",
      url: "/api/members/:id",
      tag: "read",
      summary:
        "A member as each scope the viewer reads knows them: name, keys, membership, chair, seats.",
      auth: "optional",
      params: idParams,
      errors: ["MEMBER_NOT_FOUND"],
      responses: {
        200: { description: "the member", schema: memberViewSchema },
      },
      handler: async ({ params }, { viewer }) =>
        memberView(hub, viewer, params.id),
    }),
    defineRoute({
      method: "GET",
      url: "/api/delegates/:id",
      tag: "read",
      summary:
        "A delegate's record per council the viewer reads (`council` narrows to one): terms, mandates, ballots, deviations, recalls, and whether the viewer may recall.",
      auth: "optional",
      params: idParams,
      query: withLang({ council: hexIdSchema.optional() }),
      errors: ["MEMBER_NOT_FOUND"],
      responses: {
        200: { description: "the delegate", schema: delegateViewSchema },
      },
      handler: async ({ params, query }, { viewer }) =>
        delegateView(hub, viewer, params.id, query.council ?? null),
    }),
    defineRoute({
      method: "GET",
      url: "/api/demands",
      tag: "read",
      summary:
        "The demands board: demands on the councils the viewer reads (`council` narrows to one), each with bodies and people behind it by level, people counted once.",
      auth: "optional",
      query: withLang({ council: hexIdSchema.optional() }),
      errors: ["BODY_NOT_FOUND"],
      responses: {
        200: {
          description: "demands, most people first",
          schema: demandListSchema,
        },
      },
      handler: async ({ query }, { viewer }) => ({
        demands: demandList(hub, viewer, query.council ?? null),
      }),
    }),
    defineRoute({
      method: "GET",
      url: "/api/demands/:id",
      tag: "read",
      summary: "One demand on a council the viewer reads, with its aggregate.",
      auth: "optional",
      params: idParams,
      errors: ["ID_NOT_FOUND"],
      responses: {
        200: { description: "the demand", schema: demandViewSchema },
      },
      handler: async ({ params }, { viewer }) =>
        demandOne(hub, viewer, params.id),
    }),
    defineRoute({
      method: "GET",
      url: "/api/calls",
      tag: "read",
      summary:
        "Calls to action issued by councils the viewer reads, newest first, with their totals.",
      auth: "optional",
      responses: {
        200: {
          description: "calls",
          schema: callListSchema,
        },
      },
      handler: async (_input, { viewer }) => ({
        calls: callList(hub, viewer),
      }),
    }),
    defineRoute({
      method: "GET",
      url: "/api/calls/:id",
      tag: "read",
      summary:
        "A call's dashboard as one council sees it (`council`, default the calling one): now, per day, per level and per body right below, people counted once.",
      auth: "optional",
      params: idParams,
      query: withLang({ council: hexIdSchema.optional() }),
      errors: ["CALL_NOT_FOUND", "BODY_NOT_FOUND"],
      responses: {
        200: { description: "the dashboard", schema: callViewSchema },
      },
      handler: async ({ params, query }, { viewer }) =>
        callView(hub, viewer, params.id, query.council ?? null),
    }),
  ];
}
