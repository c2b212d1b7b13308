/**
 * @module A small router over the History API: the path decides the page; links navigate
 * without reloading (the key stays unlocked in memory), the back button works.
 */
import type { AnchorHTMLAttributes, MouseEvent, ReactNode } from "react";
import { useSyncExternalStore } from "react";

const CHANGED = "kenges:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

const current = () => `${location.pathname}${location.search}`;

/** The current path and query, re-rendering on navigation. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, current, current);
  const url = new URL(href, location.origin);
  return { path: url.pathname, query: url.searchParams };
}

/** Goes to a path inside the app. */
export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  window.dispatchEvent(new Event(CHANGED));
  window.scrollTo(0, 0);
}

/** A link inside the app. */
export function Link({
  to,
  children,
  ...rest
}: {
  to: string;
  children: ReactNode;
} & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
      return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}

/**
 * The page to return to after unlocking or bringing a key, from `?next=`: a path of this app
 * only (never another site, never the identity page itself); null otherwise.
 */
export function safeNext(next: string | null): string | null {
  if (next === null || !next.startsWith("/") || /^\/[/\\]/.test(next))
    return null;
  const url = new URL(next, "https://app.invalid");
  if (url.origin !== "https://app.invalid") return null;
  const route = routeOf(url.pathname);
  if (route.page === "not-found" || route.page === "identity") return null;
  return `${url.pathname}${url.search}`;
}

/** The identity page, returning afterwards to the page shown now. */
export function identityReturning(): string {
  const here = safeNext(current());
  return here === null
    ? "/identity"
    : `/identity?next=${encodeURIComponent(here)}`;
}

/** A route: a page name and the ids in its path. */
export interface Route {
  readonly page:
    | "home"
    | "identity"
    | "add-device"
    | "join"
    | "federation"
    | "body"
    | "audit"
    | "motion"
    | "delegate"
    | "demands"
    | "calls"
    | "call"
    | "hub-audit"
    | "not-found";
  readonly id: string | null;
}

const PATTERNS: readonly [RegExp, Route["page"]][] = [
  [/^\/$/, "home"],
  [/^\/identity$/, "identity"],
  [/^\/add-device$/, "add-device"],
  [/^\/join\/([0-9a-f]{64})$/, "join"],
  [/^\/federation$/, "federation"],
  [/^\/bodies\/([0-9a-f]{64})$/, "body"],
  [/^\/bodies\/([0-9a-f]{64})\/audit$/, "audit"],
  [/^\/motions\/([0-9a-f]{64})$/, "motion"],
  [/^\/delegates\/([0-9a-f]{64})$/, "delegate"],
  [/^\/demands$/, "demands"],
  [/^\/calls$/, "calls"],
  [/^\/calls\/([0-9a-f]{64})$/, "call"],
  [/^\/audit$/, "hub-audit"],
];

/** The route of a path. */
export function routeOf(path: string): Route {
  for (const [re, page] of PATTERNS) {
    const m = re.exec(path);
    if (m) return { page, id: m[1] ?? null };
  }
  return { page: "not-found", id: null };
}
