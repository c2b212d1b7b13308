/**
 * For random votes under several counting methods, a secret motion's count equals the count
 * of the same choices cast openly on the same motion; and every replica (any delivery order,
 * each reader's partial replica) folds the secret vote to the same state.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  generateTokenKey,
  type TokenKeyPair,
} from "../../crypto/blind-token.js";
import type { CanonicalValue, KeyPair } from "../../crypto/index.js";
import { foldInputOf } from "../event/fold-input.js";
import type { SignedEvent } from "../event/signed-event.js";
import { EVENT_HANDLERS } from "../event-handlers.js";
import { FoldEngine } from "../fold/fold.js";
import {
  deliverOneByOne,
  idOf,
  replicaOf,
  replicasAgree,
  type SecretTicket,
  TestFederation,
  type TestRegistrar,
} from "../testing.js";

const RUNS = Number(process.env.KENGES_PROPERTY_RUNS ?? 12);
const VOTERS = ["ana", "bek", "cem", "dil"];
const OPTIONS = 3;

/** The methods tried, with their seats and how a random choice of each is made. */
const METHODS: Record<
  string,
  { seats: number; choice: fc.Arbitrary<CanonicalValue> }
> = {
  "yes-no-abstain": {
    seats: 1,
    choice: fc.constantFrom("yes", "no", "abstain").map((vote) => ({ vote })),
  },
  plurality: {
    seats: 1,
    choice: fc.integer({ min: 0, max: OPTIONS - 1 }).map((pick) => ({ pick })),
  },
  approval: {
    seats: 1,
    choice: fc
      .subarray([0, 1, 2])
      .map((approve) => ({ approve: [...approve] })),
  },
  irv: {
    seats: 1,
    choice: fc
      .shuffledSubarray([0, 1, 2])
      .map((order) => ({ ranking: order.map((c) => [c]) })),
  },
  schulze: {
    seats: 1,
    choice: fc
      .shuffledSubarray([0, 1, 2])
      .map((order) => ({ ranking: order.map((c) => [c]) })),
  },
  "scottish-stv": {
    seats: 2,
    choice: fc
      .shuffledSubarray([0, 1, 2])
      .map((order) => ({ ranking: order.map((c) => [c]) })),
  },
};

let pool: TokenKeyPair[] = [];
beforeAll(async () => {
  pool = [await generateTokenKey(2048), await generateTokenKey(2048)];
});

/**
 * The same federation every run for a method — so the secret motion has the same id, and a
 * voter's blinded messages and tokens, made once, serve every run (blinding is slow).
 */
function federationFor(method: string) {
  const t = new TestFederation({ label: "secret-props" });
  const chair = t.founders[0]!;
  const body = t.createBody(chair, {
    rules: {
      admission: { method: "endorsements", endorsements: 1 },
      quorumPercent: 20,
    },
  });
  const voters: KeyPair[] = VOTERS.map((label) => t.key(label));
  for (const v of voters) t.admit(body, v, [chair]);
  const registrars: TestRegistrar[] = [
    t.offerRegistrar(voters[0]!, body, pool[0]!),
    t.offerRegistrar(voters[1]!, body, pool[1]!),
  ];
  const { seats } = METHODS[method]!;
  const extra: Record<string, CanonicalValue> =
    method === "yes-no-abstain"
      ? {}
      : {
          kind: "election",
          method,
          seats,
          options: [chair, ...voters.slice(0, OPTIONS - 1)].map((k, i) => ({
            label: `Candidate ${i}`,
            member: idOf(k),
          })),
          // A committee election takes effect in the committee's own scope: closing it leaves
          // this body's chair in place for the second close.
          subject: { kind: "election", role: "committee", committee: body },
        };
  const open = t.openMotion(chair, body, extra);
  const secret = t.openSecretMotion(chair, body, registrars, extra);
  return { t, chair, members: [chair, ...voters], registrars, open, secret };
}

/** Tickets and their tokens by `${motion} ${voter}`: made once, reused by every run. */
const tickets = new Map<
  string,
  { ticket: SecretTicket; tokens: string[] | null }
>();

async function voteSecretly(
  t: TestFederation,
  registrars: readonly TestRegistrar[],
  voter: number,
  member: KeyPair,
  motion: string,
  choice: CanonicalValue,
): Promise<void> {
  const name = `${motion} ${voter}`;
  let cached = tickets.get(name);
  if (cached === undefined) {
    const ticket = await t.prepareTicket(motion, `one-time ${name}`);
    cached = { ticket, tokens: null };
    tickets.set(name, cached);
  }
  const ticket = await t.requestTokens(member, motion, {
    ticket: cached.ticket,
  });
  for (const r of registrars) await t.issueTokens(r, ticket.request!);
  cached.tokens ??= await t.finalizeTokens(ticket);
  const ballot = await t.castSecret(ticket, choice, { tokens: cached.tokens });
  expect(t.fold.invalidReason(ballot.id)).toBeNull();
}

describe("secret ballots (property tests)", { timeout: 120_000 }, () => {
  it("count as the same choices cast openly, under every method, and fold alike on every replica", async () => {
    const methods = Object.keys(METHODS);
    const run = fc.constantFrom(...methods).chain((method) =>
      fc.record({
        method: fc.constant(method),
        choices: fc.array(fc.option(METHODS[method]!.choice), {
          minLength: VOTERS.length + 1,
          maxLength: VOTERS.length + 1,
        }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(run, async ({ method, choices }) => {
        const { t, chair, members, registrars, open, secret } =
          federationFor(method);
        for (let i = 0; i < members.length; i++) {
          const choice = choices[i];
          if (choice === null || choice === undefined) continue;
          t.vote(members[i]!, open, choice);
          await voteSecretly(t, registrars, i, members[i]!, secret, choice);
        }
        const closeSecret = t.close(chair, secret);
        const closeOpen = t.close(chair, open);
        expect(t.fold.invalidReason(closeSecret.id)).toBeNull();
        expect(t.fold.invalidReason(closeOpen.id)).toBeNull();
        const secretMotion = t.fold.state.motions.get(secret)!;
        const openMotion = t.fold.state.motions.get(open)!;
        expect(secretMotion.outcome).toBe(openMotion.outcome);
        expect(secretMotion.result).toEqual(openMotion.result);
        const voted = choices.filter((c) => c !== null).length;
        expect(t.fold.state.secretTallies.get(secret)).toMatchObject({
          counted: voted,
          rollSize: members.length,
          issued: [voted, voted],
          overIssued: false,
        });
        const { disagreements } = replicasAgree(t.events);
        expect(disagreements).toEqual([]);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it("a secret vote with a double spend, concurrent requests, a forged token and a late ballot folds to one state in any order, incrementally or rebuilt", async () => {
    const events = await tangledSecretVote();
    const rebuilt = replicaOf(events);
    const codes = [...rebuilt.state.invalid.values()].map((e) => e.code);
    expect(codes).toEqual(
      expect.arrayContaining(["TOKEN_ALREADY_REQUESTED", "TOKEN_INVALID"]),
    );
    expect([...rebuilt.state.secretTallies.values()][0]?.uncounted.length).toBe(
      1,
    );
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 32 }),
        (shuffleSeed, window) => {
          const shuffled = fc.sample(
            fc.shuffledSubarray([...events], { minLength: events.length }),
            { seed: shuffleSeed, numRuns: 1 },
          )[0]!;
          const fold = new FoldEngine(EVENT_HANDLERS, { strictScopes: true });
          deliverOneByOne(fold, shuffled);
          expect(fold.stateHash()).toBe(rebuilt.stateHash());
          expect(fold.orderedIds()).toEqual(rebuilt.orderedIds());
          const incremental = new FoldEngine(EVENT_HANDLERS, { window });
          for (const e of events) incremental.add([foldInputOf(e)]);
          expect(incremental.stateHash()).toBe(rebuilt.stateHash());
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });
});

/**
 * One secret vote with every awkward shape: a member asking from two devices at once, a
 * token spent twice, a forged token, a ballot arriving after the close was drafted elsewhere,
 * and open motions beside it.
 */
async function tangledSecretVote(): Promise<readonly SignedEvent[]> {
  const { t, chair, members, registrars, secret, open } =
    federationFor("yes-no-abstain");
  const body = t.bodyOf(secret);
  const device = t.key("second device");
  t.sign(
    members[2]!,
    body,
    "key.added",
    t.keyAddedPayload(members[2]!, device),
  );
  const a = await t.requestTokens(members[2]!, secret, { detached: true });
  const b = await t.requestTokens(device, secret, { detached: true });
  t.deliver([a.request!, b.request!]);
  const first = t.fold.invalidReason(a.request!.id) === null ? a : b;
  for (const r of registrars) await t.issueTokens(r, first.request!);
  await t.castSecret(first, { vote: "yes" });
  await t.castSecret(first, { vote: "no" });
  const other = await t.requestTokens(members[3]!, secret);
  for (const r of registrars) await t.issueTokens(r, other.request!);
  const tokens = await t.finalizeTokens(other);
  await t.castSecret(
    other,
    { vote: "no" },
    {
      tokens: [tokens[1]!, tokens[0]!],
    },
  );
  t.vote(members[1]!, open, { vote: "yes" });
  const late = await t.requestTokens(members[4]!, secret);
  for (const r of registrars) await t.issueTokens(r, late.request!);
  const lateTokens = await t.finalizeTokens(late);
  t.close(chair, secret);
  // Cast after the close (its deps are only the opening): valid, but not in the close's past.
  await t.castSecret(late, { vote: "abstain" }, { tokens: lateTokens });
  t.close(chair, open);
  return t.events;
}
