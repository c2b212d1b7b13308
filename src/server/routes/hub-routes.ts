/** @module Health, the hub's own description, and the state hash. */
import type { ApiRoute } from "../api-route.js";
import type { Hub } from "../hub.js";
import { i18nText, object } from "./schemas.js";

export function hubRoutes(hub: Hub): ApiRoute[] {
  return [
    {
      method: "GET",
      url: "/api/health",
      tag: "hub",
      summary: "Liveness: the hub answers.",
      auth: "none",
      responses: {
        200: {
          description: "the hub is up",
          schema: {
            type: "object",
            properties: { ok: { const: true } },
            required: ["ok"],
          },
        },
      },
      handler: async () => ({ ok: true }),
    },
    {
      method: "GET",
      url: "/api/hub",
      tag: "hub",
      summary:
        "Which federation this hub serves, its id (login signatures are bound to it), its certificate fingerprint.",
      auth: "none",
      responses: {
        200: {
          description: "the hub",
          schema: {
            type: "object",
            properties: {
              federation: { type: "string" },
              name: i18nText,
              hub: { type: "string" },
              tls: { type: "boolean" },
              fingerprint: { type: ["string", "null"] },
              events: { type: "integer" },
            },
            required: [
              "federation",
              "name",
              "hub",
              "tls",
              "fingerprint",
              "events",
            ],
          },
        },
      },
      handler: async () => ({
        federation: hub.federation,
        name: hub.replica.fold.state.federation.get("federation")?.name ?? {},
        hub: hub.identity.hub,
        tls: hub.config.tls,
        fingerprint: hub.identity.fingerprint,
        events: hub.replica.fold.size,
      }),
    },
    {
      method: "GET",
      url: "/api/state",
      tag: "audit",
      summary:
        "The state hash (docs/events.md §8) and counts: anyone can compare it with their own replica.",
      auth: "none",
      responses: {
        200: {
          description: "the state hash",
          schema: object(
            "{stateHash, events, invalid, quarantined, commits: {commits, events, largest}}",
            ["stateHash", "events"],
          ),
        },
      },
      handler: async () => ({
        stateHash: hub.stateHash(),
        events: hub.replica.fold.size,
        invalid: hub.replica.fold.state.invalid.size,
        quarantined: hub.replica.quarantined,
        commits: { ...hub.committer.stats },
      }),
    },
  ];
}
