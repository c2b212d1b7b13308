/** @module Login by signed challenge, and the key's own page. */
import { z } from "zod";
import { type ApiRoute, defineRoute } from "../api-route.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { meView, meViewSchema } from "../read/me-view.js";
import { hexIdSchema } from "../read/shapes.js";

export function authRoutes(hub: Hub): ApiRoute[] {
  return [
    defineRoute({
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
          schema: z.object({
            challenge: hexIdSchema,
            federation: z.string(),
            hub: z.string(),
            expiresAt: z.number().int(),
          }),
        },
      },
      handler: async () => ({
        ...hub.sessions.challenge(),
        federation: hub.federation,
        hub: hub.identity.hub,
      }),
    }),
    defineRoute({
      method: "POST",
      url: "/api/auth/session",
      tag: "auth",
      summary:
        "Proves a key: the Ed25519 signature of hubAuthMessage over a challenge. Returns a bearer token.",
      auth: "none",
      bodyLimit: 4096,
      body: z
        .object({
          key: hexIdSchema,
          challenge: hexIdSchema,
          origin: z.string().max(300),
          signature: z.string().regex(/^[0-9a-f]{128}$/),
        })
        .strict(),
      errors: [
        "AUTH_CHALLENGE_UNKNOWN",
        "AUTH_SIGNATURE_INVALID",
        "AUTH_ORIGIN_MISMATCH",
      ],
      responses: {
        201: {
          description: "a session, and the member the key acts for",
          schema: z.object({
            token: z.string(),
            expiresAt: z.number().int(),
            member: hexIdSchema,
          }),
        },
      },
      handler: async ({ body }, _context, request, reply) => {
        const session = hub.sessions.login(body, request.headers.host ?? "");
        reply.code(201);
        return { ...session, member: hub.viewer(body.key).member };
      },
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/auth/session",
      tag: "auth",
      summary: "Ends the session of the bearer token.",
      auth: "required",
      responses: {
        200: {
          description: "ended",
          schema: z.object({ ok: z.literal(true) }),
        },
      },
      handler: async (_input, context) => {
        if (context.token) hub.sessions.logout(context.token);
        return { ok: true };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/me",
      tag: "auth",
      summary:
        "Who the proven key acts for, in the scopes it reads: names, bodies, seats, the bodies it attests for, its join requests there.",
      auth: "required",
      responses: {
        200: { description: "the key's own page", schema: meViewSchema },
      },
      handler: async (_input, { viewer }) => {
        if (viewer.key === null || viewer.member === null)
          throw new HubError("AUTH_REQUIRED", {});
        return meView(hub, {
          ...viewer,
          key: viewer.key,
          member: viewer.member,
        });
      },
    }),
  ];
}
