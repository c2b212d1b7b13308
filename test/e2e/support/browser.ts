/** Debian's Chromium through playwright-core, launched as toolchain.md says, with a fresh profile. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export interface TestBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A phone-sized browser with its own profile (storage starts empty). */
export async function openBrowser(
  options: {
    width?: number;
    height?: number;
    locale?: string;
    /** More Chromium switches (e.g. trusting a hub's certificate by its key). */
    args?: readonly string[];
  } = {},
): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "kenges-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: [...ARGS, ...(options.args ?? [])],
    headless: true,
    viewport: { width: options.width ?? 412, height: options.height ?? 900 },
    deviceScaleFactor: 1,
    locale: options.locale ?? "en-GB",
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the page's service worker is active and controls the page (strings: no DOM types here). */
export async function serviceWorkerInControl(page: Page): Promise<void> {
  await page.evaluate(`(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise((r) =>
        navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }),
      );
  })()`);
}

/** One Chromium holding several people's devices, each its own context (storage starts empty). */
export interface TestDevices {
  open(options?: { width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * One browser for many devices: a meeting needs three phones and a projector, and four
 * Chromium processes are too many for a busy two-core machine.
 */
export async function openDevices(
  options: {
    /** More Chromium switches (e.g. trusting a LAN hub's certificate by its key). */
    args?: readonly string[];
  } = {},
): Promise<TestDevices> {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [...ARGS, ...(options.args ?? [])],
    headless: true,
  });
  return {
    async open(options = {}) {
      const context = await browser.newContext({
        viewport: {
          width: options.width ?? 412,
          height: options.height ?? 900,
        },
        deviceScaleFactor: 1,
        locale: "en-GB",
      });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      return page;
    },
    async close() {
      await browser.close();
    },
  };
}
