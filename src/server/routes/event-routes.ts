/**
 * @module Writing: what a new event of a scope names, the count a close must state, and
 * posting signed events (a 201 means every event is verified and committed). Auditing: a
 * scope's event log and single events, in wire form, for scopes the viewer reads.
 */

import { z } from "zod";
import {
  closeDraftSchema,
  eventEntrySchema,
  eventLogViewSchema,
  headsViewSchema,
  hexIdSchema,
  postResultsSchema,
} from "../../api/index.js";
import { type ApiRoute, defineRoute } from "../api-route.js";
import { errorBody } from "../http-errors.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { eventLogView } from "../read/event-log-view.js";
import { eventView } from "../read/event-view.js";
import { requestClientOf } from "../request-client.js";
import { RequestLimiter } from "../request-limiter.js";
import { closeDraft } from "../write/close-draft.js";
import { headsView } from "../write/heads-view.js";
import { idParams, withLang } from "./schemas.js";

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function eventRoutes(hub: Hub): ApiRoute[] {
  const limits = hub.config.limits;
  return [
    defineRoute({
      method: "GET",
      url: "/api/heads",
      tag: "events",
      summary:
        "What a new event of a scope names: the heads of the scope, the scopes above and the federation scope, with the proven key's chain head there and its highest kseq — for a scope the viewer reads. For any other scope (or none that exists: the same answer), only what a join request needs: the scope's founding id and the federation scope's heads.",
      auth: "optional",
      query: withLang({ scope: hexIdSchema.optional() }),
      responses: { 200: { description: "deps", schema: headsViewSchema } },
      handler: async ({ query }, { viewer }) =>
        headsView(hub, viewer, query.scope ?? null),
    }),
    defineRoute({
      method: "GET",
      url: "/api/motions/:id/close-draft",
      tag: "events",
      summary:
        "What a close of the motion names and states: the deps a new event of its scope names and the result counted at those deps. The browser re-counts on its own replica, then signs vote.closed {motion, result}.",
      auth: "optional",
      params: idParams,
      errors: ["MOTION_NOT_FOUND"],
      responses: {
        200: { description: "the draft", schema: closeDraftSchema },
      },
      handler: async ({ params }, { viewer }) =>
        closeDraft(hub, viewer, params.id),
    }),
    defineRoute({
      method: "POST",
      url: "/api/events",
      tag: "events",
      summary:
        "Posts signed events (wire form, base64url), parents first. Verified, gated (a key posts into scopes it reads; any key may ask to join a scope, naming only its founding event; a secret ballot goes in on its tokens alone), rate-limited, and committed with concurrent posts in one transaction — secret ballots in shuffled batches, answered once their batch is committed.",
      auth: "none",
      bodyLimit: limits.bodyBytes,
      body: z
        .object({
          events: z
            .array(z.string().regex(BASE64URL).max(90_000))
            .min(1)
            .max(limits.eventsPerPost),
        })
        .strict(),
      errors: [
        "WRITE_NOT_ALLOWED",
        "RATE_LIMITED",
        "HUB_BUSY",
        "SIGNATURE_INVALID",
        "FEDERATION_MISMATCH",
        "PAYLOAD_INVALID",
        "CHAIN_BROKEN",
        "SCOPE_NOT_REACHED",
        "DEP_SCOPE_INVALID",
        "QUARANTINE_FULL",
        // A secret ballot from a key that acts for no one is judged on its tokens at the gate.
        "TOKEN_INVALID",
        "TOKEN_SPENT_TWICE",
        "SECRET_BALLOT_ENVELOPE_INVALID",
        "SECRET_BALLOT_AUTHOR_KNOWN",
        "MOTION_NOT_SECRET",
        "MOTION_NOT_OPEN",
        "BALLOT_INVALID",
      ],
      responses: {
        201: {
          description:
            "every event verified and committed (added, or held already); an event the fold keeps as invalid carries `invalid`",
          schema: postResultsSchema,
        },
        202: {
          description:
            "verified; some events wait in quarantine for parents this hub lacks",
          schema: postResultsSchema,
        },
      },
      handler: async ({ body }, { lang }, request, reply) => {
        const bytes = body.events.map(
          (s) => new Uint8Array(Buffer.from(s, "base64url")),
        );
        // Refused events and join requests are counted per member key, else per address:
        // one abuser behind a NAT address does not cut off the members signed in from it.
        const { results } = await hub.postWire(
          bytes,
          RequestLimiter.nameOf(requestClientOf(hub, request)),
        );
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
    }),
    defineRoute({
      method: "GET",
      url: "/api/events/:id",
      tag: "audit",
      summary:
        "One event in a scope the viewer reads, in wire form for verification in the browser, with the fold's verdict.",
      auth: "optional",
      params: idParams,
      errors: ["ID_NOT_FOUND"],
      responses: {
        200: { description: "the event", schema: eventEntrySchema },
      },
      handler: async ({ params }, { viewer }) =>
        eventView(hub, viewer, params.id),
    }),
    defineRoute({
      method: "GET",
      url: "/api/scopes/:id/events",
      tag: "audit",
      summary:
        "A scope's events (a body the viewer reads, or the federation scope), newest first, in wire form for verification in the browser, with the fold's verdict.",
      auth: "optional",
      params: idParams,
      query: withLang({
        before: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
      errors: ["BODY_NOT_FOUND"],
      responses: {
        200: { description: "a page of the log", schema: eventLogViewSchema },
      },
      handler: async ({ params, query }, { viewer }) =>
        eventLogView(hub, viewer, params.id, query.before ?? null, query.limit),
    }),
  ];
}
