/**
 * A fold restored from its image is the fold it was taken from: the same state, the same
 * snapshots, and the same answers to every later event — including events that land before
 * the end of the order and make it rewind through the restored journal.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateFederation } from "../../demo/index.js";
import { foldInputOf } from "../event/fold-input.js";
import type { SignedEvent } from "../event/signed-event.js";
import { EVENT_HANDLERS } from "../event-handlers.js";
import { replicaOf } from "../testing.js";
import { type AddResult, FoldEngine, type FoldImage } from "./fold.js";

// Each run delivers hundreds of events one by one to two engines: fewer runs than the other
// property files by default (KENGES_PROPERTY_RUNS raises it).
const RUNS = Number(process.env.KENGES_PROPERTY_RUNS ?? 4);

const federations = new Map<number, readonly SignedEvent[]>();
function federation(seed: number): readonly SignedEvent[] {
  let events = federations.get(seed);
  if (events === undefined) {
    events = generateFederation({
      seed,
      regions: 2,
      townsPerRegion: 1,
      workplacesPerTown: 2,
      members: [4, 7],
      motions: [2, 3],
      // Forks, revocations, moved bodies: the cutoffs and the scope graph must survive too.
      shapes: seed % 2 === 0 ? "all" : [],
    }).events;
    federations.set(seed, events);
  }
  return events;
}

/** What a restore goes through in a replica: a structured clone (node:v8 serialize is one). */
function restored(fold: FoldEngine, window?: number): FoldEngine {
  const image = structuredClone(fold.toImage()) as FoldImage;
  const engine = FoldEngine.fromImage(
    EVENT_HANDLERS,
    image,
    window === undefined ? {} : { window },
  );
  if (engine === null) throw new Error("the image did not fit");
  return engine;
}

function plainResult(r: AddResult) {
  return {
    added: [...r.added],
    duplicates: [...r.duplicates],
    missing: [...r.missing],
    forks: [...r.forks],
    rejected: [...r.rejected],
  };
}

function expectSameFold(a: FoldEngine, b: FoldEngine): void {
  expect(b.stateHash()).toBe(a.stateHash());
  expect(b.snapshots()).toEqual(a.snapshots());
  expect(b.orderedIds()).toEqual(a.orderedIds());
  expect(b.heads()).toEqual(a.heads());
  expect(b.cutoffs()).toEqual(a.cutoffs());
  expect([...b.state.invalid.entries()]).toEqual([
    ...a.state.invalid.entries(),
  ]);
  expect(b.federation).toBe(a.federation);
  for (const scope of a.heldScopes())
    expect(b.headsOf(scope)).toEqual(a.headsOf(scope));
}

/** A random order that keeps no parent constraint: late events land mid-order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  return fc.sample(
    fc.shuffledSubarray([...items], { minLength: items.length }),
    { seed, numRuns: 1 },
  )[0]!;
}

describe("the fold image", { timeout: 300_000 }, () => {
  it("restored equals refolded, and both answer every later event alike", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0.2, max: 1, noNaN: true }),
        fc.integer(),
        fc.constantFrom(undefined, 8, 64),
        (seed, cut, orderSeed, window) => {
          const events = federation(seed);
          const k = Math.floor(events.length * cut);
          const options = window === undefined ? {} : { window };
          // The original folds the first part as a live replica would: batch by batch.
          const original = new FoldEngine(EVENT_HANDLERS, options);
          for (let at = 0; at < k; at += 25)
            original.add(
              events.slice(at, Math.min(at + 25, k)).map(foldInputOf),
            );
          const copy = restored(original, window);
          expectSameFold(original, copy);
          // The rest arrives in a random order, one by one; orphans come back later.
          const rest = shuffled(events.slice(k), orderSeed);
          let pending = rest;
          while (pending.length > 0) {
            const next: SignedEvent[] = [];
            for (const e of pending) {
              const a = original.add([foldInputOf(e)]);
              const b = copy.add([foldInputOf(e)]);
              expect(plainResult(b)).toEqual(plainResult(a));
              if (a.missing.size > 0) next.push(e);
            }
            expect(next.length).toBeLessThan(pending.length);
            pending = next;
          }
          expectSameFold(original, copy);
          // And both equal the definition: a fresh full fold of every event.
          expect(copy.stateHash()).toBe(replicaOf(events).stateHash());
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("a restored fold can be imaged again and restored again", () => {
    const events = federation(2);
    const fold = replicaOf(events);
    const twice = restored(restored(fold));
    expectSameFold(fold, twice);
    expect(twice.size).toBe(events.length);
  });

  it("an image is refused in the middle of an import or a staged batch", () => {
    const events = federation(1);
    const fold = new FoldEngine(EVENT_HANDLERS);
    fold.beginImport();
    fold.add(events.slice(0, 10).map(foldInputOf));
    expect(() => fold.toImage()).toThrow(/between operations/);
    fold.endImport();
    fold.stage([foldInputOf(events[10]!)]);
    expect(() => fold.toImage()).toThrow(/between operations/);
    fold.abortStaged();
    expect(() => fold.toImage()).not.toThrow();
  });

  it("an image whose state tables are not this code's is not restored", () => {
    const fold = replicaOf(federation(1));
    const image = structuredClone(fold.toImage()) as FoldImage;
    const renamed = {
      ...image,
      state: {
        ...image.state,
        tables: image.state.tables.map(([name, t], k) =>
          k === 0 ? ([`${name}-old`, t] as [string, typeof t]) : [name, t],
        ),
      },
    } as FoldImage;
    expect(FoldEngine.fromImage(EVENT_HANDLERS, renamed)).toBeNull();
    const fewer = {
      ...image,
      state: { ...image.state, tables: image.state.tables.slice(1) },
    } as FoldImage;
    expect(FoldEngine.fromImage(EVENT_HANDLERS, fewer)).toBeNull();
  });

  it("an image whose journal names a table this code does not have is not restored", () => {
    const fold = replicaOf(federation(1));
    const image = structuredClone(fold.toImage()) as FoldImage;
    const tables = Int32Array.from(image.state.journal.tables);
    expect(tables.length).toBeGreaterThan(0);
    tables[tables.length - 1] = image.state.tables.length;
    const beyond = {
      ...image,
      state: { ...image.state, journal: { ...image.state.journal, tables } },
    } as FoldImage;
    expect(FoldEngine.fromImage(EVENT_HANDLERS, beyond)).toBeNull();
  });
});
