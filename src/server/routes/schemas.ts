/** @module JSON schemas shared by routes and the OpenAPI document. */
import type { JsonSchema } from "../api-route.js";

export const hexId: JsonSchema = {
  type: "string",
  pattern: "^[0-9a-f]{64}$",
  description: "a 32-byte id or key as 64 lower-case hex digits",
};

export const idParams: JsonSchema = {
  type: "object",
  properties: { id: hexId },
  required: ["id"],
  additionalProperties: false,
};

export const i18nText: JsonSchema = {
  type: "object",
  additionalProperties: { type: "string" },
  description: "text keyed by language tag (en, ur, kk, ru, …)",
};

export const named: JsonSchema = {
  type: "object",
  properties: { id: hexId, name: { type: "string" } },
  required: ["id", "name"],
};

export const errorSchema: JsonSchema = {
  type: "object",
  properties: {
    code: { type: "string", description: "a code of docs/errors.md" },
    message: { type: "string", description: "in the language asked for" },
    details: { type: "object" },
  },
  required: ["code", "message", "details"],
};

/** A response whose shape docs/api.md describes in prose (the read projections). */
export function object(
  description: string,
  required: string[] = [],
): JsonSchema {
  return { type: "object", description, required };
}
