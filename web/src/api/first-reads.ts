/**
 * @module The reads a page makes first, by its path (pure: main.tsx starts them as the app
 * starts, before anything renders). On slow 3G a page's first read otherwise leaves only
 * after the language's words have arrived, the shell has rendered and the page's chunk has
 * run — a second later, on a phone throttled 4× (docs/benchmarks.md, "Web app on a slow
 * network"). Each path here must be exactly the one the page's `useApi` asks for: a read
 * started early is used only by the request for the same path (client.ts).
 */
import { routeOf } from "../routes.js";

/** The hub reads the page at `pathname` (with `search`) makes first, beside the shell's own. */
export function firstReadsOf(pathname: string, search: string): string[] {
  const { page, id } = routeOf(pathname);
  const query = new URLSearchParams(search);
  switch (page) {
    case "home":
    case "calls":
      return ["/api/calls"];
    case "federation":
    case "demands":
      return ["/api/federation"];
    case "body":
      return [`/api/bodies/${id}`];
    case "plan":
      return [`/api/bodies/${id}/plan`, `/api/bodies/${id}`];
    case "motion":
      return [`/api/motions/${id}`];
    case "meeting":
    case "projector":
      return [`/api/meetings/${id}`];
    // Read for another council when the path names one (the pages add `?council=`).
    case "call":
      return query.has("council") ? [] : [`/api/calls/${id}`];
    case "delegate":
      return query.has("council") ? [] : [`/api/delegates/${id}`];
    default:
      return [];
  }
}
