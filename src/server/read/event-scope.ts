/**
 * @module Which bodies an event concerns: where it shows in a body's audit log, and which
 * open pages the live feed tells about it. Read from the payload and the fold's present
 * (a ballot concerns the body of its motion).
 */
import type { FoldState } from "../../core/index.js";
import { type CanonicalValue, decodeCanonical } from "../../crypto/index.js";

type Payload = Readonly<Record<string, CanonicalValue>>;

function str(p: Payload, key: string): string | null {
  const v = p[key];
  return typeof v === "string" ? v : null;
}

/** The payload of stored bytes as a map, or null (redacted, or not a map). */
export function payloadMap(bytes: Uint8Array | null): Payload | null {
  if (bytes === null) return null;
  const d = decodeCanonical(bytes);
  if (!d.ok || d.value === null || typeof d.value !== "object") return null;
  if (Array.isArray(d.value) || d.value instanceof Uint8Array) return null;
  return d.value as Payload;
}

/** Bodies an event concerns (possibly none: keys, merges, the genesis). */
export function scopeOfEvent(
  state: FoldState,
  id: string,
  type: string,
  payload: Payload | null,
): string[] {
  if (type === "body.created") return [id];
  if (type === "comment.posted" && payload === null) {
    const body = state.commentBody.get(id);
    return body ? [body] : [];
  }
  if (payload === null) return [];
  const motionBody = (key: string) => {
    const m = str(payload, key);
    return m ? (state.motions.get(m)?.body ?? null) : null;
  };
  const out: (string | null)[] = [];
  switch (type) {
    case "body.linked":
      out.push(str(payload, "child"), str(payload, "parent"));
      break;
    case "member.admission-endorsed": {
      const r = str(payload, "request");
      out.push(r ? (state.joinRequests.get(r)?.body ?? null) : null);
      break;
    }
    case "key.rotation-endorsed": {
      const r = str(payload, "request");
      out.push(r ? (state.rotationRequests.get(r)?.body ?? null) : null);
      break;
    }
    case "motion.withdrawn":
    case "ballot.cast":
    case "comment.posted":
    case "vote.closed":
      out.push(motionBody("motion"));
      break;
    case "demand.forwarded": {
      const d = str(payload, "demand");
      out.push(
        d
          ? (state.motions.get(d)?.body ??
              state.councilDemands.get(d)?.council ??
              null)
          : null,
        str(payload, "council"),
      );
      break;
    }
    case "action.answered": {
      const c = str(payload, "call");
      out.push(
        str(payload, "body"),
        c ? (state.calls.get(c)?.council ?? null) : null,
      );
      break;
    }
    default:
      out.push(str(payload, "body"));
  }
  return [...new Set(out.filter((b): b is string => b !== null))];
}
