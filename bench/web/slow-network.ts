/**
 * The web app on a slow network (#13): Debian's Chromium (playwright-core) at a phone's
 * viewport against the real hub (`kenges serve` on a copy of the demo), with the network and
 * the CPU throttled through a CDP session on the page (`Network.emulateNetworkConditions`,
 * `Emulation.setCPUThrottlingRate` 4×), under two "slow 3G" profiles:
 *   - DevTools' nominal Slow 3G: 400 ms round trip, 50,000 bytes/s down and up;
 *   - the adjusted one Puppeteer's PredefinedNetworkConditions calls "Slow 3G": 2,000 ms,
 *     50,000 bytes/s.
 * For each run, a fresh browser profile:
 *   1. home page, cold (no cache, no service worker) then warm (second visit, the service
 *      worker in control): first contentful paint, and when the page's main heading shows;
 *   2. a member signed in (before throttling) opens an open motion: from navigation start until
 *      its vote buttons are visible and enabled — warm, then cold (HTTP cache cleared, service
 *      worker unregistered; the key stays unlocked in its holder, a shared worker);
 *   3. (last, no throttling, a run each) reconnect: the member votes while the hub is down, the
 *      ballot waits in the outbox; the hub starts again: from its first /api/health answer until
 *      the outbox shows empty.
 * Usage: node --import tsx bench/web/slow-network.ts [--runs 5] [--reconnect-only]
 * (--reconnect-only: one run a process — the script and the page sign as one member, and a
 * second run's ballot signed offline can fork the key's chain, which freezes it.)
 * Writes bench/out/web-slow-network.json.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { CDPSession, Page } from "playwright-core";
import {
  openBrowser,
  serviceWorkerInControl,
} from "../../test/e2e/support/browser.js";
import { bodyChairedBy } from "../../test/e2e/support/demo-body.js";
import { apiAct, forgetSessions } from "../../test/e2e/support/hub-api.js";
import { ROOT, startDemoHub } from "../../test/e2e/support/hub-process.js";
import { signInAs } from "../../test/e2e/support/people.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg("runs", 5);
/** Only part 3 (reconnect): to compare outbox changes without the throttled minutes. */
const RECONNECT_ONLY = process.argv.includes("--reconnect-only");
// The demo template in the temporary directory is shared with the browser tests, sealed with
// the passphrase vitest.config.ts gives them: the same one here, or the template would not open.
process.env.KENGES_DATA_PASSPHRASE ??= "test data passphrase";
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const load = () => loadavg().map((l) => Number(l.toFixed(2)));

interface Profile {
  readonly name: string;
  readonly latency: number;
  readonly bytesPerSecond: number;
}
const PROFILES: readonly Profile[] = [
  { name: "slow-3g-devtools", latency: 400, bytesPerSecond: 50_000 },
  { name: "slow-3g-puppeteer", latency: 2_000, bytesPerSecond: 50_000 },
];
const CPU_SLOWDOWN = 4;

async function throttle(cdp: CDPSession, p: Profile | null): Promise<void> {
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: p?.latency ?? 0,
    downloadThroughput: p?.bytesPerSecond ?? -1,
    uploadThroughput: p?.bytesPerSecond ?? -1,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", {
    rate: p ? CPU_SLOWDOWN : 1,
  });
}

/**
 * Marks, in the page's own clock (ms since navigation start), when `selector` first matches a
 * visible element passing `ready` — watched from the document's start, so a late poll from
 * here never adds to the figure. A string: this package's TypeScript has no DOM types.
 */
function watchScript(mark: string, selector: string, ready = "true"): string {
  return `(() => {
    const seen = () => {
      if (window[${JSON.stringify(mark)}] !== undefined) return true;
      for (const el of document.querySelectorAll(${JSON.stringify(selector)})) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden" && (${ready})) {
          window[${JSON.stringify(mark)}] = performance.now();
          return true;
        }
      }
      return false;
    };
    new MutationObserver((_, o) => { if (seen()) o.disconnect(); })
      .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`;
}

/**
 * Polls `condition` in the page. Not page.waitForFunction: that evaluates a string in the page,
 * which the app's CSP (no 'unsafe-eval') refuses; the marks themselves are taken in the page,
 * so the poll's period never adds to a figure.
 */
async function until(page: Page, condition: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await page.evaluate(condition))) {
    if (Date.now() > deadline) throw new Error(`timed out: ${condition}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Loads `url` afresh and waits for the mark; returns it with the first contentful paint. */
async function timedLoad(
  page: Page,
  url: string,
  mark: string,
): Promise<{ fcp: number | null; mark: number; requests: number }> {
  await page.goto(url, { waitUntil: "commit", timeout: 120_000 });
  await until(page, `window[${JSON.stringify(mark)}] !== undefined`);
  return (await page.evaluate(`({
    fcp: performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint")?.startTime ?? null,
    mark: window[${JSON.stringify(mark)}],
    requests: performance.getEntriesByType("resource").length + 1,
  })`)) as { fcp: number | null; mark: number; requests: number };
}

/** The request waterfall up to `until` (ms from navigation start), for reading round trips. */
async function waterfall(page: Page): Promise<unknown> {
  return page.evaluate(`(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const rows = [{ name: location.pathname, start: 0, end: nav.responseEnd }];
    for (const e of performance.getEntriesByType("resource"))
      rows.push({ name: new URL(e.name).pathname + new URL(e.name).search, start: e.startTime, end: e.responseEnd });
    return rows.map((r) => ({ name: r.name, start: Math.round(r.start), end: Math.round(r.end) }));
  })()`);
}

const HEADING = watchScript("__kengesHeading", "main h1");
const VOTE = watchScript(
  "__kengesVote",
  ".vote-buttons button.vote-yes",
  "!el.disabled",
);

const started = new Date();
const loadAtStart = load();
log(`load at start: ${loadAtStart.join(" ")}`);
const hub = await startDemoHub();

/**
 * Waits until the hub serves the first page's scripts compressed: a hub compresses its files
 * on worker threads after it starts (src/server/web-app.ts) and sends them as they are
 * meanwhile — on a busy machine for many seconds, which would measure a hub's first moments
 * (220 KB of entry instead of 68), not the app.
 */
async function untilCompressed(): Promise<void> {
  const html = await (await fetch(`${hub.url}/`)).text();
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map(
    (m) => m[1]!,
  );
  for (const f of files)
    for (let i = 0; ; i++) {
      const r = await fetch(`${hub.url}${f}`, {
        headers: { "accept-encoding": "br" },
      });
      const bytes = (await r.arrayBuffer()).byteLength;
      // Files of 512 bytes or fewer are never compressed.
      if (r.headers.get("content-encoding") === "br" || bytes <= 512) break;
      if (i > 1_200)
        throw new Error(`${f} is still not compressed after 2 minutes`);
      await new Promise((done) => setTimeout(done, 100));
    }
}
await untilCompressed();
const body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
// The chair is a member who may vote in the crew (offline-vote.test.ts votes as the chair).
const member = body.chair;
const motion = await apiAct(hub.url, member, body.id, "motion.opened", {
  kind: "resolution",
  title: { en: "Generators for the night shift" },
  text: { en: "Every rig keeps a generator for the night shift." },
});
const keys = mkdtempSync(join(tmpdir(), "kenges-bench-keys-"));

type Sample = Record<string, number | null>;
const samples: Record<string, Sample[]> = {};
const add = (key: string, s: Sample) => {
  samples[key] ??= [];
  samples[key]!.push(s);
};
const waterfalls: Record<string, unknown> = {};
const reconnect: number[] = [];

try {
  for (let run = 1; run <= (RECONNECT_ONLY ? 0 : RUNS); run++) {
    for (const profile of PROFILES) {
      const b = await openBrowser();
      const page = b.page;
      await page.addInitScript(HEADING);
      await page.addInitScript(VOTE);
      const cdp = await b.context.newCDPSession(page);
      try {
        // 1. Home page: cold (a fresh profile), then warm (the service worker in control).
        await throttle(cdp, profile);
        const cold = await timedLoad(page, `${hub.url}/`, "__kengesHeading");
        add(`${profile.name} home cold`, { fcp: cold.fcp, heading: cold.mark });
        if (run === 1)
          waterfalls[`${profile.name} home cold`] = await waterfall(page);
        await throttle(cdp, null);
        await serviceWorkerInControl(page);
        await throttle(cdp, profile);
        const warm = await timedLoad(page, `${hub.url}/`, "__kengesHeading");
        add(`${profile.name} home warm`, { fcp: warm.fcp, heading: warm.mark });

        // 2. The motion page, as a member signed in before throttling: warm first (the
        // service worker from the home page's visits in control), then cold — an unregistered
        // worker comes back only on a later visit, so the other order would wait for it.
        await throttle(cdp, null);
        await signInAs(page, hub.url, keys, member);
        await page.goto(`${hub.url}/motions/${motion}`);
        // Unthrottled, but on a busy machine right after a restart the hub may still be folding.
        await page
          .locator(".vote-buttons button.vote-yes:enabled")
          .waitFor({ timeout: 120_000 });
        await serviceWorkerInControl(page);
        await throttle(cdp, profile);
        const mWarm = await timedLoad(
          page,
          `${hub.url}/motions/${motion}`,
          "__kengesVote",
        );
        add(`${profile.name} motion warm`, {
          fcp: mWarm.fcp,
          usable: mWarm.mark,
        });
        await throttle(cdp, null);
        await page.evaluate(
          `navigator.serviceWorker.getRegistrations().then((rs) => Promise.all(rs.map((r) => r.unregister())))`,
        );
        await cdp.send("Network.clearBrowserCache");
        await throttle(cdp, profile);
        const mCold = await timedLoad(
          page,
          `${hub.url}/motions/${motion}`,
          "__kengesVote",
        );
        add(`${profile.name} motion cold`, {
          fcp: mCold.fcp,
          usable: mCold.mark,
        });
        if (run === 1)
          waterfalls[`${profile.name} motion cold`] = await waterfall(page);
        log(
          `run ${run} ${profile.name}: home ${Math.round(cold.mark)} / ${Math.round(warm.mark)} ms, motion ${Math.round(mCold.mark)} / ${Math.round(mWarm.mark)} ms (cold / warm); load ${load().join(" ")}`,
        );
      } finally {
        await b.close();
      }
    }
  }
  // 3. Reconnect, unthrottled, last: a restarted hub is never under the throttled figures.
  const b = await openBrowser();
  try {
    await signInAs(b.page, hub.url, keys, member);
    for (let run = 1; run <= RUNS; run++) {
      reconnect.push(await timeReconnect(b.page, run));
      log(
        `reconnect ${run}: ${Math.round(reconnect.at(-1)!)} ms; load ${load().join(" ")}`,
      );
    }
  } finally {
    await b.close();
  }
} finally {
  await hub.stop();
}

/**
 * The member votes on a fresh motion while the hub is down; once it starts again, the time
 * from its first /api/health answer (polled every 20 ms from here) until the page's outbox
 * line is gone (marked in the page, by the wall clock both share).
 */
async function timeReconnect(page: Page, run: number): Promise<number> {
  // The browser's sign-ins as the same member may have replaced this script's session.
  forgetSessions(hub.url);
  const fresh = await apiAct(hub.url, member, body.id, "motion.opened", {
    kind: "resolution",
    title: { en: `Reconnect ${run}` },
    text: { en: "A ballot cast while the hub is down." },
  });
  await page.goto(`${hub.url}/motions/${fresh}`);
  const yes = page.locator(".vote-buttons button.vote-yes:enabled");
  await yes.waitFor({ timeout: 120_000 });
  let healthy = 0;
  let polling = true;
  let poll: Promise<void> = Promise.resolve();
  await hub.restart(async () => {
    // Asked only once the hub has exited: a question answered just before it stops would
    // date the return before the stop (as it did, on a busy machine, before 2026-12-07 06:30).
    poll = (async () => {
      while (polling && !healthy) {
        try {
          if ((await fetch(`${hub.url}/api/health`)).ok) healthy = Date.now();
        } catch {
          // Down: ask again.
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await yes.click();
    await page.getByTestId("ballot-waiting").waitFor();
    await page.getByTestId("outbox-waiting").waitFor();
    await page.evaluate(`(() => {
      window.__kengesOutboxEmpty = undefined;
      const empty = () => !document.querySelector('[data-testid="outbox-waiting"]');
      new MutationObserver((_, o) => {
        if (empty()) { window.__kengesOutboxEmpty = Date.now(); o.disconnect(); }
      }).observe(document, { subtree: true, childList: true });
    })()`);
  });
  // The restarted hub forgot every session, this script's too (the page signs in again itself).
  forgetSessions(hub.url);
  await until(page, "window.__kengesOutboxEmpty !== undefined");
  polling = false;
  await poll;
  const empty = (await page.evaluate("window.__kengesOutboxEmpty")) as number;
  if (run === 1) {
    // The page's requests around the return, in ms from the hub's first health answer.
    const origin = (await page.evaluate("performance.timeOrigin")) as number;
    waterfalls.reconnect = (
      (await waterfall(page)) as { name: string; start: number; end: number }[]
    )
      .map((r) => ({
        ...r,
        start: Math.round(r.start + origin - healthy),
        end: Math.round(r.end + origin - healthy),
      }))
      .filter((r) => r.end > -3_000);
  }
  return empty - healthy;
}

const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const stats = (xs: readonly number[]) => ({
  median: Math.round(quantile(xs, 0.5)),
  p95: Math.round(quantile(xs, 0.95)),
  n: xs.length,
});
const figures: Record<string, Record<string, ReturnType<typeof stats>>> = {};
for (const [key, list] of Object.entries(samples)) {
  figures[key] = {};
  for (const measure of Object.keys(list[0]!)) {
    const xs = list.map((s) => s[measure]).filter((x) => x != null);
    if (xs.length) figures[key]![measure] = stats(xs as number[]);
  }
}
figures["reconnect (no throttling) health → outbox empty"] = {
  ms: stats(reconnect),
};
const result = {
  started: started.toISOString(),
  ended: new Date().toISOString(),
  runs: RUNS,
  loadavg: { start: loadAtStart, end: load() },
  profiles: PROFILES,
  cpuSlowdown: CPU_SLOWDOWN,
  viewport: "412×900",
  figures,
  samples,
  reconnect,
  waterfalls,
};
for (const [key, f] of Object.entries(figures))
  console.log(
    `${key}: ${Object.entries(f)
      .map(([m, s]) => `${m} median ${s.median} ms, p95 ${s.p95} ms (n ${s.n})`)
      .join("; ")}`,
  );
console.log(`load: start ${loadAtStart.join(" ")}, end ${load().join(" ")}`);
mkdirSync(join(ROOT, "bench", "out"), { recursive: true });
writeFileSync(
  join(ROOT, "bench", "out", "web-slow-network.json"),
  `${JSON.stringify(result, null, 2)}\n`,
);
