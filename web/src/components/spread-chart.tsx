/**
 * @module How a call spread over the days: one stacked bar per day (bodies, members or
 * headcount by answer), drawn as SVG, time running in the reading direction, with the same
 * figures in a table for screen readers.
 */
import { useTranslation } from "react-i18next";
import type { AnswerCounts, AnswerName } from "../api/types.js";
import { useFormat } from "../i18n/format.js";
import { TableWrap } from "./table-wrap.js";

export const ANSWER_ORDER: readonly AnswerName[] = [
  "started",
  "will-join",
  "ended",
  "will-not",
];

export function SpreadChart({
  days,
  metric,
}: {
  days: readonly (AnswerCounts & { readonly day: string })[];
  metric: keyof AnswerCounts;
}) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const rtl = i18n.dir(i18n.language) === "rtl";
  // A small canvas, so the axis text stays readable when the chart fills a phone's width.
  const width = 360;
  const height = 200;
  const pad = { top: 10, bottom: 28, side: 40 };
  const totals = days.map((d) =>
    ANSWER_ORDER.reduce((s, a) => s + d[metric][a], 0),
  );
  const max = Math.max(1, ...totals);
  const band = (width - 2 * pad.side) / Math.max(1, days.length);
  const barW = Math.min(40, band * 0.6);
  const y = (v: number) =>
    pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const xOf = (i: number) => {
    const k = rtl ? days.length - 1 - i : i;
    return pad.side + band * k + (band - barW) / 2;
  };
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={t("call.chartLabel")}
      >
        {[0, 0.5, 1].map((q) => (
          <g key={q}>
            <line
              x1={pad.side}
              x2={width - pad.side}
              y1={y(max * q)}
              y2={y(max * q)}
              className="grid"
            />
            <text
              x={rtl ? width - pad.side + 6 : pad.side - 6}
              y={y(max * q) + 4}
              textAnchor={rtl ? "start" : "end"}
              className="axis"
            >
              {f.number(Math.round(max * q))}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          let acc = 0;
          return (
            <g key={d.day}>
              {ANSWER_ORDER.map((a) => {
                const v = d[metric][a];
                const top = y(acc + v);
                const h = y(acc) - top;
                acc += v;
                return v > 0 ? (
                  <rect
                    key={a}
                    x={xOf(i)}
                    y={top}
                    width={barW}
                    height={h}
                    className={`fill-${a}`}
                  />
                ) : null;
              })}
              <text
                x={xOf(i) + barW / 2}
                y={height - pad.bottom + 16}
                textAnchor="middle"
                className="axis"
              >
                {f.day(d.day)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="legend">
          {ANSWER_ORDER.map((a) => (
            <li key={a}>
              <span className={`swatch fill-${a}`} aria-hidden="true" />{" "}
              {t(`terms.answer.${a}`)}
            </li>
          ))}
        </ul>
      </figcaption>
      <details>
        <summary>{t("call.chartTable")}</summary>
        <TableWrap label={t("call.chartTable")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("call.day")}</th>
                {ANSWER_ORDER.map((a) => (
                  <th key={a} scope="col">
                    {t(`terms.answer.${a}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{f.day(d.day)}</th>
                  {ANSWER_ORDER.map((a) => (
                    <td key={a}>
                      <bdi>{f.number(d[metric][a])}</bdi>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </figure>
  );
}
