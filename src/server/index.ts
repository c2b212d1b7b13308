/** @module The public surface of `src/server`: the hub, its HTTP app, and starting one. */
export { type AppOptions, buildApp } from "./app.js";
export {
  HUB_AUTH_DOMAIN,
  type HubAuthClaim,
  hubAuthMessage,
} from "./auth/auth-message.js";
export { defaultOrigins, normalOrigin } from "./auth/hub-origins.js";
export {
  type HubConfig,
  type HubConfigInput,
  parseHubConfig,
} from "./config.js";
export { type EventOutcome, GroupCommitter } from "./group-commit.js";
export {
  errorBody,
  httpStatusFor,
  SERVER_ERROR_CODES,
  type ServerErrorCode,
} from "./http-errors.js";
export { Hub } from "./hub.js";
export { HubError } from "./hub-error.js";
export { hubSyncPlugin } from "./hub-sync.js";
export { minutesHtml } from "./read/minutes-html.js";
export { canRead, type Viewer, viewerOf } from "./read/viewer.js";
export { languageOf } from "./request-language.js";
export { defaultWebRoot, type RunningHub, startHub } from "./start-hub.js";
export {
  type HubCertificate,
  loadOrMakeCertificate,
  makeCertificate,
} from "./tls/certificate.js";
export { WebApp } from "./web-app.js";
