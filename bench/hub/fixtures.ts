/**
 * The load: 50 members of the demo federation, each with an open yes/no motion in their body,
 * each with a chain of ballots signed ahead (changing their vote back and forth), in chain
 * order. Read from the demo's data directory before the hub starts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  encodeWireEvent,
  type SignedEvent,
  signEvent,
} from "../../src/core/index.js";
import {
  fromHex,
  type KeyPair,
  keyPairFromSecret,
} from "../../src/crypto/index.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";

export interface Client {
  readonly member: string;
  readonly key: KeyPair;
  readonly motion: string;
  readonly body: string;
  /** Ballots in chain order, signed. */
  readonly events: readonly SignedEvent[];
  /** The same as POST bodies. */
  readonly posts: readonly string[];
}

export async function loadClients(
  dataDir: string,
  clients: number,
  perClient: number,
): Promise<Client[]> {
  const people = (
    JSON.parse(readFileSync(join(dataDir, "demo-keys.json"), "utf8")) as {
      people: { publicKey: string; secretKey: string }[];
    }
  ).people;
  const secret = new Map(people.map((p) => [p.publicKey, p.secretKey]));
  const replica = await Replica.open(
    await openSqliteStore(join(dataDir, "kenges.sqlite")),
  );
  const state = replica.fold.state;
  const federation = replica.federation!;
  // Each chain starts on top of everything the hub holds now, as a client that fetched the
  // heads would; later ballots follow the client's own chain only (they are signed ahead).
  const heads = replica.fold.heads().slice(0, 15);
  const open = [...state.motions.values()].filter(
    (m) => m.status === "open" && m.method === "yes-no-abstain",
  );
  const out: Client[] = [];
  const used = new Set<string>();
  let round = 0;
  while (out.length < clients && round < 100) {
    for (const m of open) {
      const members = [...state.memberships.values()].filter(
        (x) =>
          x.body === m.body &&
          x.status === "member" &&
          !used.has(x.member) &&
          secret.has(x.member),
      );
      const pick = members[round];
      if (!pick || out.length >= clients) continue;
      used.add(pick.member);
      const key = keyPairFromSecret(fromHex(secret.get(pick.member)!)!);
      const head = replica.fold.chainHead(pick.member);
      let seq = (head?.seq ?? 0) + 1;
      let prev = head?.id ?? null;
      const events: SignedEvent[] = [];
      for (let i = 0; i < perClient; i++) {
        const e = signEvent(key, {
          federation,
          seq,
          prev,
          deps: i === 0 ? heads.filter((h) => h !== prev) : [],
          time: Date.now(),
          type: "ballot.cast",
          payload: {
            motion: m.id,
            choice: { vote: i % 2 === 0 ? "yes" : "no" },
          },
        });
        events.push(e);
        prev = e.id;
        seq++;
      }
      out.push({
        member: pick.member,
        key,
        motion: m.id,
        body: m.body,
        events,
        posts: events.map((e) =>
          JSON.stringify({
            events: [Buffer.from(encodeWireEvent(e)).toString("base64url")],
          }),
        ),
      });
    }
    round++;
  }
  await replica.close();
  return out;
}
