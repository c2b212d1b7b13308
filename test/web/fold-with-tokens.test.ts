/**
 * The browser folds secret ballots with WebCrypto's RSA, which is asynchronous, while the fold is
 * not: web/src/offline/fold-with-tokens.ts folds the rest of a batch, verifies the ballots'
 * tokens against the registrars' keys the fold now holds, then folds the ballots. Here the
 * fold runs on the noble backend (the browser's), fed a whole secret vote in one batch, and must
 * reach the state the Node backend reaches — a forged token refused, the count the same.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  EVENT_HANDLERS,
  FoldEngine,
  foldInputOf,
} from "../../src/core/index.js";
import { TestFederation } from "../../src/core/testing.js";
import { nobleBackend, useCryptoBackend } from "../../src/crypto/backend.js";
import {
  generateTokenKey,
  type TokenKeyPair,
} from "../../src/crypto/blind-token.js";
import { nodeCryptoBackend } from "../../src/crypto/node.js";
import { addWithTokens } from "../../web/src/offline/fold-with-tokens.js";

let pool: TokenKeyPair[] = [];
beforeAll(async () => {
  pool = [await generateTokenKey(2048), await generateTokenKey(2048)];
});
afterAll(() => useCryptoBackend(nodeCryptoBackend));

it("a whole secret vote folded in one batch on the browser's backend reaches the Node backend's state", async () => {
  const t = new TestFederation();
  const chair = t.founders[0]!;
  const body = t.createBody(chair, {
    rules: {
      admission: { method: "endorsements", endorsements: 1 },
      quorumPercent: 20,
    },
  });
  const members = [chair];
  for (const label of ["ana", "bek", "cem", "dil"]) {
    const k = t.key(label);
    t.admit(body, k, [chair]);
    members.push(k);
  }
  const registrars = [
    t.offerRegistrar(members[1]!, body, pool[0]!),
    t.offerRegistrar(members[2]!, body, pool[1]!),
  ];
  const motion = t.openSecretMotion(chair, body, registrars);
  const choices = ["yes", "no", "yes", "yes"];
  let spent: readonly string[] = [];
  for (const [i, choice] of choices.entries()) {
    const ticket = await t.requestTokens(members[i]!, motion);
    for (const r of registrars) await t.issueTokens(r, ticket.request!);
    spent = await t.finalizeTokens(ticket);
    await t.castSecret(ticket, { vote: choice }, { tokens: spent });
  }
  // Another one-time key carrying a voter's tokens: they are bound to that voter's key, so
  // the ballot is refused, on either backend.
  const thief = await t.requestTokens(members[4]!, motion);
  const forged = await t.castSecret(thief, { vote: "no" }, { tokens: spent });
  t.close(chair, motion);
  const expected = t.fold.stateHash();
  expect(t.fold.invalidReason(forged.id)?.code).toBe("TOKEN_INVALID");

  useCryptoBackend(nobleBackend);
  const fold = new FoldEngine(EVENT_HANDLERS);
  // Newest first: the batch's order must not matter.
  const inputs = [...t.events].reverse().map(foldInputOf);
  const result = await addWithTokens(fold, inputs);
  expect(result.added.length).toBe(t.events.length);
  expect(fold.invalidReason(forged.id)?.code).toBe("TOKEN_INVALID");
  expect(fold.state.motions.get(motion)!.result).toMatchObject({
    decision: { yes: 3, no: 1, present: 4 },
  });
  expect(fold.stateHash()).toBe(expected);
});
