/**
 * @module The hub's answers, each once, as zod schemas with the types inferred from them. The
 * server builds its answers to these types, registers each route's answer schema
 * (src/server/api-route.ts), writes the OpenAPI document from them and, in tests, parses every answer
 * against its schema. The web app takes the types only (`import type`, checked by
 * scripts/check-imports.mjs), so no schema goes into its bundle and its types cannot drift
 * from what the hub sends. Imports zod and core only.
 */

export * from "./body-summary.js";
export * from "./body-view.js";
export * from "./call-view.js";
export * from "./close-draft.js";
export * from "./delegate-view.js";
export * from "./demand-view.js";
export * from "./event-log-view.js";
export * from "./event-view.js";
export * from "./federation-view.js";
export * from "./heads-view.js";
export * from "./hub-info.js";
export * from "./join-lookalikes.js";
export * from "./mandate-view.js";
export * from "./me-view.js";
export * from "./meeting-door.js";
export * from "./meeting-minutes.js";
export * from "./meeting-view.js";
export * from "./member-view.js";
export * from "./motion-summary.js";
export * from "./motion-view.js";
export * from "./plan-view.js";
export * from "./post-results.js";
export * from "./search-view.js";
export * from "./secret-motion-view.js";
export * from "./session.js";
export * from "./shapes.js";
export * from "./state-view.js";
export * from "./waiting-view.js";
