/**
 * @module Noticing that the hub is back. While an action waits because the hub could not be
 * reached at all, the outbox's own retries back off (2 s doubling, web/src/offline/engine.ts),
 * so a hub that returns would wait out the rest of a pause. Meanwhile this asks
 * `/api/health` — a few bytes, nothing of the member's — every second while the page is in
 * view (every 15 s while hidden), one question at a time, and calls back at its first answer.
 */

const VISIBLE_EVERY_MS = 1_000;
const HIDDEN_EVERY_MS = 15_000;
/** A hub address with nobody behind it may never answer: a question is given up after this. */
const ASK_TIMEOUT_MS = 10_000;

/** Calls `onBack` once, when the hub answers again; returns the stop. */
export function watchForHub(onBack: () => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const later = () => {
    timer = setTimeout(
      ask,
      document.visibilityState === "visible"
        ? VISIBLE_EVERY_MS
        : HIDDEN_EVERY_MS,
    );
  };
  const ask = async () => {
    timer = null;
    try {
      const r = await fetch("/api/health", {
        cache: "no-store",
        signal: AbortSignal.timeout(ASK_TIMEOUT_MS),
      });
      // An answer the service worker kept is not the hub (it keeps no health answers, but
      // its offline mark is checked rather than assumed).
      if (r.ok && r.headers.get("x-kenges-offline") === null && !stopped) {
        stopped = true;
        onBack();
        return;
      }
    } catch {
      // Still unreachable.
    }
    if (!stopped) later();
  };
  later();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
  };
}
