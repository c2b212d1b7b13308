/**
 * @module A small router over the History API: the path decides the page; links navigate
 * without reloading (the key stays unlocked in memory), the back button works.
 */
import type { AnchorHTMLAttributes, MouseEvent, ReactNode } from "react";
import { useSyncExternalStore } from "react";
import { safeNext } from "./routes.js";

export { type Route, routeOf, safeNext } from "./routes.js";

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

/**
 * Sets (or, with null, removes) one query parameter of the current page in place: no new
 * history entry and no scroll, for a setting the page reads from its address (so a link keeps
 * it, and a reload).
 */
export function setQueryParam(name: string, value: string | null): void {
  const url = new URL(location.href);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  history.replaceState(history.state, "", `${url.pathname}${url.search}`);
  window.dispatchEvent(new Event(CHANGED));
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

/** The identity page, returning afterwards to the page shown now. */
export function identityReturning(): string {
  const here = safeNext(current());
  return here === null
    ? "/identity"
    : `/identity?next=${encodeURIComponent(here)}`;
}
