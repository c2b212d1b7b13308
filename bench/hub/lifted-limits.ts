/** @module Hub budgets for benchmarks and load tests. */

/**
 * A hub's write and request budgets lifted for a load that comes from one address and a few
 * keys — still counted (with a database, in its tables: one statement per request).
 */
export const LIFTED_LIMITS = {
  keyEventsPerSecond: 1_000_000,
  keyBurst: 1_000_000,
  addressRequestsPerSecond: 1_000_000,
  addressRequestBurst: 10_000_000,
  keyRequestsPerSecond: 1_000_000,
  keyRequestBurst: 10_000_000,
} as const;
