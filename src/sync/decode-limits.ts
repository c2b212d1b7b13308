/** @module The decoder's limits that follow from a budget. */
import type { SyncBudget } from "./budget.js";
import type { DecodeLimits } from "./protocol.js";

/** Decode limits for messages from a peer held to this budget. */
export function decodeLimitsOf(budget: SyncBudget): DecodeLimits {
  return {
    maxMessageBytes: budget.maxMessageBytes,
    maxIds: budget.maxIds,
    maxEvents: Math.ceil(budget.maxIds / 10),
    maxFrontier: budget.maxFrontier,
    maxScopes: budget.maxScopes,
  };
}
