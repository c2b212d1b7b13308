/**
 * @module Writing: heads to sign on top of, and posting signed events. Reading: a body's
 * event log for the audit page. A 201 means every event is verified and committed.
 */
import type { ApiRoute } from "../api-route.js";
import { errorBody } from "../http-errors.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { eventLogView } from "../read/event-log-view.js";
import { hexId, idParams, object } from "./schemas.js";

const BASE64URL = "^[A-Za-z0-9_-]+$";

export function eventRoutes(hub: Hub): ApiRoute[] {
  const limits = hub.config.limits;
  return [
    {
      method: "GET",
      url: "/api/heads",
      tag: "events",
      summary:
        "What a new event follows: the federation, the heads to name as deps (merge first when more than 16), and the proven key's chain head.",
      auth: "optional",
      responses: {
        200: {
          description: "heads",
          schema: {
            type: "object",
            properties: {
              federation: { type: "string" },
              heads: { type: "array", items: hexId },
              chain: {
                type: ["object", "null"],
                properties: { seq: { type: "integer" }, id: hexId },
              },
            },
            required: ["federation", "heads", "chain"],
          },
        },
      },
      handler: async (_request, _reply, { viewer }) => ({
        federation: hub.federation,
        heads: hub.replica.fold.heads(),
        chain: viewer.key ? hub.replica.fold.chainHead(viewer.key) : null,
      }),
    },
    {
      method: "POST",
      url: "/api/events",
      tag: "events",
      summary:
        "Posts signed events (wire form, base64url), parents first. Verified, gated (keys that are no member here may post only join and rotation requests), rate-limited, and committed with concurrent posts in one transaction.",
      auth: "none",
      bodyLimit: limits.bodyBytes,
      body: {
        type: "object",
        properties: {
          events: {
            type: "array",
            minItems: 1,
            maxItems: limits.eventsPerPost,
            items: { type: "string", pattern: BASE64URL, maxLength: 90_000 },
          },
        },
        required: ["events"],
        additionalProperties: false,
      },
      errors: [
        "WRITE_NOT_ALLOWED",
        "RATE_LIMITED",
        "HUB_BUSY",
        "SIGNATURE_INVALID",
        "FEDERATION_MISMATCH",
        "PAYLOAD_INVALID",
        "CHAIN_BROKEN",
        "QUARANTINE_FULL",
      ],
      responses: {
        201: {
          description:
            "every event verified and committed (added, or held already); an event the fold keeps as invalid carries `invalid`",
          schema: object("{results: [{id, outcome, invalid}]}", ["results"]),
        },
        202: {
          description:
            "verified; some events wait in quarantine for parents this hub lacks",
          schema: object("{results: [{id, outcome, invalid}]}", ["results"]),
        },
      },
      handler: async (request, reply, { lang }) => {
        const { events } = request.body as { events: string[] };
        const bytes = events.map(
          (s) => new Uint8Array(Buffer.from(s, "base64url")),
        );
        const { results } = await hub.postWire(bytes, request.ip);
        const shown = results.map((r) => ({
          id: r.id,
          outcome: r.outcome,
          invalid: r.invalid
            ? errorBody(lang, r.invalid.code, r.invalid.details)
            : null,
        }));
        const refused = results.find((r) => r.rejection !== null);
        if (refused?.rejection)
          throw new HubError(refused.rejection.code, {
            ...refused.rejection.details,
            id: refused.id,
            results: shown,
          });
        reply.code(
          results.some((r) => r.outcome === "quarantined") ? 202 : 201,
        );
        return { results: shown };
      },
    },
    {
      method: "GET",
      url: "/api/bodies/:id/events",
      tag: "audit",
      summary:
        "A body's events, newest first, in wire form for verification in the browser, with the fold's verdict.",
      auth: "optional",
      params: idParams,
      query: {
        type: "object",
        properties: {
          before: { type: "integer", minimum: 0 },
          limit: { type: "integer", minimum: 1, maximum: 200, default: 50 },
        },
        additionalProperties: false,
      },
      errors: ["BODY_NOT_FOUND", "AUTH_REQUIRED", "READ_NOT_ALLOWED"],
      responses: {
        200: {
          description: "a page of the log",
          schema: object("EventLogView (docs/api.md)", [
            "body",
            "total",
            "events",
            "next",
          ]),
        },
      },
      handler: async (request, _reply, { viewer }) => {
        const { id } = request.params as { id: string };
        const q = request.query as { before?: number; limit?: number };
        return eventLogView(hub, viewer, id, q.before ?? null, q.limit ?? 50);
      },
    },
  ];
}
