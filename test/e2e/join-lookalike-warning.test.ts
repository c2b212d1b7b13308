/**
 * An informer asks to join the drilling crew under a copy of a member's name (one Latin
 * letter swapped for its Cyrillic twin); the chair, opening the body page, sees the request
 * flagged as looking like that member — in English, Urdu (right to left), Kazakh and Russian.
 */

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  encodeWireEvent,
  signEvent,
  skeletonOf,
} from "../../src/core/index.js";
import { generateKeyPair } from "../../src/crypto/index.js";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiGet } from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { go } from "./support/navigate.js";
import { signInAs } from "./support/people.js";

let hub: TestHub;
let chair: TestBrowser;
let body: DemoBody;
const keys = mkdtempSync(join(tmpdir(), "kenges-keys-"));

const TWINS: Record<string, string> = {
  a: "а",
  e: "е",
  o: "о",
  p: "р",
  c: "с",
  A: "А",
  E: "Е",
  O: "О",
  K: "К",
  M: "М",
  а: "a",
  е: "e",
  о: "o",
  р: "p",
  с: "c",
  А: "A",
  Е: "E",
  О: "O",
  К: "K",
  М: "M",
};

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  chair = await openBrowser();
}, 180_000);

afterAll(async () => {
  await chair?.close();
  await hub?.stop();
});

it("flags a join request named like a member, in every language", async () => {
  const page = await apiGet<{ memberList: { id: string; name: string }[] }>(
    hub.url,
    `/api/bodies/${body.id}`,
    body.chair,
  );
  const victim = page.memberList.find((m) =>
    [...m.name].some((c) => TWINS[c] !== undefined),
  )!;
  const chars = [...victim.name];
  const at = chars.findIndex((c) => TWINS[c] !== undefined);
  chars[at] = TWINS[chars[at]!]!;
  const copy = chars.join("");
  expect(skeletonOf(copy)).toBe(skeletonOf(victim.name));

  const informer = generateKeyPair();
  const request = signEvent(informer, {
    federation: hub.federation,
    scope: body.id,
    seq: 1,
    kseq: 1,
    prev: null,
    deps: [body.id],
    time: Date.now(),
    type: "member.join-requested",
    payload: { name: copy },
  });
  const posted = await fetch(`${hub.url}/api/events`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      events: [Buffer.from(encodeWireEvent(request)).toString("base64url")],
    }),
  });
  expect(posted.status).toBe(201);

  const p = chair.page;
  await signInAs(p, hub.url, keys, body.chair);
  await go(p, `/bodies/${body.id}`);
  const warning = p.getByTestId("join-lookalike");
  await warning.waitFor({ timeout: 30_000 });
  const seen = new Set<string>();
  for (const lang of ["en", "ur", "kk", "ru"]) {
    await p.locator(".lang-switch select").selectOption(lang);
    await expect
      .poll(() => p.evaluate<string>("document.documentElement.lang"))
      .toBe(lang);
    const text = (await warning.textContent()) ?? "";
    expect(text, lang).toContain(victim.name);
    seen.add(text.replace(victim.name, ""));
    await p.getByTestId("join-mixed-script").waitFor();
  }
  // Four languages, four different sentences around the name.
  expect(seen.size).toBe(4);
}, 180_000);
