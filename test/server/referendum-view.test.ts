/**
 * A referendum through the hub: the region puts a question, the depot votes on it, its
 * attester carries the result to the town and the town's attester on to the region — each
 * event signed and posted as a browser does — and the councils' reads carry the results per
 * body and summed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pendingClaims } from "../../src/core/index.js";
import type { CanonicalValue, KeyPair } from "../../src/crypto/index.js";
import {
  act,
  get,
  type HubFixture,
  login,
  makeHub,
  post,
  signOnHub,
} from "./support/hub-fixture.js";

let f: HubFixture;
beforeAll(async () => {
  f = await makeHub();
});
afterAll(() => f.close());

async function sign(
  key: KeyPair,
  scope: string,
  type: string,
  payload: Record<string, unknown>,
): Promise<string> {
  const events = await signOnHub(
    f.app,
    key,
    scope,
    type,
    payload as CanonicalValue,
  );
  const r = await post(f.app, events);
  expect(r.statusCode).toBeLessThan(300);
  return events.at(-1)!.id;
}

/** The claims about `body` pending on its councils, signed by its attester. */
async function carry(attester: KeyPair, body: string) {
  const claims = pendingClaims(f.hub.replica.fold, body).filter(
    (p) => p.claim.kind === "referendum",
  );
  expect(claims.length).toBeGreaterThan(0);
  for (const p of claims)
    await sign(attester, p.council, "attestation.made", {
      body,
      claim: p.claim,
    });
}

describe("a referendum in the councils' reads", () => {
  it("the region and the town show the depot's attested result and the sum", async () => {
    const t = f.town;
    const fold = () => f.hub.replica.fold;
    await act(f.app, t.f, t.region, "motion.opened", {
      kind: "referendum",
      title: { en: "Public buses" },
      text: { en: "Shall the buses stay public?" },
      subject: { kind: "referendum", scope: "all" },
    });
    const referendum = [...fold().state.motions.values()].find(
      (m) => m.kind === "referendum" && m.body === t.region,
    )!.id;
    await act(f.app, t.m1, t.region, "ballot.cast", {
      motion: referendum,
      choice: { vote: "yes" },
    });
    await act(f.app, t.f, t.region, "vote.closed", {
      motion: referendum,
      result: { outcome: "adopted" },
    });
    expect(fold().state.referendums.has(referendum)).toBe(true);
    await act(f.app, t.a1, t.depot, "motion.opened", {
      kind: "referendum",
      title: { en: "Public buses" },
      text: { en: "Shall the buses stay public?" },
      subject: { kind: "referendum", referendum },
    });
    const motion = [...fold().state.motions.values()].find(
      (m) => m.kind === "referendum" && m.body === t.depot,
    )!.id;
    for (const [k, vote] of [
      [t.a1, "yes"],
      [t.m1, "yes"],
      [t.m2, "no"],
      [t.m3, "abstain"],
    ] as const)
      await act(f.app, k, t.depot, "ballot.cast", {
        motion,
        choice: { vote },
      });
    await act(f.app, t.a1, t.depot, "vote.closed", {
      motion,
      result: { outcome: "adopted" },
    });
    expect(fold().state.motions.get(motion)!.status).toBe("decided");
    await carry(t.a1, t.depot);
    await carry(t.f, t.town);
    const token = await login(f.app, t.f);
    for (const council of [t.town, t.region]) {
      const view = (await get(f.app, `/api/bodies/${council}`, token)).json();
      const r = view.council.referendums.find(
        (x: { id: string }) => x.id === referendum,
      );
      expect(r).toMatchObject({
        council: t.region,
        title: { en: "Public buses" },
        options: ["yes", "no", "abstain"],
        total: { counts: [2, 1, 1], cast: 4, eligible: 4, bodies: 1 },
      });
      expect(r.entries.map((e: { body: string }) => e.body)).toEqual([t.depot]);
    }
  });
});
