/**
 * The guide's federation (docs/guide.md), with every actor on a partial replica of their own:
 * each person signs on their own device — which holds only the scopes their key may read — and
 * syncs with a hub as that key. The coordinator never holds the depot; the depot's members
 * never hold a sibling's scope. A delegate is elected, bound, recalled and replaced, a demand
 * rises and a strike call is answered, all carried up by attestation; at the end every device
 * holds exactly what its key may read, and each scope it holds hashes as on the hub.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  auditAttestations,
  closeResultFor,
  demandClaim,
  encodeWireEvent,
  pendingClaims,
  readableScopes,
  rollupCall,
  type SignedEvent,
  signEvent,
} from "../../src/core/index.js";
import {
  type CanonicalValue,
  deriveKeyPair,
  type KeyPair,
  toHex,
} from "../../src/crypto/index.js";
import { installNodeCrypto } from "../../src/crypto/node.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import {
  memoryTransport,
  SyncResponder,
  SyncSource,
  syncWith,
} from "../../src/sync/index.js";

installNodeCrypto();

const RULES = {
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 20,
  majority: "simple",
  recallThreshold: "simple",
  redaction: "chairs",
  public: false,
  delegateWeight: "one",
} as const;

interface Person {
  readonly name: string;
  readonly key: KeyPair;
  readonly id: string;
  readonly replica: Replica;
}

const open: Replica[] = [];
afterAll(async () => {
  for (const r of open) await r.close();
});

async function memoryReplica(): Promise<Replica> {
  const r = await Replica.open(await openSqliteStore(":memory:"));
  open.push(r);
  return r;
}

describe("the guide, every actor on a partial replica", () => {
  it("runs from the first step to the strike, and every device holds exactly its scopes", async () => {
    let clock = Date.UTC(2026, 11, 1, 8);
    const hub = await memoryReplica();
    const responder = new SyncResponder(new SyncSource(hub));
    const person = async (name: string): Promise<Person> => {
      const key = deriveKeyPair(
        "guide-partial",
        name.length * 31 + name.charCodeAt(0),
      );
      return {
        name,
        key,
        id: toHex(key.publicKey),
        replica: await memoryReplica(),
      };
    };
    const sync = async (p: Person) => {
      await syncWith(
        new SyncSource(p.replica),
        memoryTransport(responder, p.name),
        {
          key: p.key,
        },
      );
    };
    /** Signs on the person's own device, after catching up, and sends it to the hub. */
    const act = async (
      p: Person,
      scope: string | null,
      type: string,
      payload: CanonicalValue,
      options: Parameters<Replica["sign"]>[5] = {},
    ): Promise<SignedEvent> => {
      await sync(p);
      const { event, error } = await p.replica.sign(
        p.key,
        scope,
        type,
        payload,
        (clock += 60_000),
        options,
      );
      expect(error, `${p.name} ${type}: ${JSON.stringify(error)}`).toBeNull();
      await sync(p);
      expect(hub.fold.has(event.id), `${type} reached the hub`).toBe(true);
      return event;
    };
    /** The scope of a motion as the person's own device knows it (after catching up). */
    const scopeOf = async (p: Person, motion: string) => {
      await sync(p);
      const scope = p.replica.fold.scopeOf(motion);
      expect(scope, `${p.name}'s device holds the motion`).not.toBeNull();
      return scope;
    };
    const vote = async (p: Person, motion: string, choice: CanonicalValue) =>
      act(p, await scopeOf(p, motion), "ballot.cast", { motion, choice });
    const close = async (p: Person, motion: string) =>
      act(
        p,
        await scopeOf(p, motion),
        "vote.closed",
        { motion },
        {
          payloadFor: (fold, draft) => {
            const r = closeResultFor(fold, motion, draft);
            return r.ok ? { ok: true, value: { motion, result: r.value } } : r;
          },
        },
      );
    /** The person signs, as attester, every claim their device says is pending. */
    const attest = async (p: Person, body: string, council: string) => {
      await sync(p);
      const pending = pendingClaims(p.replica.fold, body, council);
      for (const c of pending)
        await act(p, council, "attestation.made", {
          body,
          claim: c.claim as unknown as CanonicalValue,
        });
      return pending.length;
    };
    /** A stranger asks to join: signed on the device (which cannot fold it yet), sent to the hub. */
    const askToJoin = async (p: Person, body: string) => {
      const e = signEvent(p.key, {
        federation: hub.federation,
        scope: body,
        seq: 1,
        kseq: 1,
        prev: null,
        deps: [body],
        time: (clock += 60_000),
        type: "member.join-requested",
        payload: { name: p.name },
      });
      const report = await hub.ingestWire([encodeWireEvent(e)]);
      expect(report.added).toBe(1);
      return e.id;
    };

    // 1. The federation and its councils: the operator's device holds councils only.
    const zhanar = await person("Zhanar");
    const genesis = await zhanar.replica.sign(
      zhanar.key,
      null,
      "federation.created",
      {
        name: { en: "Western Oil Region" },
        founders: [{ key: zhanar.id, name: "Zhanar" }],
      },
      clock,
    );
    await hub.ingest([genesis.event]);
    const council = async (name: string, level: string) =>
      (
        await act(zhanar, null, "body.created", {
          name: { en: name },
          kind: "council",
          level,
          rules: RULES,
          founderName: "Zhanar",
        })
      ).id;
    const link = (
      council: string,
      child: string,
      kind: string,
      attesters: string[],
      threshold = 1,
    ) =>
      act(zhanar, council, "body.linked", {
        child,
        seats: 1,
        card: {
          name: { en: `card of ${child.slice(0, 6)}` },
          kind,
          ...(kind === "council"
            ? { level: "municipal" }
            : { setting: "workplace" }),
        },
        attesters,
        threshold,
      });
    const NATIONAL = await council("National Council of Action", "national");
    const REGION = await council("Mangystau Regional Council", "regional");
    const TOWN = await council("Zhanaozen Municipal Council", "municipal");
    await link(NATIONAL, REGION, "council", [zhanar.id]);
    await link(REGION, TOWN, "council", [zhanar.id]);

    // 2. A workplace assembly, founded on Aigerim's device, linked by the coordinator by its id.
    const aigerim = await person("Aigerim");
    await sync(aigerim);
    const DEPOT = (
      await act(aigerim, null, "body.created", {
        name: { en: "Bus depot, Zhanaozen" },
        kind: "assembly",
        setting: "workplace",
        rules: RULES,
        founderName: "Aigerim",
      })
    ).id;
    await link(TOWN, DEPOT, "assembly", [aigerim.id]);
    expect(zhanar.replica.fold.heldScopes()).not.toContain(DEPOT);
    const bolat = await person("Bolat");
    const dana = await person("Dana");
    const r1 = await askToJoin(bolat, DEPOT);
    const r2 = await askToJoin(dana, DEPOT);
    await act(aigerim, DEPOT, "member.admission-endorsed", { request: r1 });
    await act(aigerim, DEPOT, "member.admission-endorsed", { request: r2 });

    // 3. Electing a delegate, on the members' own devices; the chair attests it.
    const election = (
      await act(aigerim, DEPOT, "motion.opened", {
        kind: "election",
        title: { en: "Delegate to the town" },
        text: { en: "-" },
        method: "irv",
        options: [
          { label: "Bolat", member: bolat.id },
          { label: "Dana", member: dana.id },
        ],
        subject: { kind: "election", role: "delegate", council: TOWN },
      })
    ).id;
    await vote(aigerim, election, { ranking: [[0], [1]] });
    await vote(bolat, election, { ranking: [[0], [1]] });
    await vote(dana, election, { ranking: [[1], [0]] });
    await close(aigerim, election);
    expect(await attest(aigerim, DEPOT, TOWN)).toBeGreaterThan(0);
    expect(
      hub.fold.state.delegations.get(`${TOWN} ${DEPOT}`)?.delegates,
    ).toEqual([bolat.id]);

    // 4. A mandate, a deviation, a recall, a by-election.
    const strike = (
      await act(zhanar, TOWN, "motion.opened", {
        kind: "resolution",
        title: { en: "The town joins the general strike" },
        text: { en: "-" },
      })
    ).id;
    const mandate = (
      await act(aigerim, DEPOT, "motion.opened", {
        kind: "mandate",
        title: { en: "Mandate" },
        text: { en: "Our delegate votes yes." },
        subject: {
          kind: "mandate",
          council: TOWN,
          positions: [{ motion: strike, choice: { vote: "yes" } }],
        },
      })
    ).id;
    await vote(aigerim, mandate, { vote: "yes" });
    await vote(dana, mandate, { vote: "yes" });
    await close(aigerim, mandate);
    await attest(aigerim, DEPOT, TOWN);
    const deviating = await vote(bolat, strike, { vote: "no" });
    expect(hub.fold.state.deviations.get(TOWN)?.map((d) => d.ballot)).toEqual([
      deviating.id,
    ]);
    const recall = (
      await act(dana, DEPOT, "motion.opened", {
        kind: "recall",
        title: { en: "Recall" },
        text: { en: "He broke the mandate." },
        subject: { kind: "recall", council: TOWN, member: bolat.id },
      })
    ).id;
    await vote(aigerim, recall, { vote: "yes" });
    await vote(dana, recall, { vote: "yes" });
    await close(aigerim, recall);
    await attest(aigerim, DEPOT, TOWN);
    const again = (
      await act(aigerim, DEPOT, "motion.opened", {
        kind: "election",
        title: { en: "Delegate again" },
        text: { en: "-" },
        method: "plurality",
        options: [{ label: "Dana", member: dana.id }],
        subject: { kind: "election", role: "delegate", council: TOWN },
      })
    ).id;
    await vote(aigerim, again, { pick: 0 });
    await vote(dana, again, { pick: 0 });
    await close(aigerim, again);
    await attest(aigerim, DEPOT, TOWN);
    await vote(dana, strike, { vote: "yes" });
    await close(zhanar, strike);
    expect(
      hub.fold.state.delegations.get(`${TOWN} ${DEPOT}`)?.delegates,
    ).toEqual([dana.id]);

    // 5. A demand rises: the depot's attester to the town, the town's to the region and nation.
    const demand = (
      await act(aigerim, DEPOT, "motion.opened", {
        kind: "demand",
        title: { en: "Gas at the old price" },
        text: { en: "Liquefied gas returns to last December's price." },
      })
    ).id;
    await vote(aigerim, demand, { vote: "yes" });
    await vote(bolat, demand, { vote: "yes" });
    await close(aigerim, demand);
    const forward = async (
      p: Person,
      body: string,
      council: string,
      d: string,
    ) => {
      await sync(p);
      const claim = demandClaim(p.replica.fold, body, d);
      expect(claim.ok).toBe(true);
      if (!claim.ok) throw new Error(claim.error.code);
      return (
        await act(p, council, "attestation.made", {
          body,
          claim: claim.value as unknown as CanonicalValue,
        })
      ).id;
    };
    const inTown = await forward(aigerim, DEPOT, TOWN, demand);
    const inRegion = await forward(zhanar, TOWN, REGION, inTown);
    const inNation = await forward(zhanar, REGION, NATIONAL, inRegion);
    expect(hub.fold.state.councilDemands.get(inNation)?.council).toBe(NATIONAL);

    // 6. The coordinator convenes the councils but has no vote there (coordinating is not
    // voting): the town elects Dana to the region, the region elects her to the nation.
    for (const [body, council] of [
      [TOWN, REGION],
      [REGION, NATIONAL],
    ] as const) {
      const up = (
        await act(zhanar, body, "motion.opened", {
          kind: "election",
          title: { en: "Delegate up" },
          text: { en: "-" },
          method: "plurality",
          options: [{ label: "Dana", member: dana.id }],
          subject: { kind: "election", role: "delegate", council },
        })
      ).id;
      await vote(dana, up, { pick: 0 });
      await close(zhanar, up);
      await attest(zhanar, body, council);
    }
    // A call to action at the top, answered by the depot, rolled up level by level.
    const call = (
      await act(zhanar, NATIONAL, "motion.opened", {
        kind: "action",
        title: { en: "General strike from Thursday" },
        text: { en: "-" },
        subject: {
          kind: "action",
          action: "strike",
          startsAt: clock,
          scope: "all",
        },
      })
    ).id;
    await vote(dana, call, { vote: "yes" });
    await close(zhanar, call);
    await act(aigerim, DEPOT, "action.answered", {
      call,
      answer: "started",
      headcount: 3,
    });
    await attest(aigerim, DEPOT, TOWN);
    await attest(zhanar, TOWN, REGION);
    await attest(zhanar, REGION, NATIONAL);
    const rollup = rollupCall(hub.fold.state, call, NATIONAL)!;
    expect(rollup.total.bodies.started).toBe(1);
    expect(rollup.total.members.started).toBe(3); // the depot's three, counted once

    // 7. Everyone catches up: each device holds exactly what its key may read, and each scope
    // it holds hashes as on the hub; the depot's audit finds every claim confirmed.
    const hubHashes = hub.fold.scopeHashes();
    for (const p of [zhanar, aigerim, bolat, dana]) {
      await sync(p);
      const readable = readableScopes(hub.fold, { kind: "key", key: p.id });
      expect(new Set(p.replica.fold.heldScopes()), p.name).toEqual(readable);
      for (const [scope, hash] of p.replica.fold.scopeHashes())
        expect({ who: p.name, scope, hash }).toEqual({
          who: p.name,
          scope,
          hash: hubHashes.get(scope),
        });
    }
    expect(zhanar.replica.fold.heldScopes()).not.toContain(DEPOT);
    const audit = auditAttestations(aigerim.replica.fold, DEPOT);
    expect(audit.length).toBeGreaterThan(5);
    expect(audit.filter((a) => a.status !== "confirmed")).toEqual([]);
    // The recalled delegate's ballot on the town motion was valid where cast; the deviation stands.
    expect(hub.fold.invalidReason(deviating.id)).toBeNull();
  }, 120_000);
});
