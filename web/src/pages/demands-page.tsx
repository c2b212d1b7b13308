/**
 * @module The demands board: the demands on the councils the viewer reads, each with the
 * bodies and people behind it by level as that council sees it (each body once, people
 * counted where they are members), the bodies right below that carried it (by their cards),
 * the councils above it went on to — and, for the council's attesters, carrying it further up.
 */
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { DemandList, FederationView } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { CarryUp } from "../components/carry-to.js";
import { ErrorNote, Loading } from "../components/status.js";
import { TableWrap } from "../components/table-wrap.js";
import { LangText, Num, textFor, When } from "../components/text.js";
import { Link, navigate, useLocation } from "../router.js";

export default function DemandsPage() {
  const { t, i18n } = useTranslation();
  const { query } = useLocation();
  const council = query.get("council");
  const fed = useApi<FederationView>("/api/federation");
  const data = useApi<DemandList>(
    council ? `/api/demands?council=${council}` : "/api/demands",
    { any: true },
  );
  const selectId = useId();
  const councils = (fed.data?.levels ?? [])
    .filter((l) => l.level !== "base")
    .flatMap((l) => l.bodies);
  return (
    <>
      <h1>{t("demands.title")}</h1>
      <div className="search">
        <label htmlFor={selectId}>{t("demands.council")}</label>
        <select
          id={selectId}
          value={council ?? ""}
          onChange={(e) =>
            navigate(
              e.target.value
                ? `/demands?council=${e.target.value}`
                : "/demands",
              true,
            )
          }
        >
          <option value="">{t("demands.allCouncils")}</option>
          {councils.map((c) => (
            <option key={c.id} value={c.id}>
              {textFor(c.name, i18n.language)}
            </option>
          ))}
        </select>
      </div>
      <ErrorNote error={data.error} />
      {data.loading && !data.data ? <Loading /> : null}
      {data.data && data.data.demands.length === 0 ? (
        <p className="note">{t("demands.none")}</p>
      ) : null}
      <ul className="demands">
        {data.data?.demands.map((d) => (
          <li
            key={d.id}
            className="card demand"
            data-testid="demand"
            data-council={d.council}
          >
            <h2>
              <LangText text={d.title} />
            </h2>
            <p className="meta">
              <Link to={`/bodies/${d.council}`}>
                <LangText text={d.councilName} />
              </Link>{" "}
              · <When ms={d.openedAt} dateOnly />
            </p>
            <p className="big-numbers">
              <span>
                <strong>
                  <Num value={d.members} />
                </strong>{" "}
                {t("demands.peopleAfterCount", { count: d.members })}
              </span>
              <span>
                <strong>
                  <Num value={d.bodies} />
                </strong>{" "}
                {t("demands.bodiesAfterCount", { count: d.bodies })}
              </span>
            </p>
            <TableWrap label={t("demands.byLevel")}>
              <table>
                <caption className="visually-hidden">
                  {t("demands.byLevel")}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("demands.level")}</th>
                    <th scope="col">{t("demands.bodies")}</th>
                    <th scope="col">{t("demands.people")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.levels.map((l) => (
                    <tr key={l.level} data-level={l.level}>
                      <th scope="row">
                        {t(`terms.endorseLevel.${l.level}`, {
                          defaultValue: l.level,
                        })}
                      </th>
                      <td>
                        <Num value={l.bodies} />
                      </td>
                      <td>
                        <Num value={l.members} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <details>
              <summary>{t("demands.path")}</summary>
              <ul className="path" data-testid="demand-forwards">
                {d.forwards.map((f) => (
                  <li key={f.event}>
                    {f.card ? (
                      <LangText text={f.card.name} />
                    ) : (
                      <span className="muted">{t("demands.otherBody")}</span>
                    )}{" "}
                    <span className="muted">
                      <When ms={f.time} dateOnly />
                    </span>
                  </li>
                ))}
              </ul>
            </details>
            <CarryUp
              body={d.council}
              demand={d.id}
              carried={d.carried}
              card={false}
            />
          </li>
        ))}
      </ul>
    </>
  );
}
