/** @module Health, the hub's own description, and the state of the scopes the viewer reads. */
import { z } from "zod";
import { hubInfoSchema, stateViewSchema } from "../../api/index.js";
import { type ApiRoute, defineRoute } from "../api-route.js";
import { networkOrigins } from "../auth/hub-origins.js";
import type { Hub } from "../hub.js";
import { stateView } from "../read/state-view.js";

export function hubRoutes(hub: Hub): ApiRoute[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/health",
      tag: "hub",
      summary: "Liveness: the hub answers.",
      auth: "none",
      responses: {
        200: {
          description: "the hub is up",
          schema: z.object({ ok: z.literal(true) }),
        },
      },
      handler: async () => ({ ok: true }),
    }),
    defineRoute({
      method: "GET",
      url: "/api/hub",
      tag: "hub",
      summary:
        "Which federation this hub serves, its id (login signatures are bound to it), its certificate fingerprint, and how many events the viewer may read here.",
      auth: "optional",
      responses: {
        200: {
          description: "the hub",
          schema: hubInfoSchema,
        },
      },
      handler: async (_input, { viewer }) => ({
        federation: hub.federation,
        name: hub.replica.fold.state.federation.get("federation")?.name ?? {},
        hub: hub.identity.hub,
        tls: hub.config.tls,
        fingerprint: hub.identity.fingerprint,
        events: hub.eventCount(viewer),
        federationScope: hub.replica.fold.federationScope,
        networkOrigins:
          viewer.takesPart.size > 0 || viewer.coordinator
            ? networkOrigins(hub.sessions.allowedOrigins)
            : [],
      }),
    }),
    defineRoute({
      method: "GET",
      url: "/api/state",
      tag: "audit",
      summary:
        "The state of the scopes the viewer reads: each scope's hash and events, and the state hash over them (docs/events.md §8) — what a replica holding the same scopes computes.",
      auth: "optional",
      responses: {
        200: { description: "scope hashes", schema: stateViewSchema },
      },
      handler: async (_input, { viewer }) => stateView(hub, viewer),
    }),
  ];
}
