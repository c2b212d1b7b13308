/**
 * The bench's federation and load, fixed by seed-free construction (deterministic keys and
 * clock from core's TestFederation): a national council, regional and municipal councils,
 * assemblies of members below them — each assembly linked with its card and attester, its
 * delegate elected and attested, one decided motion with every member's ballot and one open
 * yes/no motion. Written to a data directory's store before the hub starts. The load: members
 * of several assemblies, each with a chain of ballots on their assembly's open motion signed
 * ahead in their assembly's scope (changing their vote back and forth), in chain order.
 */
import { join } from "node:path";
import {
  DEFAULT_RULES,
  encodeWireEvent,
  type FoldEngine,
  pendingClaims,
  type SignedEvent,
  signEvent,
} from "../../src/core/index.js";
import { idOf, TestFederation } from "../../src/core/testing.js";
import type { CanonicalValue, KeyPair } from "../../src/crypto/index.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";

const ONE = {
  ...DEFAULT_RULES,
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 10,
} as unknown as CanonicalValue;

export interface Shape {
  readonly regions: number;
  readonly townsPerRegion: number;
  readonly assembliesPerTown: number;
  readonly membersPerAssembly: number;
}

export interface Assembly {
  readonly id: string;
  readonly chair: KeyPair;
  readonly members: readonly KeyPair[];
  /** An open yes/no motion. */
  readonly motion: string;
}

export interface BenchFederation {
  readonly events: readonly SignedEvent[];
  /** The reference fold of those events. */
  readonly fold: FoldEngine;
  readonly federation: string;
  readonly assemblies: readonly Assembly[];
  readonly members: number;
}

function attestAll(
  t: TestFederation,
  attester: KeyPair,
  body: string,
  council: string,
): void {
  for (const p of pendingClaims(t.fold, body, council))
    t.attest(attester, council, body, p.claim);
}

/** Builds the federation (a few seconds for ~2,000 members). */
export function buildFederation(shape: Shape): BenchFederation {
  const t = new TestFederation({ label: "bench-hub" });
  const f = t.founders[0]!;
  const council = (name: string, level: string) =>
    t.sign(f, null, "body.created", {
      name: { en: name },
      kind: "council",
      level,
      rules: ONE,
      founderName: "Coordinator",
    }).id;
  const nation = council("National council", "national");
  const assemblies: Assembly[] = [];
  let members = 0;
  for (let r = 0; r < shape.regions; r++) {
    const region = council(`Region ${r}`, "regional");
    t.link(f, nation, region, {
      attesters: [f],
      kind: "council",
      name: `R${r}`,
    });
    for (let c = 0; c < shape.townsPerRegion; c++) {
      const town = council(`Town ${r}.${c}`, "municipal");
      t.link(f, region, town, {
        attesters: [f],
        kind: "council",
        name: `T${r}.${c}`,
      });
      for (let a = 0; a < shape.assembliesPerTown; a++) {
        const label = `${r}.${c}.${a}`;
        const chair = t.key(`bench-chair-${label}`);
        const id = t.sign(chair, null, "body.created", {
          name: { en: `Assembly ${label}` },
          kind: "assembly",
          setting: "workplace",
          rules: ONE,
          founderName: `Chair ${label}`,
        }).id;
        const people = [chair];
        for (let m = 1; m < shape.membersPerAssembly; m++) {
          const key = t.key(`bench-member-${label}`, m);
          t.admit(id, key, [chair], `Member ${label}.${m}`);
          people.push(key);
        }
        members += people.length;
        t.link(f, town, id, { attesters: [chair], name: `A${label}` });
        const election = t.sign(chair, id, "motion.opened", {
          kind: "election",
          title: { en: "Delegate" },
          text: { en: "Who goes to the town council." },
          method: "approval",
          options: [{ label: "Chair", member: idOf(chair) }],
          seats: 1,
          subject: { kind: "election", role: "delegate", council: town },
        }).id;
        for (const p of people) t.vote(p, election, { approve: [0] });
        t.close(chair, election);
        attestAll(t, chair, id, town);
        const motion = t.openMotion(chair, id, {
          title: { en: `Motion of ${label}` },
          text: { en: "Shall we?" },
        });
        assemblies.push({ id, chair, members: people, motion });
      }
    }
  }
  return {
    events: t.events,
    fold: t.fold,
    federation: t.federation,
    assemblies,
    members,
  };
}

/** Writes the federation into the data directory's store (verified, as any ingest). */
export async function writeStore(
  dir: string,
  fed: BenchFederation,
): Promise<void> {
  const replica = await Replica.open(
    await openSqliteStore(join(dir, "kenges.sqlite")),
  );
  const report = await replica.ingest(fed.events, "bench");
  if (report.rejected > 0 || report.invalid > 0)
    throw new Error(`bench federation refused: ${JSON.stringify(report)}`);
  await replica.close();
}

export interface Client {
  readonly key: KeyPair;
  readonly body: string;
  readonly motion: string;
  /** Ballots in chain order, signed. */
  readonly events: readonly SignedEvent[];
  /** The same as POST bodies. */
  readonly posts: readonly string[];
}

/**
 * `clients` members (one per assembly in turn, non-chairs first), each with `perClient`
 * ballots signed ahead. The first names the heads of its scope and of the federation scope
 * when the federation was built; later ones follow the client's own chain in the scope only.
 */
export function makeClients(
  fed: BenchFederation,
  clients: number,
  perClient: number,
): Client[] {
  const fold = fed.fold;
  const out: Client[] = [];
  for (let round = 1; out.length < clients; round++) {
    let added = false;
    for (const a of fed.assemblies) {
      const key = a.members[round];
      if (key === undefined || out.length >= clients) continue;
      added = true;
      const author = idOf(key);
      const head = fold.chainHead(author, a.id);
      let seq = (head?.seq ?? 0) + 1;
      let prev = head?.id ?? null;
      let kseq = fold.topKseq(author) + 1;
      const deps = [
        ...fold.headsOf(a.id),
        ...(fold.federationScope ? fold.headsOf(fold.federationScope) : []),
      ].filter((d) => d !== prev);
      const events: SignedEvent[] = [];
      for (let i = 0; i < perClient; i++) {
        const e = signEvent(key, {
          federation: fed.federation,
          scope: a.id,
          seq,
          kseq,
          prev,
          deps: i === 0 ? deps.slice(0, 16) : [],
          time: Date.UTC(2026, 10, 20) + i,
          type: "ballot.cast",
          payload: {
            motion: a.motion,
            choice: { vote: i % 2 === 0 ? "yes" : "no" },
          },
        });
        events.push(e);
        prev = e.id;
        seq++;
        kseq++;
      }
      out.push({
        key,
        body: a.id,
        motion: a.motion,
        events,
        posts: events.map((e) =>
          JSON.stringify({
            events: [Buffer.from(encodeWireEvent(e)).toString("base64url")],
          }),
        ),
      });
    }
    if (!added) break;
  }
  return out;
}
