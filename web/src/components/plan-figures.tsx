/**
 * @module A plan's figures as a council reads them (#15): satisfaction (met ÷ declared) by tier
 * and by region, capacity used per process, hours by skill, what holds needs back and what one
 * more unit of it would add — as bars drawn in CSS with every number beside them as text in the
 * reader's own way (their inline direction follows the page, so Urdu's bars grow from the
 * right); and the variants of a plan motion side by side in one table. The hub reads the figures
 * from the carried plan (GET /api/bodies/:id/plan, /api/motions/:id): no solver in the app.
 */
import { useTranslation } from "react-i18next";
import type { PlanFigures } from "../api/types.js";
import { useFormat } from "../i18n/format.js";
import { TableWrap } from "./table-wrap.js";

type Bottleneck = PlanFigures["bottlenecks"][number]["constraint"];

/** A bar of a fraction (clamped to 0 … 1) with its text beside it. */
function FigureBar({
  label,
  fraction,
  text,
  testId,
}: {
  label: string;
  fraction: number;
  text: string;
  testId?: string;
}) {
  const width = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="bar plan-bar" data-testid={testId}>
      <span className="bar-label">
        <bdi>{label}</bdi>
      </span>
      <span className="bar-track" aria-hidden="true">
        <span className="bar-fill" style={{ inlineSize: `${width}%` }} />
      </span>
      <span className="bar-value">
        <bdi>{text}</bdi>
      </span>
    </div>
  );
}

/** What holds a need back, in the reader's words. */
export function useHeldWords(): (h: Bottleneck) => string {
  const { t } = useTranslation();
  return (h) =>
    t(`plan.held.${h.kind}`, {
      skill: h.skill ?? "",
      process: h.process ?? "",
      product: h.product ?? "",
      tier: h.tier ? t(`plan.tier.${h.tier}`) : "",
    });
}

/** A share as a whole percentage, "80 %" as the language writes it. */
function usePercent(): (share: number) => string {
  const f = useFormat();
  return (share) => f.percent(Math.max(0, share));
}

/** A quantity: whole from a hundred up, else to two decimals at most. */
function useAmount(): (v: number) => string {
  const f = useFormat();
  return (v) =>
    f.number(Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100);
}

/** The plan in force, as charts: satisfaction, utilisation, hours, bottlenecks, prices. */
export function PlanCharts({ figures }: { figures: PlanFigures }) {
  const { t } = useTranslation();
  const percent = usePercent();
  const amount = useAmount();
  const held = useHeldWords();
  const f = useFormat();
  const tier = (x: string) => t(`plan.tier.${x}`);
  const region = (r: string) => (r === "" ? t("plan.everywhere") : r);
  return (
    <>
      <section className="card" data-testid="plan-by-tier">
        <h3>{t("plan.byTier")}</h3>
        <p className="hint">{t("plan.byTierHint")}</p>
        {figures.tiers.map((x) => (
          <div key={x.tier}>
            <FigureBar
              label={t("plan.tierMean", { tier: tier(x.tier) })}
              fraction={x.meanShare}
              text={percent(x.meanShare)}
              testId="plan-tier-mean"
            />
            <FigureBar
              label={t("plan.tierGuarantee", { tier: tier(x.tier) })}
              fraction={x.guarantee}
              text={percent(x.guarantee)}
            />
          </div>
        ))}
      </section>
      <section className="card" data-testid="plan-by-region">
        <h3>{t("plan.byRegion")}</h3>
        {figures.regions.map((r) => (
          <FigureBar
            key={`${r.tier} ${r.region}`}
            label={t("plan.regionRow", {
              tier: tier(r.tier),
              region: region(r.region),
            })}
            fraction={r.share}
            text={percent(r.share)}
            testId="plan-region"
          />
        ))}
      </section>
      <section className="card" data-testid="plan-utilisation">
        <h3>{t("plan.utilisation")}</h3>
        <p className="hint">{t("plan.utilisationHint")}</p>
        {figures.processes.map((p) => (
          <FigureBar
            key={p.name}
            label={p.name}
            fraction={
              p.capacity === null || p.capacity === 0 ? 0 : p.runs / p.capacity
            }
            text={
              p.capacity === null
                ? t("plan.runsNoLimit", { runs: amount(p.runs) })
                : t("plan.runsOf", {
                    runs: amount(p.runs),
                    capacity: amount(p.capacity),
                    percent: percent(
                      p.capacity === 0 ? 0 : p.runs / p.capacity,
                    ),
                  })
            }
            testId="plan-process-use"
          />
        ))}
        {figures.labour.map((l) => (
          <FigureBar
            key={l.skill}
            label={t("plan.labourRow", { skill: l.skill })}
            fraction={l.available === 0 ? 0 : l.used / l.available}
            text={t("plan.hoursOf", {
              used: amount(l.used),
              available: amount(l.available),
            })}
            testId="plan-labour-use"
          />
        ))}
        <p className="meta">
          {t("plan.totalHours")} <bdi>{amount(figures.totalHours)}</bdi>
        </p>
      </section>
      <section className="card" data-testid="plan-bottlenecks">
        <h3>{t("plan.bottlenecks")}</h3>
        {figures.bottlenecks.length === 0 ? (
          <p className="ok">{t("plan.noBottlenecks")}</p>
        ) : (
          <ul>
            {figures.bottlenecks.map((b) => (
              <li key={b.name} data-testid="plan-bottleneck">
                <bdi>{held(b.constraint)}</bdi>
                {" — "}
                {t("plan.heldNeeds", { count: f.number(b.needs) })}
              </li>
            ))}
          </ul>
        )}
        {figures.prices.length > 0 ? (
          <>
            <h4>{t("plan.prices")}</h4>
            <p className="hint">{t("plan.pricesHint")}</p>
            <ul>
              {figures.prices.map((p) => (
                <li key={`${p.kind} ${p.name}`} data-testid="plan-price">
                  <bdi>{t(`plan.price.${p.kind}`, { name: p.name })}</bdi>
                  {": "}
                  {(["basic", "standard", "extra"] as const)
                    .filter((x) => p.prices[x] !== undefined)
                    .map((x) =>
                      t("plan.pricePoints", {
                        tier: tier(x),
                        points: f.number(
                          Math.round(p.prices[x]! * 100 * 100) / 100,
                        ),
                      }),
                    )
                    .join(t("common.separator"))}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </>
  );
}

/**
 * A plan motion's variants side by side: on a wide screen a table, a column per variant and a
 * row per figure; on a phone (too narrow for even two columns of "16 of 16 hours" beside the
 * figures' names) a card per variant, stacked, each listing the same figures in the same
 * order. One is shown, the other is display: none (so also hidden from screen readers).
 */
export function VariantsSideBySide({
  variants,
}: {
  variants: readonly { label: string; figures: PlanFigures | null }[];
}) {
  const { t } = useTranslation();
  const percent = usePercent();
  const amount = useAmount();
  const held = useHeldWords();
  const f = useFormat();
  const first = variants.find((v) => v.figures !== null)?.figures ?? null;
  const tier = (x: string) => t(`plan.tier.${x}`);
  /** The figures, each a row of the table and a line of every card. */
  const figures: {
    key: string;
    head: string;
    cell: (v: PlanFigures) => string;
  }[] = [
    ...(first?.tiers ?? []).flatMap((x, i) => [
      {
        key: `${x.tier} mean`,
        head: t("plan.tierMean", { tier: tier(x.tier) }),
        cell: (v: PlanFigures) => percent(v.tiers[i]?.meanShare ?? 0),
      },
      {
        key: `${x.tier} guarantee`,
        head: t("plan.tierGuarantee", { tier: tier(x.tier) }),
        cell: (v: PlanFigures) => percent(v.tiers[i]?.guarantee ?? 0),
      },
    ]),
    ...(first?.regions ?? []).map((r, i) => ({
      key: `region ${r.tier} ${r.region}`,
      head: t("plan.regionRow", {
        tier: tier(r.tier),
        region: r.region === "" ? t("plan.everywhere") : r.region,
      }),
      cell: (v: PlanFigures) => percent(v.regions[i]?.share ?? 0),
    })),
    ...(first?.labour ?? []).map((l, i) => ({
      key: `labour ${l.skill}`,
      head: t("plan.labourRow", { skill: l.skill }),
      cell: (v: PlanFigures) => {
        const x = v.labour[i];
        return x === undefined
          ? ""
          : t("plan.hoursOf", {
              used: amount(x.used),
              available: amount(x.available),
            });
      },
    })),
    {
      key: "hours",
      head: t("plan.totalHours"),
      cell: (v: PlanFigures) => amount(v.totalHours),
    },
    {
      key: "bottlenecks",
      head: t("plan.bottlenecks"),
      cell: (v: PlanFigures) =>
        v.bottlenecks.length === 0
          ? t("plan.none")
          : v.bottlenecks
              .slice(0, 3)
              .map((b) => `${held(b.constraint)} (${f.number(b.needs)})`)
              .join(t("common.separator")),
    },
  ];
  const value = (v: { figures: PlanFigures | null }, x: (typeof figures)[0]) =>
    v.figures === null ? "—" : <bdi>{x.cell(v.figures)}</bdi>;
  return (
    <section className="card" data-testid="plan-variants">
      <h2>{t("plan.variants")}</h2>
      <p className="hint">{t("plan.variantsHint")}</p>
      <div className="plan-variants-wide">
        <TableWrap label={t("plan.variants")}>
          <table className="plan-variants">
            <thead>
              <tr>
                <th scope="col">{t("plan.figure")}</th>
                {variants.map((v) => (
                  <th scope="col" key={v.label} data-testid="plan-variant">
                    <bdi>{v.label}</bdi>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {figures.map((x) => (
                <tr key={x.key}>
                  <th scope="row">{x.head}</th>
                  {variants.map((v) => (
                    <td key={v.label}>{value(v, x)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </div>
      <ol className="plan-variant-cards" data-testid="plan-variant-cards">
        {variants.map((v) => (
          <li key={v.label} data-testid="plan-variant-card">
            <h3>
              <bdi>{v.label}</bdi>
            </h3>
            <dl>
              {figures.map((x) => (
                <div key={x.key} data-testid="plan-variant-figure">
                  <dt>{x.head}</dt>
                  <dd>{value(v, x)}</dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ol>
    </section>
  );
}
