/** @module heads.merged — an effect-free event whose deps gather more than 16 heads. */
import { z } from "zod";
import { defineHandler } from "../fold/context.js";
import { ok } from "../result.js";

export const headsMerged = defineHandler({
  type: "heads.merged",
  schema: z.object({}).strict(),
  apply() {
    return ok(undefined);
  },
});
