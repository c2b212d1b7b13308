/** @module The extra shapes a generated federation can take, for property tests. */

/**
 * - `two-parents`: a workplace assembly also sends a seat straight to its regional council,
 *   elects a delegate there, and endorses the region's demand along that second path.
 * - `moved`: an assembly leaves its town council for the neighbouring town's.
 * - `concurrent-recalls`: two assemblies of one town recall their delegates on replicas that
 *   do not see each other, while those delegates vote on the town council.
 * - `fork`: a cloned phone signs two events with one sequence number in one scope.
 * - `revocation`: a member revokes a device that keeps signing in two scopes.
 */
export const DEMO_SHAPES = [
  "two-parents",
  "moved",
  "concurrent-recalls",
  "fork",
  "revocation",
] as const;
export type DemoShape = (typeof DEMO_SHAPES)[number];
