/**
 * @module Reading from the hub in a page: the data, the error, a reload; pages that name
 * the scopes they show are reloaded when the live feed says those changed (and every page
 * when what the key reads changed).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api, onSessionChange, readsWaiting } from "./client.js";
import { useLiveChanges, type Watch } from "./live.js";

export interface Loaded<T> {
  readonly data: T | null;
  readonly error: ApiError | null;
  readonly loading: boolean;
  reload(): void;
}

/** Loads `path` (null: nothing yet), again on session changes and on live news for `watch`. */
export function useApi<T>(path: string | null, watch: Watch = {}): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const shown = useRef<string | null>(null);
  // A session made while reads wait for it (a tab opening, client.ts) needs no second read.
  useEffect(
    () =>
      onSessionChange(() => {
        if (!readsWaiting()) reload();
      }),
    [reload],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` re-runs the load on purpose (reload, live news).
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    // Keep showing the old data while a reload runs; clear it when the page changes.
    if (shown.current !== path) {
      setData(null);
      setLoading(true);
    }
    shown.current = path;
    api<T>(path, { signal: controller.signal }).then(
      (d) => {
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (e instanceof DOMException && e.name === "AbortError") return;
        setError(
          e instanceof ApiError ? e : new ApiError("INTERNAL", String(e), 0),
        );
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [path, tick]);
  useLiveChanges(watch, reload);
  return { data, error, loading, reload };
}
