/**
 * A secret vote whose registrars work from the command line on the hub's laptop while a member
 * votes on a phone: two members offer from the CLI (`kenges registrar offer`, their RSA keys
 * sealed in the hub's data directory, every event through the running hub), the chair opens the
 * secret motion from the CLI naming both offers, the member's app asks for tokens on opening
 * the motion, each registrar answers with `kenges registrar issue`, the member votes Yes, the
 * chair closes from the CLI. The count is the hand count (one Yes), the phone says its ballot
 * was counted, and the count sheet names a one-time key, never the member.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiGet } from "./support/hub-api.js";
import {
  type DemoPerson,
  kengesAsync,
  startDemoHub,
  type TestHub,
} from "./support/hub-process.js";
import { go } from "./support/navigate.js";
import { signInAs } from "./support/people.js";

let hub: TestHub;
let phone: TestBrowser;
let body: DemoBody;

beforeAll(async () => {
  // Small batches that wait a second at most: the ballot is committed soon after sending.
  hub = await startDemoHub([
    "--secret-batch",
    "1",
    "--secret-batch-ms",
    "1000",
  ]);
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  phone = await openBrowser({ width: 360, height: 780 });
}, 180_000);

afterAll(async () => {
  await phone?.close();
  await hub?.stop();
});

/** `kenges --data <the hub's directory> --as <person> …`, which must succeed; its output. */
async function kengesAs(
  person: DemoPerson,
  ...args: string[]
): Promise<string> {
  const r = await kengesAsync([
    "--data",
    hub.dataDir,
    "--as",
    person.label,
    ...args,
  ]);
  expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
  return r.stdout.trim();
}

async function stepIs(p: Page, step: string, timeout = 90_000): Promise<void> {
  await p
    .locator(`[data-testid=secret-vote][data-step="${step}"]`)
    .first()
    .waitFor({ timeout });
}

interface SecretAtHub {
  status: string;
  result: { decision: Record<string, number> } | null;
  ballots: unknown[];
  countSheet: { counted: { voter: { id: string } }[] } | null;
  secret: {
    requests: number;
    ballots: number;
    registrars: { issued: number }[];
  };
}

it("registrars answer from the command line, a member votes on the phone, and the count matches", async () => {
  const [first, second, voter] = body.named as [
    DemoPerson,
    DemoPerson,
    DemoPerson,
  ];
  expect(voter).toBeDefined();
  const offers = [
    await kengesAs(first, "registrar", "offer", "--body", body.id, "--quiet"),
    await kengesAs(second, "registrar", "offer", "--body", body.id, "--quiet"),
  ];
  for (const o of offers) expect(o).toMatch(/^[0-9a-f]{64}$/);
  const motion = await kengesAs(
    body.chair,
    "motion",
    "open",
    body.id,
    "--title",
    "Stop the night shift",
    "--text",
    "The crew stops the night shift until the gas leak is repaired.",
    "--secret",
    "--registrar",
    offers.join(","),
    "--quiet",
  );
  expect(motion).toMatch(/^[0-9a-f]{64}$/);

  // The member opens the motion: the app asks for tokens, and waits for the registrars.
  const p = phone.page;
  await signInAs(
    p,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    voter,
  );
  await go(p, `/motions/${motion}`);
  await p.getByTestId("secret-notice").waitFor();
  await expect
    .poll(
      async () =>
        (await apiGet<SecretAtHub>(hub.url, `/api/motions/${motion}`, voter))
          .secret.requests,
      { timeout: 60_000 },
    )
    .toBe(1);
  expect(
    await p
      .locator('[data-testid=secret-vote][data-step="tokens-ready"]')
      .count(),
  ).toBe(0);

  // Each registrar answers from the command line: one token each, for the one request.
  for (const registrar of [first, second]) {
    const issued = JSON.parse(
      await kengesAs(
        registrar,
        "registrar",
        "issue",
        "--motion",
        motion,
        "--json",
      ),
    ) as { issued: string[] };
    expect(issued.issued).toHaveLength(1);
  }
  await stepIs(p, "tokens-ready");
  await p.getByRole("button", { name: "Yes", exact: true }).click();
  await stepIs(p, "held");
  await expect
    .poll(
      async () =>
        (await apiGet<SecretAtHub>(hub.url, `/api/motions/${motion}`, voter))
          .secret.ballots,
      { timeout: 60_000 },
    )
    .toBe(1);

  await kengesAs(body.chair, "close", motion);
  const view = await apiGet<SecretAtHub>(
    hub.url,
    `/api/motions/${motion}`,
    body.chair,
  );
  // Hand count: one member asked, one voted Yes; each registrar issued one token.
  expect(view.status).toBe("decided");
  expect(view.result?.decision).toMatchObject({
    yes: 1,
    no: 0,
    abstain: 0,
    present: 1,
  });
  expect(view.secret).toMatchObject({ requests: 1, ballots: 1 });
  expect(view.secret.registrars.map((r) => r.issued)).toEqual([1, 1]);
  expect(view.ballots).toEqual([]);
  const members = new Set(hub.people.map((x) => x.publicKey));
  expect(view.countSheet?.counted).toHaveLength(1);
  expect(members.has(view.countSheet!.counted[0]!.voter.id)).toBe(false);

  await go(p, `/motions/${motion}`);
  await stepIs(p, "counted");
  expect(await p.getByTestId("secret-vote").first().textContent()).toContain(
    "Your ballot was counted.",
  );
}, 300_000);
