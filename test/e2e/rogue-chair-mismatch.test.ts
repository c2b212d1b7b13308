/**
 * A rogue chair — an attester of her assembly — tells the town council that the assembly
 * elected her as its delegate, citing a close that elected nobody. The council cannot read
 * the assembly, so it seats her. A member of the assembly opens its page: their phone,
 * which holds exactly the member's scopes (the assembly and the councils above it), checks
 * every claim about the assembly against the assembly's own log, and says in words that the
 * chair told the council something no close here says.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiAct, apiGet } from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { go } from "./support/navigate.js";
import { signInAs } from "./support/people.js";
import { screenshotPath } from "./support/screenshots.js";

let hub: TestHub;
let b: TestBrowser;
let body: DemoBody;

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  b = await openBrowser();
}, 180_000);

afterAll(async () => {
  await b?.close();
  await hub?.stop();
});

it("shows a member that the chair told the council something the assembly never decided", async () => {
  const chair = body.chair;
  const council = body.councils[0]!;
  expect(chair.roles).toContain(`attester: ${body.name}`);
  // A close of the assembly that elected nobody: the last decided resolution.
  const view = await apiGet<{
    motions: { id: string; kind: string; status: string }[];
  }>(hub.url, `/api/bodies/${body.id}`, chair);
  const resolution = view.motions.find(
    (m) => m.kind !== "election" && m.status === "decided",
  )!;
  const motion = await apiGet<{ close: string }>(
    hub.url,
    `/api/motions/${resolution.id}`,
    chair,
  );
  await apiAct(hub.url, chair, council, "attestation.made", {
    body: body.id,
    claim: {
      kind: "seats",
      cites: motion.close,
      elected: [{ member: chair.publicKey, name: chair.name }],
      full: true,
    },
  });

  // The council took the chair's word: it seats her.
  const seated = await apiGet<{
    delegations: { council: string; seated: { id: string }[] }[];
  }>(hub.url, `/api/bodies/${body.id}`, chair);
  expect(
    seated.delegations
      .find((d) => d.council === council)!
      .seated.map((s) => s.id),
  ).toEqual([chair.publicKey]);

  // A member's phone checks it against the assembly's own log.
  const member = body.named[0]!;
  const p = b.page;
  await signInAs(
    p,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    member,
  );
  await go(p, `/bodies/${body.id}`);
  const audit = p
    .getByTestId("attestation-audit")
    .and(p.locator('[data-checked="here"]'));
  await audit.waitFor({ timeout: 60_000 });
  await audit.getByTestId("audit-mismatches").waitFor();
  const mismatch = audit.getByTestId("audit-mismatch").first();
  await mismatch.waitFor();
  // Names sit in Unicode isolates inside the sentence (they may run the other way).
  const words = ((await mismatch.textContent()) ?? "").replace(
    /[\u2068\u2069]/g,
    "",
  );
  expect(words).toContain(`${chair.name} told`);
  expect(words).toContain("Zhanaozen Municipal Council");
  expect(words).toContain(
    `this body elected ${chair.name} to its seats. Nothing in this body's log says so.`,
  );
  await mismatch.scrollIntoViewIfNeeded();
  await p.screenshot({ path: screenshotPath("rogue-claim-en.png") });

  // That phone holds exactly the member's scopes: the ones the hub serves their key.
  const readable = (
    await apiGet<{ scopes: { scope: string }[] }>(hub.url, "/api/state", member)
  ).scopes
    .map((s) => s.scope)
    .sort();
  await go(p, "/identity");
  await expect
    .poll(
      async () =>
        ((await p.getByTestId("kept-scopes").getAttribute("data-scopes")) ?? "")
          .split(" ")
          .sort(),
      { timeout: 60_000 },
    )
    .toEqual(readable);
}, 240_000);
