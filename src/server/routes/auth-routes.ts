/** @module Login by signed challenge, and the member's own page. */
import type { ApiRoute } from "../api-route.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { meView } from "../read/me-view.js";
import { hexId, object } from "./schemas.js";

export function authRoutes(hub: Hub): ApiRoute[] {
  return [
    {
      method: "GET",
      url: "/api/auth/challenge",
      tag: "auth",
      summary:
        "A fresh single-use challenge to sign, with the federation and hub ids the signature binds.",
      auth: "none",
      responses: {
        200: {
          description:
            "sign hubAuthMessage(federation, hub, origin, challenge, key)",
          schema: {
            type: "object",
            properties: {
              challenge: hexId,
              federation: { type: "string" },
              hub: { type: "string" },
              expiresAt: { type: "integer" },
            },
            required: ["challenge", "federation", "hub", "expiresAt"],
          },
        },
      },
      handler: async () => ({
        ...hub.sessions.challenge(),
        federation: hub.federation,
        hub: hub.identity.hub,
      }),
    },
    {
      method: "POST",
      url: "/api/auth/session",
      tag: "auth",
      summary:
        "Proves a key: the Ed25519 signature of hubAuthMessage over a challenge. Returns a bearer token.",
      auth: "none",
      bodyLimit: 4096,
      body: {
        type: "object",
        properties: {
          key: hexId,
          challenge: hexId,
          origin: { type: "string", maxLength: 300 },
          signature: { type: "string", pattern: "^[0-9a-f]{128}$" },
        },
        required: ["key", "challenge", "origin", "signature"],
        additionalProperties: false,
      },
      errors: [
        "AUTH_CHALLENGE_UNKNOWN",
        "AUTH_SIGNATURE_INVALID",
        "AUTH_ORIGIN_MISMATCH",
      ],
      responses: {
        201: {
          description: "a session",
          schema: {
            type: "object",
            properties: {
              token: { type: "string" },
              expiresAt: { type: "integer" },
              member: { type: "string" },
            },
            required: ["token", "expiresAt", "member"],
          },
        },
      },
      handler: async (request, reply) => {
        const proof = request.body as {
          key: string;
          challenge: string;
          origin: string;
          signature: string;
        };
        const session = hub.sessions.login(proof, request.headers.host ?? "");
        reply.code(201);
        return {
          ...session,
          member: hub.viewer(proof.key).member,
        };
      },
    },
    {
      method: "DELETE",
      url: "/api/auth/session",
      tag: "auth",
      summary: "Ends the session of the bearer token.",
      auth: "required",
      responses: {
        200: {
          description: "ended",
          schema: object("{ok: true}", ["ok"]),
        },
      },
      handler: async (_request, _reply, context) => {
        if (context.token) hub.sessions.logout(context.token);
        return { ok: true };
      },
    },
    {
      method: "GET",
      url: "/api/me",
      tag: "auth",
      summary:
        "Who the proven key acts for: bodies, seats, join requests with their progress, the key's chain head.",
      auth: "required",
      responses: {
        200: {
          description: "the member's own page",
          schema: object("MeView (docs/api.md)", ["key", "member", "bodies"]),
        },
      },
      handler: async (_request, _reply, { viewer }) => {
        if (viewer.key === null || viewer.member === null)
          throw new HubError("AUTH_REQUIRED", {});
        return meView(hub, {
          ...viewer,
          key: viewer.key,
          member: viewer.member,
        });
      },
    },
  ];
}
