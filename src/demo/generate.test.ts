/**
 * The demo is a function of its seed: the same seed gives the same events and the same state
 * hash — also with the other cryptographic backend (pure-JS noble instead of node:crypto),
 * which stands in for "another machine". A different seed gives a different federation.
 */
import { afterEach, describe, expect, it } from "vitest";
import { replicaOf } from "../core/testing.js";
import { nobleBackend, useCryptoBackend } from "../crypto/index.js";
import { nodeCryptoBackend } from "../crypto/node.js";
import { generateFederation } from "./generate.js";

const small = {
  regions: 2,
  townsPerRegion: 1,
  workplacesPerTown: 2,
  members: [5, 8],
  motions: [2, 3],
} as const;

afterEach(() => useCryptoBackend(nodeCryptoBackend));

describe("the demo generator", () => {
  it("gives the same events and state hash for the same seed, on either crypto backend", () => {
    const a = generateFederation({ seed: 42, ...small });
    useCryptoBackend(nobleBackend);
    const b = generateFederation({ seed: 42, ...small });
    expect(b.events.map((e) => e.id)).toEqual(a.events.map((e) => e.id));
    expect(replicaOf(b.events).stateHash()).toBe(
      replicaOf(a.events).stateHash(),
    );
  });

  it("gives another federation for another seed", () => {
    const a = generateFederation({ seed: 1, ...small });
    const b = generateFederation({ seed: 2, ...small });
    expect(a.federation).not.toBe(b.federation);
  });

  it("tells every story: delegates at every level, a deviation, a recall, demands at the national council, a strike over several days", () => {
    const g = generateFederation({ seed: 7, ...small, regions: 3 });
    const fold = replicaOf(g.events);
    const s = fold.state;
    const invalid = [...s.invalid.values()].map((e) => e.code);
    expect(invalid).toEqual(["KEY_REVOKED"]); // only the thief's ballot from the stolen phone
    const levels = new Set(
      [...s.delegations.values()].map((d) => s.bodies.get(d.council)?.level),
    );
    expect([...levels].sort()).toEqual(["municipal", "national", "regional"]);
    expect([...s.deviations.entries()].flatMap(([, l]) => l)).toHaveLength(1);
    expect(
      [...s.delegates.values()].filter((d) => d.recalls.length > 0),
    ).toHaveLength(1);
    const national = [...s.bodies.values()].find(
      (b) => b.level === "national",
    )!;
    expect(
      [...s.councilDemands.values()].filter((d) => d.council === national.id),
    ).toHaveLength(2);
    const [call] = [...s.calls.values()];
    const days = new Set(
      s.answers
        .get(call!.id)
        .map((a) => new Date(a.time).toISOString().slice(0, 10)),
    );
    expect(days.size).toBeGreaterThanOrEqual(3);
    expect(s.redactions.size).toBe(1);
  });
});
