/**
 * @module Finding things: the bodies, motions, demands and calls to action whose names or texts
 * hold every word of a query, in any of their languages, among the scopes the reader reads.
 * The hub answers `GET /api/search` with it over its fold, limited to the viewer's scopes; the
 * browser runs it over its own copy (which holds only what its key reads) when the hub is out
 * of reach — one function, so the two cannot drift. Nothing outside the reader's scopes is
 * looked at, counted or hinted at: a private assembly is found only by those who read it.
 */
import type { FoldState } from "../fold/state.js";
import type { I18nText } from "../text/i18n-text.js";

export const SEARCH_KINDS = ["body", "motion", "demand", "call"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** The longest query looked for (characters); longer ones are refused, not cut. */
export const SEARCH_QUERY_MAX = 200;
/** Hits returned when the caller does not say. */
export const SEARCH_LIMIT = 50;

export interface SearchHit {
  readonly kind: SearchKind;
  readonly id: string;
  /** A body's name; a motion's, demand's or call's title. */
  readonly title: I18nText;
  /** The body it belongs to: the body itself, a motion's body, a demand's or call's council. */
  readonly body: string;
  readonly bodyName: I18nText;
  /** When it began: a body's founding, a motion's opening, a demand's, a call's adoption. */
  readonly time: number;
  /** Where every word was found: all in the title (or name), or only with the text's help. */
  readonly found: "title" | "text";
  /** A motion's status (open, closed…); null for the other kinds. */
  readonly status: string | null;
}

export interface SearchResult {
  /** The best hits first: found in the title before found in the text, then the newest. */
  readonly hits: readonly SearchHit[];
  /** Every hit, including those past the limit. */
  readonly total: number;
}

/**
 * The form text is compared in: compatibility-normalized (so presentation forms, ligatures
 * and full-width letters match their plain letters), without combining marks (Urdu's harakat,
 * Russian's diaeresis on ё: people type them or not), lower case.
 */
export function searchForm(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLocaleLowerCase("en-US");
}

/** The words of a query in search form; empty when it has none. */
export function queryWords(query: string): string[] {
  return searchForm(query)
    .split(/[\s\p{P}]+/u)
    .filter((w) => w.length > 0);
}

function formOf(text: I18nText): string {
  return searchForm(Object.values(text).join("\n"));
}

function holdsAll(haystack: string, words: readonly string[]): boolean {
  return words.every((w) => haystack.includes(w));
}

/**
 * What in `state` matches every word of `query`, among the scopes `reads` admits. A query with
 * no words finds nothing (a search is never a way to list everything).
 */
export function searchState(
  state: FoldState,
  query: string,
  reads: (scope: string) => boolean,
  limit: number = SEARCH_LIMIT,
): SearchResult {
  const words = queryWords(query);
  if (words.length === 0) return { hits: [], total: 0 };
  const hits: SearchHit[] = [];
  const nameOf = (body: string) => state.bodies.get(body)?.name ?? {};
  const consider = (
    kind: SearchKind,
    id: string,
    title: I18nText,
    text: I18nText | null,
    body: string,
    time: number,
    status: string | null,
  ) => {
    const inTitle = formOf(title);
    let found: SearchHit["found"];
    if (holdsAll(inTitle, words)) found = "title";
    else if (text !== null && holdsAll(`${inTitle}\n${formOf(text)}`, words))
      found = "text";
    else return;
    hits.push({
      kind,
      id,
      title,
      body,
      bodyName: nameOf(body),
      time,
      found,
      status,
    });
  };

  for (const b of state.bodies.values())
    if (!b.dissolved && reads(b.id))
      consider("body", b.id, b.name, null, b.id, b.createdAt, null);
  for (const m of state.motions.values())
    if (reads(m.body))
      consider("motion", m.id, m.title, m.text, m.body, m.openedAt, m.status);
  for (const d of state.councilDemands.values())
    if (reads(d.council))
      consider("demand", d.id, d.title, d.text, d.council, d.openedAt, null);
  for (const c of state.calls.values())
    if (reads(c.council))
      consider("call", c.id, c.title, c.text, c.council, c.adoptedAt, null);

  hits.sort(
    (a, b) =>
      (a.found === b.found ? 0 : a.found === "title" ? -1 : 1) ||
      b.time - a.time ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return { hits: hits.slice(0, Math.max(0, limit)), total: hits.length };
}
