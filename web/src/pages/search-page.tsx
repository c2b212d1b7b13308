/**
 * @module Finding things: bodies, motions, demands and calls to action the member may read,
 * by every word of a query in any language. From the hub (`/api/search`) while it answers;
 * from this browser's own copy, by the same function (core's `searchState`), when it does not.
 * Nothing private is ever listed to someone outside it: a person who is in no body yet is told
 * how to get in (an invite from a member), never shown a list of assemblies.
 */
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SearchHit, SearchView } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { ErrorNote, Loading } from "../components/status.js";
import { LangText, When } from "../components/text.js";
import { useFormat } from "../i18n/format.js";
import { useIdentity } from "../identity/identity.js";
import { useLocalChecks } from "../offline/local-fold.js";
import { useOfflineStatus } from "../offline/status.js";
import { Link, navigate, useLocation } from "../router.js";

/** Where a hit is read and acted on. */
function linkOf(hit: SearchHit): string {
  switch (hit.kind) {
    case "body":
      return `/bodies/${hit.id}`;
    case "motion":
      return `/motions/${hit.id}`;
    case "demand":
      return `/demands?council=${hit.body}`;
    case "call":
      return `/calls/${hit.id}`;
  }
}

function Hit({ hit }: { hit: SearchHit }) {
  const { t } = useTranslation();
  return (
    <li
      className="card search-hit"
      data-testid="search-hit"
      data-kind={hit.kind}
      data-id={hit.id}
    >
      <p className="meta">
        <span className="tag">{t(`search.kind.${hit.kind}`)}</span>
        {hit.status !== null ? (
          <>
            {" · "}
            {t(`terms.status.${hit.status}`, { defaultValue: hit.status })}
          </>
        ) : null}
        {" · "}
        <When ms={hit.time} dateOnly />
      </p>
      <h2>
        <Link to={linkOf(hit)}>
          <LangText text={hit.title} />
        </Link>
      </h2>
      {hit.kind !== "body" ? (
        <p className="meta">
          <Link to={`/bodies/${hit.body}`}>
            <LangText text={hit.bodyName} />
          </Link>
        </p>
      ) : null}
      {hit.found === "text" ? (
        <p className="hint">{t("search.foundInText")}</p>
      ) : null}
    </li>
  );
}

export default function SearchPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { query } = useLocation();
  const q = (query.get("q") ?? "").trim();
  const [typed, setTyped] = useState(q);
  // A link or the back button changes the query: the field follows.
  useEffect(() => setTyped(q), [q]);
  const inputId = useId();
  const identity = useIdentity();
  const checks = useLocalChecks();
  const { reachable } = useOfflineStatus();
  const local = !reachable && checks !== null;
  const hub = useApi<SearchView>(
    q !== "" && !local ? `/api/search?q=${encodeURIComponent(q)}` : null,
    { any: true },
  );
  const found: SearchView | null =
    q === "" ? null : local ? checks.search(q) : hub.data;
  return (
    <>
      <h1>{t("search.title")}</h1>
      <form
        className="search"
        onSubmit={(e) => {
          e.preventDefault();
          const next = typed.trim();
          navigate(
            next === "" ? "/search" : `/search?q=${encodeURIComponent(next)}`,
            true,
          );
        }}
      >
        <label htmlFor={inputId}>{t("search.label")}</label>
        <input
          id={inputId}
          type="search"
          name="q"
          value={typed}
          maxLength={200}
          onChange={(e) => setTyped(e.target.value)}
        />
        <button type="submit">{t("search.go")}</button>
      </form>
      {q === "" ? <p className="hint">{t("search.hint")}</p> : null}
      {local && q !== "" ? (
        <p className="hint" data-testid="search-from-copy">
          {t("search.fromCopy")}
        </p>
      ) : null}
      {!local ? <ErrorNote error={hub.error} /> : null}
      {q !== "" && found === null && hub.error === null ? <Loading /> : null}
      {found !== null ? (
        <section
          aria-live="polite"
          data-testid="search-results"
          data-source={local ? "copy" : "hub"}
        >
          {found.total === 0 ? (
            <div className="note" data-testid="search-empty">
              <p>{t("search.none", { q })}</p>
              {/* Someone in no body yet: how to get in, never a list of assemblies. */}
              {identity.me === null || identity.me.bodies.length === 0 ? (
                <p>{t("search.howToJoin")}</p>
              ) : null}
            </div>
          ) : (
            <p className="meta" data-testid="search-count">
              {found.total > found.hits.length
                ? t("search.someOf", {
                    count: found.total,
                    n: f.number(found.total),
                    shown: f.number(found.hits.length),
                  })
                : t("search.found", {
                    count: found.total,
                    n: f.number(found.total),
                  })}
            </p>
          )}
          <ul className="search-hits">
            {found.hits.map((h) => (
              <Hit key={`${h.kind} ${h.id}`} hit={h} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
