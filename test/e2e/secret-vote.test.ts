/**
 * A secret vote in the browser, on phones, against a real hub: two members offer to be
 * registrars from their body's page (an RSA key made by WebCrypto, kept sealed), the chair
 * opens a secret motion naming both offers from the same page; each member's app asks for tokens on opening the
 * motion, each registrar's app answers the requests while it is open, one member votes online
 * and the other offline (the ballot waits on the phone and goes when the link returns), the
 * chair closes, and the result counts both ballots. "Who voted how" is nowhere — not on the
 * page, not in the hub's answer — and each member sees "Your ballot was counted".
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { decodeWireEvent } from "../../src/core/index.js";
import { toHex } from "../../src/crypto/index.js";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiGet } from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { go, idInPath } from "./support/navigate.js";
import { signInAs } from "./support/people.js";
import { screenshotPath } from "./support/screenshots.js";

let hub: TestHub;
let chairPhone: TestBrowser;
let memberPhone: TestBrowser;
let body: DemoBody;

beforeAll(async () => {
  // Small batches that wait a second at most: the ballots are committed soon after sending.
  hub = await startDemoHub([
    "--secret-batch",
    "2",
    "--secret-batch-ms",
    "1000",
  ]);
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  chairPhone = await openBrowser();
  memberPhone = await openBrowser();
}, 180_000);

afterAll(async () => {
  await chairPhone?.close();
  await memberPhone?.close();
  await hub?.stop();
});

/** Offers to be a registrar from the body page; returns the offer's id. */
async function offerRegistrar(p: Page): Promise<string> {
  await go(p, `/bodies/${body.id}`);
  const card = p.getByTestId("offer-registrar");
  await card.getByRole("button", { name: "Offer to be a registrar" }).click();
  const offer = card.getByTestId("registrar-offer");
  await offer.waitFor({ timeout: 60_000 });
  return ((await offer.textContent()) ?? "").trim();
}

/** Waits until the member's secret vote on the page is at `step`. */
async function stepIs(p: Page, step: string, timeout = 90_000): Promise<void> {
  await p
    .locator(`[data-testid=secret-vote][data-step="${step}"]`)
    .first()
    .waitFor({ timeout });
}

/** The events a page posts to the hub, each with whether the post carried the session. */
function postedEvents(
  p: Page,
): { type: string; id: string; signedIn: boolean; alone: boolean }[] {
  const seen: {
    type: string;
    id: string;
    signedIn: boolean;
    alone: boolean;
  }[] = [];
  p.on("request", (r) => {
    if (r.method() !== "POST" || !r.url().includes("/api/events")) return;
    const body = JSON.parse(r.postData() ?? "{}") as { events?: string[] };
    for (const w of body.events ?? []) {
      const e = decodeWireEvent(Buffer.from(w, "base64url"));
      if (e.ok)
        seen.push({
          type: e.value.envelope.type,
          id: e.value.id,
          signedIn: r.headers().authorization !== undefined,
          alone: body.events?.length === 1,
        });
    }
  });
  return seen;
}

/** Which of `needles` (hex) appear in plain anywhere in the page's IndexedDB or localStorage. */
async function plainIn(p: Page, needles: readonly string[]): Promise<string[]> {
  return p.evaluate(`(async () => {
    const needles = ${JSON.stringify(needles)};
    const found = new Set();
    const look = (text) => { for (const n of needles) if (text.includes(n)) found.add(n); };
    look(JSON.stringify({ ...localStorage }));
    for (const info of await indexedDB.databases()) {
      const db = await new Promise((ok, no) => {
        const r = indexedDB.open(info.name);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => no(r.error);
      });
      for (const name of db.objectStoreNames) {
        const store = db.transaction(name).objectStore(name);
        const all = (q) => new Promise((ok) => { q.onsuccess = () => ok(q.result); });
        look(JSON.stringify(await all(store.getAllKeys())));
        for (const v of await all(store.getAll())) {
          if (v instanceof Uint8Array || v instanceof ArrayBuffer) {
            const bytes = new Uint8Array(v);
            let text = "";
            for (let i = 0; i < bytes.length; i += 8192)
              text += String.fromCharCode(...bytes.subarray(i, i + 8192));
            const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
            look(text);
            look(hex);
          } else look(JSON.stringify(v));
        }
      }
      db.close();
    }
    return [...found];
  })()`);
}

type MotionAtHub = {
  status: string;
  ballots: unknown[];
  result: { kind: string; decision: Record<string, number> } | null;
  countSheet: { counted: { ballot: string; voter: { id: string } }[] } | null;
  comments: { id: string; text: string }[];
  secret: {
    requests: number;
    ballots: number;
    registrars: { issued: number }[];
  };
};

it("two registrars' apps answer, two members vote (one offline), and both see their ballot counted", async () => {
  const chair = body.chair;
  const member = body.named[0]!;
  const a = chairPhone.page;
  const m = memberPhone.page;
  const sentByChair = postedEvents(a);
  const sentByMember = postedEvents(m);
  await signInAs(
    a,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    chair,
  );
  await signInAs(
    m,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    member,
  );

  const offers = [await offerRegistrar(a), await offerRegistrar(m)];
  expect(offers.every((o) => /^[0-9a-f]{64}$/.test(o))).toBe(true);
  // The chair opens the secret motion from the body page, naming both offers.
  await go(a, `/bodies/${body.id}`);
  await a.getByRole("button", { name: "Put a motion" }).click();
  await a.getByLabel("Kind of motion").selectOption("resolution");
  await a.getByLabel("Title (English)").fill("Strike from Monday");
  await a
    .getByLabel("Text (English)")
    .fill("The crew stops work from Monday until the wages are paid.");
  await a.getByLabel("Secret ballot").check();
  await a
    .getByLabel("Registrars' offers (one per line)")
    .fill(offers.join("\n"));
  await a.screenshot({
    path: screenshotPath("secret-vote-open.png"),
    fullPage: true,
  });
  await a.getByRole("button", { name: "Put the motion" }).click();
  await a.getByTestId("motion-status").getByText("open").waitFor();
  const motion = idInPath(a);

  // Opening the motion, each app asks for tokens; each registrar's app answers both requests.
  await go(a, `/motions/${motion}`);
  await go(m, `/motions/${motion}`);
  const notice = a.getByTestId("secret-notice");
  await notice.waitFor();
  expect(await notice.textContent()).toContain("not the chair");
  expect(await notice.textContent()).toContain("watches your screen");
  await a.getByTestId("registrar-auto").waitFor({ timeout: 60_000 });
  await m.getByTestId("registrar-auto").waitFor({ timeout: 60_000 });
  await stepIs(a, "tokens-ready");
  await stepIs(m, "tokens-ready");
  // No running count beside a secret vote, and the same buttons as an open one.
  expect(await a.getByTestId("live-count").count()).toBe(0);
  await a.screenshot({
    path: screenshotPath("secret-vote-tokens.png"),
    fullPage: true,
  });

  // The chair votes online.
  await a.getByRole("button", { name: "Yes", exact: true }).click();
  await stepIs(a, "held");
  await a.screenshot({
    path: screenshotPath("secret-vote-held.png"),
    fullPage: true,
  });

  // The member votes offline with the tokens fetched before: the ballot waits on the phone.
  await memberPhone.context.setOffline(true);
  await m.getByRole("button", { name: "No", exact: true }).click();
  await stepIs(m, "waiting-to-send");
  await memberPhone.context.setOffline(false);
  await stepIs(m, "held");

  // Each ballot went alone and without the member's session; everything else with it.
  for (const sent of [sentByChair, sentByMember]) {
    // One ballot (sent again after a failed try offline), never with the session.
    const ballots = sent.filter((e) => e.type === "ballot.secret");
    expect(new Set(ballots.map((e) => e.id)).size).toBe(1);
    expect(ballots.every((e) => !e.signedIn && e.alone)).toBe(true);
    expect(sent.filter((e) => e.type === "token.requested")).toHaveLength(1);
    expect(
      sent.filter((e) => e.type !== "ballot.secret").every((e) => e.signedIn),
    ).toBe(true);
  }

  // The member speaks after voting: the comment names neither ballot, though both are heads.
  const said = "Remember the picket rota for Monday.";
  await m.getByLabel("Your comment").fill(said);
  await m.getByRole("button", { name: "Post", exact: true }).click();
  await m.locator("[data-testid=comment]", { hasText: said }).waitFor();

  await expect
    .poll(
      async () =>
        (await apiGet<MotionAtHub>(hub.url, `/api/motions/${motion}`, chair))
          .secret.ballots,
      { timeout: 60_000 },
    )
    .toBe(2);

  // The chair closes from the phone.
  await a.getByRole("button", { name: "Close the vote and count" }).click();
  await a
    .getByTestId("confirm-step")
    .getByRole("button", { name: "Close the vote" })
    .click();
  await a.getByTestId("result").waitFor({ timeout: 60_000 });

  const view = await apiGet<MotionAtHub>(
    hub.url,
    `/api/motions/${motion}`,
    chair,
  );
  expect(view.status).toBe("decided");
  expect(view.result?.decision).toMatchObject({
    yes: 1,
    no: 1,
    abstain: 0,
    present: 2,
  });
  expect(view.secret).toMatchObject({ requests: 2, ballots: 2 });
  expect(view.secret.registrars.map((r) => r.issued)).toEqual([2, 2]);
  // "Who voted how" is nowhere: no ballot beside a member, the count sheet names one-time keys.
  expect(view.ballots).toEqual([]);
  const members = new Set(hub.people.map((p) => p.publicKey));
  expect(view.countSheet?.counted).toHaveLength(2);
  for (const c of view.countSheet!.counted)
    expect(members.has(c.voter.id)).toBe(false);
  const ballotIds = view.countSheet!.counted.map((c) => c.ballot);
  const comment = view.comments.find((c) => c.text === said)!;
  const entry = await apiGet<{ wire: string }>(
    hub.url,
    `/api/events/${comment.id}`,
    chair,
  );
  const decoded = decodeWireEvent(Buffer.from(entry.wire, "base64url"));
  if (!decoded.ok) throw new Error("the comment does not decode");
  const deps = decoded.value.envelope.deps.map((d) => toHex(d));
  expect(deps).toContain(motion);
  for (const id of ballotIds) expect(deps).not.toContain(id);
  // Nothing on either phone keeps a ballot or its one-time key in plain: the ticket is sealed.
  const secrets = [
    ...ballotIds,
    ...view.countSheet!.counted.map((c) => c.voter.id),
  ];
  expect(await plainIn(a, secrets)).toEqual([]);
  expect(await plainIn(m, secrets)).toEqual([]);

  for (const p of [a, m]) {
    await go(p, `/motions/${motion}`);
    await stepIs(p, "counted");
    expect(await p.getByTestId("secret-vote").first().textContent()).toContain(
      "Your ballot was counted.",
    );
    // The ballots that counted are listed by one-time key, never by name; no list of ballots.
    const sheet = p.getByTestId("counted-ballots");
    await sheet.locator("summary").click();
    const rows = (await sheet.locator("tbody").textContent()) ?? "";
    expect(rows).toContain("Yes");
    expect(rows).not.toContain(chair.name);
    expect(rows).not.toContain(member.name);
    expect(await p.getByRole("heading", { name: /^Ballots \(/ }).count()).toBe(
      0,
    );
  }
  await m.screenshot({
    path: screenshotPath("secret-vote-counted.png"),
    fullPage: true,
  });
  // In Urdu, right to left: the same page in the member's language.
  await m.locator(".lang-switch select").selectOption("ur");
  await m.getByTestId("secret-notice").getByText("یہ خفیہ ووٹ ہے").waitFor();
  await stepIs(m, "counted");
  expect(await m.getByTestId("secret-vote").first().textContent()).toContain(
    "آپ کا بیلٹ گنا گیا۔",
  );
  expect(await m.evaluate("document.documentElement.dir")).toBe("rtl");
  await m.screenshot({
    path: screenshotPath("secret-vote-counted-ur.png"),
    fullPage: true,
  });
}, 480_000);
