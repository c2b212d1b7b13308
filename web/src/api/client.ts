/**
 * @module Talking to the hub: JSON over fetch, the session's bearer token, the language for
 * error messages, and failures as {@link ApiError} with the hub's stable code.
 */
import i18next from "i18next";

/** A failed request: the hub's code and message (or NETWORK when the hub was not reached). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const TOKEN = "kenges.session";
let token: string | null = (() => {
  try {
    return sessionStorage.getItem(TOKEN);
  } catch {
    return null;
  }
})();
const listeners = new Set<() => void>();

/** The session token (a proven key), or null. */
export function sessionToken(): string | null {
  return token;
}

/** Sets or clears the session token; pages re-read what they show. */
export function setSessionToken(value: string | null): void {
  token = value;
  try {
    if (value === null) sessionStorage.removeItem(TOKEN);
    else sessionStorage.setItem(TOKEN, value);
  } catch {
    // No storage: the session lasts for this page.
  }
  for (const l of listeners) l();
}

/** Calls `listener` when the session changes. */
export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A JSON request to the hub. */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const url = new URL(path, location.origin);
  url.searchParams.set("lang", i18next.language || "en");
  const headers: Record<string, string> = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal: init.signal ?? null,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError("NETWORK", i18next.t("common.offline"), 0);
  }
  const body = (await response.json().catch(() => null)) as
    | (T & {
        code?: string;
        message?: string;
        details?: Record<string, unknown>;
      })
    | null;
  if (!response.ok) {
    if (response.status === 401 && body?.code === "SESSION_UNKNOWN")
      setSessionToken(null);
    throw new ApiError(
      body?.code ?? "INTERNAL",
      body?.message ?? response.statusText,
      response.status,
      body?.details ?? {},
    );
  }
  return body as T;
}
