/**
 * @module The demands board: each demand with the bodies endorsing it at every level, the
 * people they represent (each person once), the path it rose along, and — for a council's
 * chairs — forwarding it further up.
 */
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { DemandView, FederationView, PathNode } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { ActionStatus, NeedsKey, useAction } from "../components/action.js";
import { ErrorNote, Loading } from "../components/status.js";
import { LangText, Num, textFor, When } from "../components/text.js";
import { useIdentity } from "../identity/identity.js";
import { Link, navigate, useLocation } from "../router.js";

function Path({ nodes }: { nodes: readonly PathNode[] }) {
  const { t } = useTranslation();
  if (nodes.length === 0) return null;
  return (
    <ul className="path">
      {nodes.map((n) => (
        <li key={`${n.body ?? n.level}-${n.time}`}>
          {n.body ? (
            <Link to={`/bodies/${n.body}`}>
              <LangText text={n.name} />
            </Link>
          ) : (
            <span className="muted">{t("demands.otherBody")}</span>
          )}{" "}
          <span className="kind">
            {t(`terms.endorseLevel.${n.level}`, { defaultValue: n.level })}
          </span>{" "}
          <span className="muted">
            <When ms={n.time} dateOnly />
          </span>
          <Path nodes={n.from} />
        </li>
      ))}
    </ul>
  );
}

function ForwardUp({ d }: { d: DemandView }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const [into, setInto] = useState<Record<string, string>>({});
  if (!d.canForward || d.forward.length === 0) return null;
  return (
    <div className="forward">
      <h4>{t("demands.forwardTitle")}</h4>
      {d.forward.map((f) => (
        <div key={f.council}>
          <LangText text={f.name} />{" "}
          {f.forwardedInto ? (
            <span className="ok">{t("demands.forwarded")}</span>
          ) : (
            <NeedsKey>
              <select
                aria-label={t("demands.as")}
                value={into[f.council] ?? ""}
                onChange={(e) =>
                  setInto((x) => ({ ...x, [f.council]: e.target.value }))
                }
              >
                <option value="">{t("demands.asNew")}</option>
                {f.existing.map((x) => (
                  <option key={x.id} value={x.id}>
                    {t("demands.endorse")} {Object.values(x.title)[0]}
                  </option>
                ))}
              </select>
              <button
                type="button"
                disabled={action.busy}
                onClick={() =>
                  void action.run(
                    () =>
                      identity.act("demand.forwarded", {
                        demand: d.id,
                        council: f.council,
                        ...(into[f.council] ? { into: into[f.council]! } : {}),
                      }),
                    t("demands.forwarded"),
                  )
                }
              >
                {t("demands.forward")}
              </button>
            </NeedsKey>
          )}
        </div>
      ))}
      <ActionStatus error={action.error} done={action.done} />
    </div>
  );
}

export default function DemandsPage() {
  const { t, i18n } = useTranslation();
  const { query } = useLocation();
  const council = query.get("council");
  const fed = useApi<FederationView>("/api/federation");
  const data = useApi<{ demands: DemandView[] }>(
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
          <li key={d.id} className="card demand" data-testid="demand">
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
                {t("demands.people")}
              </span>
              <span>
                <strong>
                  <Num value={d.bodies} />
                </strong>{" "}
                {t("demands.bodies")}
              </span>
            </p>
            <div className="table-wrap">
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
                        <Num value={l.bodies.length} />
                      </td>
                      <td>
                        <Num value={l.members} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <details>
              <summary>{t("demands.path")}</summary>
              <Path nodes={d.path} />
            </details>
            <ForwardUp d={d} />
          </li>
        ))}
      </ul>
    </>
  );
}
