/**
 * Someone without a member key reaches the hub: they learn no member list, in the page or the
 * API — a body that is not theirs to read is "not found or not yours", the same words (and
 * the same answer from the hub) as for a body that does not exist.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";

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

it("shows an outsider no member list anywhere", async () => {
  const p = b.page;
  await p.goto(`${hub.url}/federation`);
  await p.getByText("Nothing here is public.").waitFor();
  await p.goto(`${hub.url}/bodies/${body.id}`);
  await p.getByText("Not found — or not yours to read.").waitFor();
  await p.getByRole("link", { name: "Unlock your key to read this" }).waitFor();
  // A body that does not exist reads the same.
  await p.goto(`${hub.url}/bodies/${"ab".repeat(32)}`);
  await p.getByText("Not found — or not yours to read.").waitFor();
  expect(await p.getByTestId("member-list").count()).toBe(0);
  const text = (await p.locator("body").textContent()) ?? "";
  for (const m of [body.chair, ...body.others])
    expect(text).not.toContain(m.name);

  // The API says the same to anyone.
  for (const path of [
    `/api/bodies/${body.id}`,
    `/api/scopes/${body.id}/events`,
    "/api/federation",
    "/api/demands",
    "/api/calls",
  ]) {
    const r = await fetch(`${hub.url}${path}`);
    const raw = await r.text();
    for (const m of [body.chair, ...body.others])
      expect(raw, path).not.toContain(m.name);
    expect(raw).not.toContain(body.chair.publicKey);
  }
}, 120_000);
