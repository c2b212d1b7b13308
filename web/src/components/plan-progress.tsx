/**
 * @module Progress against the plan in force (#15), as the hub reckons it (the plan view's
 * `monitor`, core's planMonitor — what `kenges plan monitor --body` prints): per process, what
 * was due by now and what was made, as a bar and as numbers in the reader's own way, and how
 * far off plan — an exception said in words ("Under plan"), never by colour alone, and listed
 * first. Processes with something due and no report are listed apart: silence is not a
 * shortfall. The reader may set how far off plan is an exception (`kenges plan monitor
 * --threshold`): a percentage kept in the page's address (`?threshold=5`), each row's exception
 * re-judged from its deviation by planning's own rule (flagDeviation).
 */
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { flagDeviation } from "../../../src/planning/check.js";
import type { PlanMonitor } from "../api/types.js";
import { useFormat } from "../i18n/format.js";
import { setQueryParam, useLocation } from "../router.js";
import { TableWrap } from "./table-wrap.js";

/** The query parameter that holds the reader's threshold, in percent. */
const THRESHOLD_PARAM = "threshold";

/** A threshold in percent as typed: a number from 0 to 100 (a comma as decimal mark too), or null. */
function percentOf(text: string | null): number | null {
  if (text === null || text.trim() === "") return null;
  const v = Number(text.trim().replace(",", "."));
  return Number.isFinite(v) && v >= 0 && v <= 100 ? v : null;
}

/** A quantity: whole from a hundred up, else to two decimals at most. */
function useAmount(): (v: number) => string {
  const f = useFormat();
  return (v) =>
    f.number(Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100);
}

/** The exceptions first, the rest in the hub's order (sort is stable). */
const offFirst = <T extends { exception: string | null }>(rows: readonly T[]) =>
  [...rows].sort(
    (a, b) => (a.exception === null ? 1 : 0) - (b.exception === null ? 1 : 0),
  );

export function PlanProgress({ monitor }: { monitor: PlanMonitor | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  const amount = useAmount();
  const title = t("plan.progress");
  const { query } = useLocation();
  const asked = percentOf(query.get(THRESHOLD_PARAM));
  // What the field holds as typed (it may be half typed, or wrong, for a moment).
  const [typed, setTyped] = useState<string | null>(null);
  const fieldId = useId();
  if (monitor === null)
    return (
      <section className="card" data-testid="plan-progress">
        <h2>{title}</h2>
        <p className="muted">{t("plan.noProgress")}</p>
      </section>
    );
  // A sign only where the whole percentage has one ("+0 %" says nothing).
  const signed = (d: number) =>
    `${Math.round(d * 100) > 0 ? "+" : ""}${f.percent(Math.round(d * 100) === 0 ? 0 : d)}`;
  // A council's aggregate process ("fuel (Zhanaozen)") in words; a workplace's by its name.
  const where = (p: { name: string; product: string; region: string }) =>
    p.name === `${p.product} (${p.region})` ? t("plan.productIn", p) : p.name;
  const threshold = asked === null ? monitor.threshold : asked / 100;
  // Nothing due and something made is over any threshold, nothing made within it: the hub's
  // word stands where there is no deviation to judge.
  const processes = monitor.processes.map((p) => ({
    ...p,
    exception:
      p.deviation === null
        ? p.exception
        : flagDeviation(p.deviation, threshold),
  }));
  const shownThreshold =
    typed ?? String(Math.round(threshold * 100 * 100) / 100);
  const onThreshold = (text: string) => {
    setTyped(text);
    const v = percentOf(text);
    if (v !== null) setQueryParam(THRESHOLD_PARAM, String(v));
  };
  return (
    <section className="card" data-testid="plan-progress">
      <h2>{title}</h2>
      <p className="hint">
        {t("plan.progressHint", {
          label: monitor.label,
          elapsed: f.percent(monitor.elapsed),
          threshold: f.percent(threshold),
        })}
      </p>
      <div className="field plan-threshold">
        <label htmlFor={fieldId}>{t("plan.threshold")}</label>
        <input
          id={fieldId}
          type="text"
          inputMode="decimal"
          dir="ltr"
          size={6}
          value={shownThreshold}
          aria-describedby={`${fieldId}-hint`}
          aria-invalid={typed !== null && percentOf(typed) === null}
          onChange={(e) => onThreshold(e.target.value)}
          data-testid="plan-threshold"
        />
        <p className="hint" id={`${fieldId}-hint`}>
          {typed !== null && percentOf(typed) === null
            ? t("plan.thresholdInvalid")
            : t("plan.thresholdHint")}
        </p>
      </div>
      {processes.length === 0 ? null : (
        <TableWrap label={title}>
          <table className="plan-progress">
            <thead>
              <tr>
                <th scope="col">{t("plan.progressProcess")}</th>
                <th scope="col">{t("plan.progressMade")}</th>
                <th scope="col">{t("plan.progressOff")}</th>
                <th scope="col">{t("plan.progressStatus")}</th>
              </tr>
            </thead>
            <tbody>
              {offFirst(processes).map((p) => {
                const share = p.due > 0 ? p.reported / p.due : 1;
                return (
                  <tr
                    key={p.name}
                    data-testid="plan-progress-row"
                    data-process={p.name}
                    data-exception={p.exception ?? "none"}
                  >
                    <th scope="row">
                      <bdi>{where(p)}</bdi>
                    </th>
                    <td>
                      <span
                        className="bar-track progress-track"
                        aria-hidden="true"
                      >
                        <span
                          className="bar-fill"
                          style={{
                            inlineSize: `${Math.round(Math.min(1, share) * 100)}%`,
                          }}
                        />
                      </span>
                      <bdi data-testid="plan-progress-made">
                        {t("plan.madeOfDue", {
                          made: amount(p.reported),
                          due: amount(p.due),
                          planned: amount(p.planned),
                        })}
                      </bdi>
                    </td>
                    <td>
                      <bdi dir="ltr">
                        {p.deviation === null ? "—" : signed(p.deviation)}
                      </bdi>
                    </td>
                    <td>
                      {p.exception === null ? (
                        <span className="ok">{t("plan.onPlan")}</span>
                      ) : (
                        <strong className="warn">
                          {t(`plan.exception.${p.exception}`)}
                        </strong>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      {monitor.silent.length === 0 ? null : (
        <>
          <h3>{t("plan.silent")}</h3>
          <p className="hint">{t("plan.silentHint")}</p>
          <ul className="list" data-testid="plan-silent">
            {monitor.silent.map((p) => (
              <li key={p.name}>
                <bdi>{where(p)}</bdi>
                {t("common.separator")}
                {t("plan.dueOfPlanned", {
                  due: amount(p.due),
                  planned: amount(p.planned),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
