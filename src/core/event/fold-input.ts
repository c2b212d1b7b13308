/** @module From a signed event to what the fold needs of it. */
import { toHex } from "../../crypto/index.js";
import type { FoldInput } from "../fold/fold.js";
import type { SignedEvent } from "./signed-event.js";

/** The fold's view of a signed event: hex ids, its scope, claimed time, type, payload bytes. */
export function foldInputOf(event: SignedEvent): FoldInput {
  const env = event.envelope;
  return {
    id: event.id,
    author: toHex(env.author),
    scope: env.scope === null ? event.id : toHex(env.scope),
    seq: env.seq,
    kseq: env.kseq,
    prev: env.prev === null ? null : toHex(env.prev),
    deps: env.deps.map(toHex),
    time: env.time,
    type: env.type,
    payload: event.payloadBytes,
  };
}
