/**
 * @module The federation by level — national, regional, municipal, sectoral, then the base
 * assemblies and committees — as far as the viewer reads it: their own bodies and the
 * councils above, public bodies; a coordinator sees the councils (never an assembly). With
 * members, people represented and seats; a search over names in every language.
 */
import { useDeferredValue, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BodySummary, FederationView } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { BodyLabel } from "../components/body-label.js";
import { ErrorNote, Loading } from "../components/status.js";
import { LangText, Num, textFor, When } from "../components/text.js";
import { useFormat } from "../i18n/format.js";
import { Link } from "../router.js";

export default function FederationPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const [q, setQ] = useState("");
  const query = useDeferredValue(q.trim());
  const fed = useApi<FederationView>("/api/federation", { any: true });
  const searchId = useId();
  const needle = query.toLocaleLowerCase();
  const names = new Map<string, BodySummary>();
  for (const l of fed.data?.levels ?? [])
    for (const b of l.bodies) names.set(b.id, b);
  return (
    <>
      <h1>{t("federation.title")}</h1>
      <div className="search">
        <label htmlFor={searchId}>{t("federation.search")}</label>
        <input
          id={searchId}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
      </div>
      <ErrorNote error={fed.error} />
      {fed.loading && !fed.data ? <Loading /> : null}
      {fed.data?.call ? (
        <section className="callout">
          <h2>{t("federation.currentCall")}</h2>
          <p>
            <Link to={`/calls/${fed.data.call.call}`}>
              <LangText text={fed.data.call.title} />
            </Link>{" "}
            <span className="muted">
              {t(`terms.action.${fed.data.call.kind}`)} ·{" "}
              <When ms={fed.data.call.startsAt} />
            </span>
          </p>
        </section>
      ) : null}
      {fed.data && fed.data.levels.length === 0 ? (
        <p className="note">{t("federation.nothingVisible")}</p>
      ) : null}
      {fed.data?.levels.map((level) => {
        const bodies = level.bodies
          .filter(
            (b) =>
              !needle ||
              Object.values(b.name).some((n) =>
                n.toLocaleLowerCase().includes(needle),
              ),
          )
          .sort((a, b) =>
            textFor(a.name, i18n.language).localeCompare(
              textFor(b.name, i18n.language),
              i18n.language,
            ),
          );
        if (bodies.length === 0) return null;
        return (
          <section key={level.level} className="level">
            <h2>
              {t(`terms.levelPlural.${level.level}`)}{" "}
              <span className="count">
                (<Num value={bodies.length} />)
              </span>
            </h2>
            <ul className="bodies">
              {bodies.map((b) => (
                <li key={b.id} className={b.mine ? "mine" : undefined}>
                  <Link to={`/bodies/${b.id}`}>
                    <BodyLabel body={b} />
                  </Link>
                  <p className="meta">
                    {b.kind === "council" ? (
                      <>
                        {t("federation.represents")}{" "}
                        <Num value={b.represented} />
                      </>
                    ) : (
                      <>
                        {t("federation.members")} <Num value={b.members} />
                      </>
                    )}
                    {b.councils.map((p) => (
                      <span key={p.council}>
                        {" · "}
                        {t("federation.delegatesTo", {
                          council:
                            textFor(
                              names.get(p.council)?.name,
                              i18n.language,
                            ) || "…",
                          n: f.number(p.seats),
                          count: p.seats,
                        })}
                      </span>
                    ))}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}
