/**
 * @module What waits for the proven key's member (`GET /api/me/waiting`): core's `waitingFor`
 * over the hub's fold, limited to the scopes the key reads — the same function the browser
 * runs on its offline copy. Which of a delegate's ballots are new is for the member's device
 * to say: what they looked at never leaves it.
 */
import type { WaitingView } from "../../api/index.js";
import { waitingFor } from "../../core/index.js";
import type { Hub } from "../hub.js";
import type { Viewer } from "./viewer.js";

/** The proven key's list, from the scopes it reads. */
export function waitingView(
  hub: Hub,
  viewer: Viewer & { key: string },
): WaitingView {
  return {
    items: waitingFor(hub.replica.fold, viewer.key, viewer.reads),
  };
}
