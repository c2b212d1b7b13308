/**
 * @module A mandate as pages show it: the positions it binds, with the titles of the council
 * motions — a title only where the viewer reads the council — and, in the body's own scope,
 * the instructions' text (a council gets the positions only).
 */
import { z } from "zod";
import type { MandateRecord } from "../../core/index.js";
import type { Hub } from "../hub.js";
import { ballotChoiceSchema, hexIdSchema, i18nTextSchema } from "./shapes.js";
import { canRead, type Viewer } from "./viewer.js";

export const mandateSchema = z.object({
  /** In the body's scope: the adopted mandate motion; on a council: the close its claim cites. */
  motion: hexIdSchema,
  /** The instructions' text: in the body's own scope only (a council gets the positions). */
  instructions: i18nTextSchema.nullable(),
  positions: z.array(
    z.object({
      motion: hexIdSchema,
      title: i18nTextSchema.nullable(),
      choice: ballotChoiceSchema,
    }),
  ),
  adoptedAt: z.number(),
});

/** A mandate with the titles of the council motions it binds (titles only where readable). */
export function mandateView(
  hub: Hub,
  viewer: Viewer,
  m: MandateRecord,
): z.infer<typeof mandateSchema> {
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
