/**
 * The browser's deps rule for secret ballots (web/src/offline/secret-ballot-deps.ts), as the
 * Node replica's: an event names the opening of a secret motion in place of any secret ballot
 * the copy holds, and in place of the member's own ballot even before the copy holds it (named
 * then, it would show whose it is); a close keeps the ballots it counts.
 */
import { beforeAll, expect, it } from "vitest";
import { TestFederation } from "../../src/core/testing.js";
import {
  generateTokenKey,
  type TokenKeyPair,
} from "../../src/crypto/blind-token.js";
import { depsWithoutSecretBallots } from "../../web/src/offline/secret-ballot-deps.js";

let pool: TokenKeyPair[] = [];
beforeAll(async () => {
  pool = [await generateTokenKey(2048), await generateTokenKey(2048)];
});

async function secretVote() {
  const t = new TestFederation();
  const chair = t.founders[0]!;
  const body = t.createBody(chair, {
    rules: { admission: { method: "endorsements", endorsements: 1 } },
  });
  const ana = t.key("ana");
  const bek = t.key("bek");
  t.admit(body, ana, [chair]);
  t.admit(body, bek, [chair]);
  const registrars = [
    t.offerRegistrar(ana, body, pool[0]!),
    t.offerRegistrar(bek, body, pool[1]!),
  ];
  const motion = t.openSecretMotion(chair, body, registrars);
  const ticket = await t.requestTokens(ana, motion);
  for (const r of registrars) await t.issueTokens(r, ticket.request!);
  const ballot = await t.castSecret(ticket, { vote: "yes" });
  return { t, motion, ballot: ballot.id, other: ticket.request!.id };
}

it("a secret ballot the copy holds is named by its motion's opening, never by itself", async () => {
  const { t, motion, ballot, other } = await secretVote();
  expect(t.fold.typeOf(ballot)).toBe("ballot.secret");
  const deps = depsWithoutSecretBallots(
    t.fold,
    "comment.posted",
    [ballot, other],
    new Map(),
  );
  expect(deps).toEqual([motion, other].sort());
  expect(deps).not.toContain(ballot);
  // Nothing to replace: the deps stay as they are.
  expect(
    depsWithoutSecretBallots(t.fold, "comment.posted", [other], new Map()),
  ).toEqual([other]);
});

it("the member's own ballot is replaced even where the copy does not hold it yet", () => {
  const own = "a".repeat(64);
  const motion = "b".repeat(64);
  const head = "c".repeat(64);
  expect(
    depsWithoutSecretBallots(
      null,
      "token.requested",
      [own, head],
      new Map([[own, motion]]),
    ),
  ).toEqual([motion, head]);
});

it("a close keeps the ballots it counts", async () => {
  const { t, ballot } = await secretVote();
  expect(
    depsWithoutSecretBallots(t.fold, "vote.closed", [ballot], new Map()),
  ).toEqual([ballot]);
});
