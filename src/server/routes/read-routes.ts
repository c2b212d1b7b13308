/**
 * @module The read API: the federation by level, bodies, motions, delegates, demands and
 * calls to action — each filtered by what the viewer may read (src/server/read/viewer.ts).
 */
import type { ApiRoute } from "../api-route.js";
import type { Hub } from "../hub.js";
import { bodyView } from "../read/body-view.js";
import { callList, callView } from "../read/call-view.js";
import { delegateView } from "../read/delegate-view.js";
import { demandViews } from "../read/demand-view.js";
import { federationView } from "../read/federation-view.js";
import { motionView } from "../read/motion-view.js";
import { hexId, idParams, object } from "./schemas.js";

const NOT_READABLE = ["AUTH_REQUIRED", "READ_NOT_ALLOWED"];

export function readRoutes(hub: Hub): ApiRoute[] {
  return [
    {
      method: "GET",
      url: "/api/federation",
      tag: "read",
      summary:
        "The bodies the viewer may see, by level (national → regional → municipal → sectoral → base), with the current call's status; `q` searches names in every language.",
      auth: "optional",
      query: {
        type: "object",
        properties: { q: { type: "string", maxLength: 100 } },
        additionalProperties: false,
      },
      responses: {
        200: {
          description: "the federation",
          schema: object("FederationView (docs/api.md)", [
            "federation",
            "levels",
            "call",
          ]),
        },
      },
      handler: async (request, _reply, { viewer }) => {
        const q = (request.query as { q?: string }).q?.trim() || null;
        return federationView(hub, viewer, q);
      },
    },
    {
      method: "GET",
      url: "/api/bodies/:id",
      tag: "read",
      summary:
        "A body: rules, chairs, members (only to those who may see them), motions, seats and delegates with mandates, bodies below, join requests, calls, demands.",
      auth: "optional",
      params: idParams,
      errors: ["BODY_NOT_FOUND", ...NOT_READABLE],
      responses: {
        200: {
          description: "the body",
          schema: object(
            "BodyView (docs/api.md); `members` is null unless the viewer may see them",
            ["id", "members"],
          ),
        },
      },
      handler: async (request, _reply, { viewer }) =>
        bodyView(hub, viewer, (request.params as { id: string }).id),
    },
    {
      method: "GET",
      url: "/api/motions/:id",
      tag: "read",
      summary:
        "A motion: texts in every language, amendments, comments, ballots, the live count, the result with its count sheet, and what the viewer may do.",
      auth: "optional",
      params: idParams,
      errors: ["MOTION_NOT_FOUND", ...NOT_READABLE],
      responses: {
        200: {
          description: "the motion",
          schema: object("MotionView (docs/api.md)", ["id", "status", "live"]),
        },
      },
      handler: async (request, _reply, { viewer }) =>
        motionView(hub, viewer, (request.params as { id: string }).id),
    },
    {
      method: "GET",
      url: "/api/delegates/:id",
      tag: "read",
      summary:
        "A delegate's record: seats, mandates, ballots on councils, deviations from mandates, recalls, and whether the viewer may recall.",
      auth: "optional",
      params: idParams,
      errors: ["MEMBER_NOT_FOUND", ...NOT_READABLE],
      responses: {
        200: {
          description: "the delegate",
          schema: object("DelegateView (docs/api.md)", [
            "id",
            "terms",
            "ballots",
            "deviations",
          ]),
        },
      },
      handler: async (request, _reply, { viewer }) =>
        delegateView(hub, viewer, (request.params as { id: string }).id),
    },
    {
      method: "GET",
      url: "/api/demands",
      tag: "read",
      summary:
        "The demands board: demands on councils the viewer may see, with endorsing bodies and members per level, and the path.",
      auth: "optional",
      query: {
        type: "object",
        properties: { council: hexId },
        additionalProperties: false,
      },
      errors: ["BODY_NOT_FOUND"],
      responses: {
        200: {
          description: "demands, most members first",
          schema: object("{demands: DemandView[]}", ["demands"]),
        },
      },
      handler: async (request, _reply, { viewer }) => ({
        demands: demandViews(
          hub,
          viewer,
          (request.query as { council?: string }).council ?? null,
        ),
      }),
    },
    {
      method: "GET",
      url: "/api/calls",
      tag: "read",
      summary:
        "Calls to action the viewer may see, newest first, with their totals.",
      auth: "optional",
      responses: {
        200: {
          description: "calls",
          schema: object("{calls: CallSummary[]}", ["calls"]),
        },
      },
      handler: async (_request, _reply, { viewer }) => ({
        calls: callList(hub, viewer),
      }),
    },
    {
      method: "GET",
      url: "/api/calls/:id",
      tag: "read",
      summary:
        "A call's dashboard as a council sees it: answers by level, by region and per day, body by body.",
      auth: "optional",
      params: idParams,
      query: {
        type: "object",
        properties: { council: hexId },
        additionalProperties: false,
      },
      errors: ["CALL_NOT_FOUND", "BODY_NOT_FOUND", ...NOT_READABLE],
      responses: {
        200: {
          description: "the dashboard",
          schema: object("CallView (docs/api.md)", [
            "id",
            "rollup",
            "regions",
            "answers",
          ]),
        },
      },
      handler: async (request, _reply, { viewer }) =>
        callView(
          hub,
          viewer,
          (request.params as { id: string }).id,
          (request.query as { council?: string }).council ?? null,
        ),
    },
  ];
}
