/**
 * @module What waits for the proven key's member (`GET /api/me/waiting`): core's `waitingFor`
 * over the hub's fold, limited to the scopes the key reads — the same function the browser
 * runs on its offline copy. Which of a delegate's ballots are new is for the member's device
 * to say: what they looked at never leaves it.
 */
import { z } from "zod";
import { waitingFor } from "../../core/index.js";
import type { Hub } from "../hub.js";
import { ballotChoiceSchema, hexIdSchema, i18nTextSchema } from "./shapes.js";
import type { Viewer } from "./viewer.js";

const motionItem = {
  motion: hexIdSchema,
  body: hexIdSchema,
  bodyName: i18nTextSchema,
  title: i18nTextSchema,
  openedAt: z.number(),
  /** The motion's closing time (ms since the epoch), or null when it has none. */
  closesAt: z.number().nullable(),
};

export const waitingItemSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("vote"), ...motionItem }),
  z.object({
    kind: z.literal("mandate"),
    ...motionItem,
    /** The body the member sits for, whose mandate binds the choice. */
    for: hexIdSchema,
    forName: i18nTextSchema,
    bound: ballotChoiceSchema,
  }),
  z.object({
    kind: z.literal("vouch"),
    request: hexIdSchema,
    body: hexIdSchema,
    bodyName: i18nTextSchema,
    name: z.string(),
    time: z.number(),
    endorsements: z.number().int(),
    needed: z.number().int(),
  }),
  z.object({
    kind: z.literal("call"),
    call: hexIdSchema,
    council: hexIdSchema,
    councilName: i18nTextSchema,
    body: hexIdSchema,
    bodyName: i18nTextSchema,
    title: i18nTextSchema,
    startsAt: z.number(),
  }),
  z.object({
    kind: z.literal("delegate-ballots"),
    council: hexIdSchema,
    councilName: i18nTextSchema,
    delegate: hexIdSchema,
    name: z.string().nullable(),
    bodies: z.array(hexIdSchema).readonly(),
    /** Every ballot the delegate cast on the council (the device subtracts what was seen). */
    ballots: z.number().int(),
    latest: z.number(),
  }),
]);

export const waitingViewSchema = z.object({
  items: z.array(waitingItemSchema),
});
export type WaitingView = z.infer<typeof waitingViewSchema>;

/** The proven key's list, from the scopes it reads. */
export function waitingView(
  hub: Hub,
  viewer: Viewer & { key: string },
): WaitingView {
  return {
    items: waitingFor(hub.replica.fold, viewer.key, viewer.reads),
  };
}
