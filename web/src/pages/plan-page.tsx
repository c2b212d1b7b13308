/**
 * @module A body's plan (#15), its own lazily loaded page (/bodies/:id/plan): for a period, the
 * needs and (at a workplace) the processes in force in the body's scope, its totals, and at a
 * council what the bodies below carried up and the limits its motion set. A chair declares a
 * need — and at a workplace a process — here: the page reads what was typed into canonical
 * quantities (plan/plan-input.ts) and signs the event with `identity.act`, as every chair
 * action of the app is signed and sent.
 */
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { fixedToMicros, microsToFixed } from "../../../src/core/index.js";
import type { CanonicalValue } from "../../../src/crypto/index.js";
import type { BodyView, PlanPeriod, PlanView } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { ActionStatus, NeedsKey, useSaidAction } from "../components/action.js";
import { PlanCharts } from "../components/plan-figures.js";
import { PlanProgress } from "../components/plan-progress.js";
import { ErrorNote, Loading } from "../components/status.js";
import { LangText, Name, When } from "../components/text.js";
import { useIdentity } from "../identity/identity.js";
import {
  type PlanInputReading,
  readPlanName,
  readProcessName,
  readQuantity,
  showQuantity,
} from "../plan/plan-input.js";
import { Link } from "../router.js";

const TIERS = ["basic", "standard", "extra"] as const;

/** A canonical quantity in the reader's marks, kept left to right. */
function Quantity({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <bdi dir="ltr" className="quantity">
      {showQuantity(value, t("format.decimal"), t("format.group"))}
    </bdi>
  );
}

/** Products (or skills) with their quantities, one to a line. */
function Amounts({
  list,
}: {
  list: readonly { product: string; quantity: string }[];
}) {
  const { t } = useTranslation();
  if (list.length === 0) return <span className="muted">{t("plan.none")}</span>;
  return (
    <>
      {list.map((a) => (
        <div key={a.product}>
          <Name>{a.product}</Name> <Quantity value={a.quantity} />
        </div>
      ))}
    </>
  );
}

function Hours({
  list,
}: {
  list: readonly { skill: string; hours: string }[];
}) {
  return (
    <Amounts
      list={list.map((h) => ({ product: h.skill, quantity: h.hours }))}
    />
  );
}

export default function PlanPage({ body }: { body: string }) {
  const { t } = useTranslation();
  const info = useApi<BodyView>(`/api/bodies/${body}`);
  const plan = useApi<PlanView>(`/api/bodies/${body}/plan`, { scopes: [body] });
  const periods = plan.data?.periods ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const period =
    chosen ??
    periods.at(-1)?.period ??
    plan.data?.inForce?.period ??
    String(new Date().getFullYear());
  const shown = periods.find((p) => p.period === period) ?? null;
  // The plan in force for the period shown: the view's for a period it holds; else the
  // body's latest, if it plans for that period or names none (a body may vote a plan with no
  // declarations of its own).
  const latest = plan.data?.inForce ?? null;
  const inForce = shown
    ? shown.inForce
    : latest !== null && (latest.period === null || latest.period === period)
      ? latest
      : null;
  const periodId = useId();
  return (
    <>
      <p className="crumbs">
        {info.data ? (
          <Link to={`/bodies/${body}`}>
            <LangText text={info.data.name} />
          </Link>
        ) : null}
      </p>
      <h1>{t("plan.title")}</h1>
      <ErrorNote error={plan.error} />
      {plan.loading && !plan.data ? <Loading /> : null}
      {plan.data ? <InForce plan={plan.data} adopted={inForce} /> : null}
      {plan.data ? (
        <>
          <section className="card">
            <label htmlFor={periodId}>{t("plan.period")}</label>
            <input
              id={periodId}
              list={`${periodId}-known`}
              value={period}
              onChange={(e) => setChosen(e.target.value.trim())}
              data-testid="plan-period"
            />
            <datalist id={`${periodId}-known`}>
              {periods.map((p) => (
                <option key={p.period} value={p.period} />
              ))}
            </datalist>
            <p className="hint">{t("plan.periodHint")}</p>
          </section>
          <Needs period={shown} />
          {plan.data.workplace ? <Processes period={shown} /> : null}
          {shown?.monitor || (shown && inForce) ? (
            <PlanProgress monitor={shown.monitor} />
          ) : null}
          {shown ? <Totals period={shown} /> : null}
          {plan.data.kind === "council" && shown ? (
            <Council period={shown} />
          ) : null}
          {plan.data.chair ? (
            <NeedsKey>
              <DeclareNeed
                body={body}
                period={period}
                kind={plan.data.kind}
                onDone={plan.reload}
              />
              {plan.data.workplace ? (
                <DeclareProcess
                  body={body}
                  period={period}
                  onDone={plan.reload}
                />
              ) : null}
              {plan.data.workplace ? (
                <ReportActual
                  body={body}
                  period={period}
                  processes={shown?.processes ?? []}
                  onDone={plan.reload}
                />
              ) : null}
            </NeedsKey>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** The plan in force for the period shown (`adopted`), with its charts. */
function InForce({
  plan,
  adopted,
}: {
  plan: PlanView;
  adopted: PlanView["inForce"];
}) {
  const { t } = useTranslation();
  // A workplace plans no variants of its own: it works to the plan of the council above it,
  // the one its progress is measured against.
  const above =
    adopted === null
      ? (plan.periods.find(
          (p) => p.monitor !== null && p.monitor.council !== plan.body,
        )?.monitor ?? null)
      : null;
  return (
    <section className="plan-in-force" data-testid="plan-in-force">
      <h2>{t("plan.inForce")}</h2>
      {adopted === null && above !== null ? (
        <p data-testid="plan-in-force-above">
          {t("plan.inForceAbove")}{" "}
          <strong>
            <Name>{above.label}</Name>
          </strong>{" "}
          · <Link to={`/motions/${above.motion}`}>{t("plan.theVote")}</Link>
        </p>
      ) : adopted === null ? (
        <p className="muted">{t("plan.noPlanInForce")}</p>
      ) : (
        <>
          <p>
            {t("plan.adoptedVariant")}{" "}
            <strong data-testid="plan-adopted-label">
              <Name>{adopted.label}</Name>
            </strong>{" "}
            · <Link to={`/motions/${adopted.motion}`}>{t("plan.theVote")}</Link>
            {" · "}
            <span data-testid="plan-in-force-period">
              {adopted.period === null ? (
                t("plan.anyPeriod")
              ) : (
                <>
                  {t("plan.forPeriod")} <bdi>{adopted.period}</bdi>
                </>
              )}
            </span>
            {adopted.adoptedAt === null ? null : (
              <>
                {" "}
                · <When ms={adopted.adoptedAt} />
              </>
            )}
          </p>
          {adopted.figures === null ? (
            <p className="warn">{t("plan.notReadable")}</p>
          ) : (
            <PlanCharts figures={adopted.figures} />
          )}
        </>
      )}
    </section>
  );
}

function Needs({ period }: { period: PlanPeriod | null }) {
  const { t } = useTranslation();
  const needs = period?.needs ?? [];
  return (
    <section className="card">
      <h2>{t("plan.needs")}</h2>
      {needs.length === 0 ? (
        <p className="muted">{t("plan.noNeeds")}</p>
      ) : (
        <ul className="list" data-testid="plan-needs">
          {needs.map((n) => (
            <li key={n.event} data-testid="plan-need">
              <Name>{n.product}</Name> <Quantity value={n.quantity} />
              {t("common.separator")}
              {t(`plan.tier.${n.tier}`)}
              {t("common.separator")}
              <Name>{n.region}</Name>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Processes({ period }: { period: PlanPeriod | null }) {
  const { t } = useTranslation();
  const processes = period?.processes ?? [];
  return (
    <section className="card">
      <h2>{t("plan.processes")}</h2>
      {processes.length === 0 ? (
        <p className="muted">{t("plan.noProcesses")}</p>
      ) : (
        <ul className="list" data-testid="plan-processes">
          {processes.map((p) => (
            <li key={p.event} data-testid="plan-process">
              <strong>
                <Name>{p.name}</Name>
              </strong>
              {t("common.separator")}
              <Name>{p.region}</Name>
              <dl className="facts">
                <dt>{t("plan.outputs")}</dt>
                <dd>
                  <Amounts list={p.outputs} />
                </dd>
                <dt>{t("plan.inputs")}</dt>
                <dd>
                  <Amounts list={p.inputs} />
                </dd>
                <dt>{t("plan.labour")}</dt>
                <dd>
                  <Hours list={p.labour} />
                </dd>
                <dt>{t("plan.capacity")}</dt>
                <dd>
                  <Quantity value={p.capacity} />
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Totals({ period }: { period: PlanPeriod }) {
  const { t } = useTranslation();
  const { needs, supply } = period.totals;
  return (
    <section className="card" data-testid="plan-totals">
      <h2>{t("plan.totals")}</h2>
      <p className="hint">{t("plan.totalsHint")}</p>
      <dl className="facts">
        <dt>{t("plan.needs")}</dt>
        <dd>
          <Amounts
            list={needs.map((n) => ({
              product: `${n.product} (${t(`plan.tier.${n.tier}`)}, ${n.region})`,
              quantity: n.quantity,
            }))}
          />
        </dd>
        <dt>{t("plan.supply")}</dt>
        <dd>
          <Amounts
            list={supply.map((s) => ({
              product: `${s.product} (${s.region})`,
              quantity: s.capacity,
            }))}
          />
        </dd>
        <dt>{t("plan.labour")}</dt>
        <dd>
          <Hours list={period.labour} />
        </dd>
      </dl>
    </section>
  );
}

function Council({ period }: { period: PlanPeriod }) {
  const { t } = useTranslation();
  const limits = period.limits;
  return (
    <>
      <section className="card">
        <h2>{t("plan.fromBelow")}</h2>
        {period.children.length === 0 ? (
          <p className="muted">{t("plan.noneFromBelow")}</p>
        ) : (
          <ul className="list" data-testid="plan-children">
            {period.children.map((c) => (
              <li key={c.body}>
                <LangText text={c.name} />
                {t("common.separator")}
                {t("plan.childTotals", {
                  needs: c.totals.needs.length,
                  supply: c.totals.supply.length,
                })}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" data-testid="plan-limits">
        <h2>{t("plan.limits")}</h2>
        {limits === null ? (
          <p className="muted">{t("plan.noLimits")}</p>
        ) : (
          <dl className="facts">
            <dt>{t("plan.labour")}</dt>
            <dd>
              <Hours list={limits.labour} />
            </dd>
            <dt>{t("plan.resources")}</dt>
            <dd>
              <Amounts list={limits.resources} />
            </dd>
            <dt>{t("plan.imports")}</dt>
            <dd>
              <Amounts list={limits.imports} />
            </dd>
          </dl>
        )}
      </section>
    </>
  );
}

/** A declaration to sign: its event type and payload. */
interface Declaration {
  readonly type:
    | "plan.need-declared"
    | "plan.process-declared"
    | "plan.actual-reported";
  readonly payload: CanonicalValue;
}

/** Typed words read for a declaration: the first problem, named by its field, stops it. */
class Problem extends Error {}

function useReader() {
  const { t } = useTranslation();
  const decimal = t("format.decimal");
  const say = (field: string, r: PlanInputReading): string => {
    if (r.ok) return r.value;
    throw new Problem(
      t(`plan.problem.${r.problem}`, {
        field: t(field),
        example: `12${decimal}5`,
      }),
    );
  };
  return {
    name: (field: string, typed: string) => say(field, readPlanName(typed)),
    processName: (typed: string) =>
      say("plan.processName", readProcessName(typed)),
    quantity: (field: string, typed: string, positive = false) =>
      say(field, readQuantity(typed, decimal, { positive })),
    /** A percentage typed the reader's way ("12,5") as a fraction of 1 ("0.125"). */
    percent: (field: string, typed: string) => {
      const micros = fixedToMicros(
        say(field, readQuantity(typed, decimal, { positive: true })),
      );
      if (micros === null || micros > 100_000_000n || micros % 100n !== 0n)
        throw new Problem(t("plan.problem.percent", { field: t(field) }));
      return microsToFixed(micros / 100n);
    },
  };
}

/** Runs a declaration: a typed problem is said at once, in words; else it is signed and sent. */
function useDeclare(onDone: () => void, doneKey = "plan.declared") {
  const identity = useIdentity();
  const action = useSaidAction();
  const [problem, setProblem] = useState<string | null>(null);
  return {
    busy: action.busy,
    error: problem ?? action.error,
    done: problem ? null : action.done,
    submit(
      build: () => Declaration,
      scope: string,
      afterDone: () => void = () => {},
    ) {
      let event: Declaration;
      try {
        event = build();
      } catch (e) {
        if (!(e instanceof Problem)) throw e;
        setProblem(e.message);
        return;
      }
      setProblem(null);
      void action
        .run(() => identity.act(scope, event.type, event.payload), doneKey)
        .then((ok) => {
          if (!ok) return;
          afterDone();
          onDone();
        });
    },
  };
}

function Field({
  label,
  value,
  onChange,
  testId,
  numeric = false,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  testId: string;
  numeric?: boolean;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        inputMode={numeric ? "decimal" : "text"}
        dir={numeric ? "ltr" : "auto"}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
    </div>
  );
}

function DeclareNeed({
  body,
  period,
  kind,
  onDone,
}: {
  body: string;
  period: string;
  kind: PlanView["kind"];
  onDone(): void;
}) {
  const { t } = useTranslation();
  const read = useReader();
  const declare = useDeclare(onDone);
  const [product, setProduct] = useState("");
  const [tier, setTier] = useState<(typeof TIERS)[number]>("basic");
  const [region, setRegion] = useState("");
  const [quantity, setQuantity] = useState("");
  const tierId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    declare.submit(
      () => ({
        type: "plan.need-declared",
        payload: {
          period: read.name("plan.period", period),
          product: read.name("plan.product", product),
          tier,
          region: read.name("plan.region", region),
          quantity: read.quantity("plan.quantity", quantity),
        },
      }),
      body,
      () => {
        // The next need starts blank; tier and region are often the same.
        setProduct("");
        setQuantity("");
      },
    );
  };
  return (
    <form className="card" onSubmit={submit} data-testid="declare-need">
      <h2>{t("plan.declareNeed")}</h2>
      <p className="hint">
        {t(kind === "council" ? "plan.needHintCouncil" : "plan.needHint")}
      </p>
      <Field
        label={t("plan.product")}
        value={product}
        onChange={setProduct}
        testId="need-product"
      />
      <div className="field">
        <label htmlFor={tierId}>{t("plan.tierLabel")}</label>
        <select
          id={tierId}
          value={tier}
          onChange={(e) => setTier(e.target.value as (typeof TIERS)[number])}
          data-testid="need-tier"
        >
          {TIERS.map((x) => (
            <option key={x} value={x}>
              {t(`plan.tier.${x}`)}
            </option>
          ))}
        </select>
      </div>
      <Field
        label={t("plan.region")}
        value={region}
        onChange={setRegion}
        testId="need-region"
      />
      <Field
        label={t("plan.quantity")}
        value={quantity}
        onChange={setQuantity}
        testId="need-quantity"
        numeric
      />
      <p className="hint">{t("plan.zeroWithdraws")}</p>
      <button type="submit" disabled={declare.busy}>
        {declare.busy ? t("common.working") : t("plan.declare")}
      </button>
      <ActionStatus error={declare.error} done={declare.done} />
    </form>
  );
}

/** Rows of a name and a quantity (outputs, inputs, labour), one more added on demand. */
function Rows({
  legend,
  nameLabel,
  quantityLabel,
  rows,
  setRows,
  testId,
}: {
  legend: string;
  nameLabel: string;
  quantityLabel: string;
  rows: readonly (readonly [string, string])[];
  setRows(rows: (readonly [string, string])[]): void;
  testId: string;
}) {
  const { t } = useTranslation();
  const set = (i: number, j: 0 | 1, v: string) =>
    setRows(
      rows.map((r, k) =>
        k !== i ? r : j === 0 ? ([v, r[1]] as const) : ([r[0], v] as const),
      ),
    );
  return (
    <fieldset data-testid={testId}>
      <legend>{legend}</legend>
      {rows.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place.
        <div className="row" key={i}>
          <Field
            label={nameLabel}
            value={r[0]}
            onChange={(v) => set(i, 0, v)}
            testId={`${testId}-name`}
          />
          <Field
            label={quantityLabel}
            value={r[1]}
            onChange={(v) => set(i, 1, v)}
            testId={`${testId}-quantity`}
            numeric
          />
        </div>
      ))}
      <button
        type="button"
        className="secondary"
        onClick={() => setRows([...rows, ["", ""]])}
      >
        {t("plan.addRow")}
      </button>
    </fieldset>
  );
}

function DeclareProcess({
  body,
  period,
  onDone,
}: {
  body: string;
  period: string;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const read = useReader();
  const declare = useDeclare(onDone);
  const [name, setName] = useState("");
  const [region, setRegion] = useState("");
  const [capacity, setCapacity] = useState("");
  const [outputs, setOutputs] = useState<(readonly [string, string])[]>([
    ["", ""],
  ]);
  const [inputs, setInputs] = useState<(readonly [string, string])[]>([]);
  const [labour, setLabour] = useState<(readonly [string, string])[]>([]);
  // Rows left empty are not declared; a row half filled in is a problem to say.
  const filled = (rows: readonly (readonly [string, string])[]) =>
    rows.filter(([a, b]) => a.trim() !== "" || b.trim() !== "");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    declare.submit(() => {
      // A process makes something: its first output is its main product.
      if (filled(outputs).length === 0)
        throw new Problem(
          t("plan.problem.empty", { field: t("plan.outputs") }),
        );
      return {
        type: "plan.process-declared",
        payload: {
          period: read.name("plan.period", period),
          name: read.processName(name),
          region: read.name("plan.region", region),
          outputs: filled(outputs).map(([p, q]) => ({
            product: read.name("plan.product", p),
            quantity: read.quantity("plan.perRun", q, true),
          })),
          inputs: filled(inputs).map(([p, q]) => ({
            product: read.name("plan.product", p),
            quantity: read.quantity("plan.perRun", q),
          })),
          labour: filled(labour).map(([s, h]) => ({
            skill: read.name("plan.skill", s),
            hours: read.quantity("plan.hoursPerRun", h),
          })),
          capacity: read.quantity("plan.capacity", capacity),
        },
      };
    }, body);
  };
  return (
    <form className="card" onSubmit={submit} data-testid="declare-process">
      <h2>{t("plan.declareProcess")}</h2>
      <p className="hint">{t("plan.processHint")}</p>
      <Field
        label={t("plan.processName")}
        value={name}
        onChange={setName}
        testId="process-name"
      />
      <Field
        label={t("plan.region")}
        value={region}
        onChange={setRegion}
        testId="process-region"
      />
      <Rows
        legend={t("plan.outputs")}
        nameLabel={t("plan.product")}
        quantityLabel={t("plan.perRun")}
        rows={outputs}
        setRows={setOutputs}
        testId="process-output"
      />
      <Rows
        legend={t("plan.inputs")}
        nameLabel={t("plan.product")}
        quantityLabel={t("plan.perRun")}
        rows={inputs}
        setRows={setInputs}
        testId="process-input"
      />
      <Rows
        legend={t("plan.labour")}
        nameLabel={t("plan.skill")}
        quantityLabel={t("plan.hoursPerRun")}
        rows={labour}
        setRows={setLabour}
        testId="process-labour"
      />
      <Field
        label={t("plan.capacity")}
        value={capacity}
        onChange={setCapacity}
        testId="process-capacity"
        numeric
      />
      <p className="hint">{t("plan.capacityHint")}</p>
      <button type="submit" disabled={declare.busy}>
        {declare.busy ? t("common.working") : t("plan.declare")}
      </button>
      <ActionStatus error={declare.error} done={declare.done} />
    </form>
  );
}

/** A workplace's chair reports what a process declared for the period made so far. */
function ReportActual({
  body,
  period,
  processes,
  onDone,
}: {
  body: string;
  period: string;
  processes: PlanPeriod["processes"];
  onDone(): void;
}) {
  const { t } = useTranslation();
  const read = useReader();
  const report = useDeclare(onDone, "plan.reported");
  const [chosen, setChosen] = useState("");
  const [output, setOutput] = useState("");
  const [elapsed, setElapsed] = useState("");
  const processId = useId();
  const name = processes.some((p) => p.name === chosen)
    ? chosen
    : (processes[0]?.name ?? "");
  const main = processes.find((p) => p.name === name)?.outputs[0]?.product;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    report.submit(
      () => ({
        type: "plan.actual-reported",
        payload: {
          period: read.name("plan.period", period),
          name,
          output: read.quantity("plan.reportOutput", output),
          elapsed: read.percent("plan.reportElapsed", elapsed),
        },
      }),
      body,
      () => {
        setOutput("");
        setElapsed("");
      },
    );
  };
  return (
    <form className="card" onSubmit={submit} data-testid="report-actual">
      <h2>{t("plan.report")}</h2>
      <p className="hint">{t("plan.reportHint")}</p>
      {processes.length === 0 ? (
        <p className="muted">{t("plan.nothingToReport")}</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={processId}>{t("plan.processName")}</label>
            <select
              id={processId}
              value={name}
              onChange={(e) => setChosen(e.target.value)}
              data-testid="report-process"
            >
              {processes.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <Field
            label={
              main === undefined
                ? t("plan.reportOutput")
                : t("plan.reportOutputOf", { product: main })
            }
            value={output}
            onChange={setOutput}
            testId="report-output"
            numeric
          />
          <Field
            label={t("plan.reportElapsed")}
            value={elapsed}
            onChange={setElapsed}
            testId="report-elapsed"
            numeric
          />
          <p className="hint">{t("plan.reportElapsedHint")}</p>
          <button type="submit" disabled={report.busy}>
            {report.busy ? t("common.working") : t("plan.reportSign")}
          </button>
        </>
      )}
      <ActionStatus error={report.error} done={report.done} />
    </form>
  );
}
