/**
 * @module A mandate as pages show it: the positions it binds, with the titles of the council
 * motions — a title only where the viewer reads the council — and, in the body's own scope,
 * the instructions' text (a council gets the positions only).
 */
import type { Mandate } from "../../api/index.js";
import type { MandateRecord } from "../../core/index.js";
import type { Hub } from "../hub.js";
import { canRead, type Viewer } from "./viewer.js";

/** A mandate with the titles of the council motions it binds (titles only where readable). */
export function mandateView(
  hub: Hub,
  viewer: Viewer,
  m: MandateRecord,
): Mandate {
  const state = hub.replica.fold.state;
  return {
    motion: m.motion,
    instructions: m.instructions,
    positions: m.positions.map((p) => {
      const motion = state.motions.get(p.motion);
      return {
        motion: p.motion,
        title:
          motion !== undefined && canRead(viewer, motion.body)
            ? motion.title
            : null,
        choice: p.choice,
      };
    }),
    adoptedAt: m.adoptedAt,
  };
}
