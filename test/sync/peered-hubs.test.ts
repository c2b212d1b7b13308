/**
 * Peered hubs exchange what both host: a hub hosting the depot, the council above it and the
 * tenants' assembly (and the federation scope) syncs with a hub hosting everything; it receives the scopes
 * both host and never the others, offers only what it hosts, and drops events of scopes it
 * does not host even when a misconfigured peer sends them.
 */
import { describe, expect, it } from "vitest";
import type { Hosted, SignedEvent } from "../../src/core/index.js";
import { toHex } from "../../src/crypto/index.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import {
  memoryTransport,
  SyncResponder,
  SyncSource,
  syncWith,
} from "../../src/sync/index.js";
import { scopedFederation } from "./support/scoped-federation.js";

const world = scopedFederation("peered");
const { t } = world;
const events = t.events.filter((e) => e.id !== world.kComment.id);
const hubKey = t.key("hub-b");

function scopeOf(e: SignedEvent): string {
  return e.envelope.scope === null ? e.id : toHex(e.envelope.scope);
}

async function replicaOf(list: readonly SignedEvent[]): Promise<Replica> {
  const r = await Replica.open(await openSqliteStore(":memory:"));
  await r.ingest(list);
  return r;
}

describe("peered hubs", () => {
  it.each([
    ["a peer that serves what both host", "both"],
    ["a misconfigured peer that serves it everything", "everything"],
  ] as const)(
    "a hub hosting some scopes, against %s, ends with exactly those",
    async (_name, rule) => {
      const hostsB: Hosted = new Set([
        world.depot,
        world.council,
        world.tenants,
      ]);
      const a = await replicaOf(events);
      const b = await replicaOf(
        events.filter((e) =>
          [t.federation, world.council, world.depot].includes(scopeOf(e)),
        ),
      );
      const responder = new SyncResponder(new SyncSource(a), {
        readerOf: (p) =>
          p.key === toHex(hubKey.publicKey)
            ? { kind: "peer", hosts: rule === "both" ? hostsB : "all" }
            : { kind: "outsider" },
      });
      await syncWith(new SyncSource(b), memoryTransport(responder, "hub-b"), {
        key: hubKey,
        peerReader: { kind: "peer", hosts: "all" },
        hosted: hostsB,
      });
      expect(b.fold.heldScopes()).toEqual(
        [t.federation, world.council, world.depot, world.tenants].sort(),
      );
      const full = a.fold.scopeHashes();
      for (const [scope, hash] of b.fold.scopeHashes())
        expect(hash).toBe(full.get(scope));
      expect(b.quarantined).toBe(0);
    },
  );
});
