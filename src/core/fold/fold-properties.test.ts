/**
 * The central invariants of the fold, on generated federations of realistic shape
 * (several towns whose replicas lag each other, so the logs hold real concurrency):
 * any delivery order gives the same state; duplicates change nothing; merging logs in any
 * order gives the same state; the incremental fold equals a full rebuild.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateFederation } from "../../demo/index.js";
import { foldInputOf } from "../event/fold-input.js";
import type { SignedEvent } from "../event/signed-event.js";
import { EVENT_HANDLERS } from "../event-handlers.js";
import { deliverOneByOne, replicaOf, replicasAgree } from "../testing.js";
import { FoldEngine } from "./fold.js";

const RUNS = Number(process.env.KENGES_PROPERTY_RUNS ?? 12);

const federations = new Map<number, readonly SignedEvent[]>();
function federation(seed: number): readonly SignedEvent[] {
  let events = federations.get(seed);
  if (events === undefined) {
    events = generateFederation({
      seed,
      regions: 2,
      townsPerRegion: 1,
      workplacesPerTown: 2,
      members: [4, 9],
      motions: [2, 3],
    }).events;
    federations.set(seed, events);
  }
  return events;
}

const seedArb = fc.integer({ min: 1, max: 4 });

// Each property folds hundreds of generated federations: minutes on a busy two-core machine.
describe("fold invariants (property tests)", { timeout: 300_000 }, () => {
  it("generated federations are non-trivial and mostly valid", () => {
    const events = federation(1);
    const fold = replicaOf(events);
    expect(events.length).toBeGreaterThan(150);
    expect(fold.state.motions.size).toBeGreaterThan(5);
    expect(fold.state.invalid.size).toBeLessThan(events.length / 10);
  });

  it("any permutation of the events, delivered one by one, gives the same state hash", () => {
    fc.assert(
      fc.property(seedArb, fc.integer(), (seed, shuffleSeed) => {
        const events = federation(seed);
        const rebuilt = replicaOf(events);
        const reference = rebuilt.stateHash();
        const shuffled = fc.sample(
          fc.shuffledSubarray([...events], { minLength: events.length }),
          {
            seed: shuffleSeed,
            numRuns: 1,
          },
        )[0]!;
        const fold = new FoldEngine(EVENT_HANDLERS);
        deliverOneByOne(fold, shuffled);
        expect(fold.stateHash()).toBe(reference);
        expect(fold.orderedIds()).toEqual(rebuilt.orderedIds());
      }),
      { numRuns: RUNS, verbose: true },
    );
  });

  it("with every extra shape (two parents, a moved body, concurrent recalls, a fork, a revocation), each reader's partial replica agrees with the full one, scope by scope", () => {
    const g = generateFederation({
      seed: 5,
      regions: 2,
      townsPerRegion: 1,
      workplacesPerTown: 2,
      members: [4, 6],
      motions: [2, 2],
      shapes: "all",
    });
    const { reference, disagreements } = replicasAgree(g.events);
    expect(disagreements).toEqual([]);
    const codes = [...reference.state.invalid.values()].map((e) => e.code);
    expect(codes).toEqual(
      expect.arrayContaining(["KEY_FROZEN", "KEY_REVOKED"]),
    );
  });

  it("delivering events again changes nothing", () => {
    fc.assert(
      fc.property(
        seedArb,
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        (seed, picks) => {
          const events = federation(seed);
          const fold = replicaOf(events);
          const before = fold.stateHash();
          const again = picks.map((p) =>
            foldInputOf(events[p % events.length]!),
          );
          const result = fold.add(again);
          expect(result.added).toEqual([]);
          expect(result.duplicates.length).toBe(again.length);
          expect(fold.stateHash()).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("merging partial logs in either order gives the same state", () => {
    fc.assert(
      fc.property(seedArb, fc.integer(), (seed, splitSeed) => {
        const events = federation(seed);
        const reference = replicaOf(events).stateHash();
        const mask = fc.sample(
          fc.array(fc.boolean(), {
            minLength: events.length,
            maxLength: events.length,
          }),
          {
            seed: splitSeed,
            numRuns: 1,
          },
        )[0]!;
        const a = events.filter((_, i) => mask[i]);
        const b = events.filter((_, i) => !mask[i]);
        const ab = new FoldEngine(EVENT_HANDLERS);
        deliverOneByOne(ab, [...a, ...b]);
        const ba = new FoldEngine(EVENT_HANDLERS);
        deliverOneByOne(ba, [...b, ...a]);
        expect(ab.stateHash()).toBe(reference);
        expect(ba.stateHash()).toBe(reference);
      }),
      { numRuns: RUNS },
    );
  });

  it("the incremental fold equals a full rebuild, also with a small rewind window", () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 64 }), (seed, window) => {
        const events = federation(seed);
        const incremental = new FoldEngine(EVENT_HANDLERS, { window });
        for (const e of events) incremental.add([foldInputOf(e)]);
        const rebuilt = replicaOf(events);
        expect(incremental.stateHash()).toBe(rebuilt.stateHash());
        expect(incremental.orderedIds()).toEqual(rebuilt.orderedIds());
      }),
      { numRuns: RUNS },
    );
  });
});
