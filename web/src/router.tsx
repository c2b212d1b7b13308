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
