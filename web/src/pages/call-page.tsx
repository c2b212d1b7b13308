/**
 * @module A call to action's dashboard, as one council sees it (`?council=`): the answers its
 * bodies' attesters carried up to it, rolled up — now, over the days, by level, and per body
 * right below (by its card), people counted once; chairs of bodies the call asks answer here.
 * Updates live as roll-ups arrive.
 */
import { type FormEvent, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AnswerCounts, AnswerName, CallView } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { ActionStatus, NeedsKey, useAction } from "../components/action.js";
import { ANSWER_ORDER, SpreadChart } from "../components/spread-chart.js";
import { ErrorNote, Loading } from "../components/status.js";
import { TableWrap } from "../components/table-wrap.js";
import { LangText, Num, textFor, When } from "../components/text.js";
import { useIdentity } from "../identity/identity.js";
import { usePendingAction } from "../offline/status.js";
import { Link, navigate, useLocation } from "../router.js";

function Totals({
  counts,
  metric,
}: {
  counts: AnswerCounts;
  metric: keyof AnswerCounts;
}) {
  const { t } = useTranslation();
  return (
    <div className="stats" data-testid="call-totals">
      {ANSWER_ORDER.map((a) => (
        <div key={a} className={`stat answer-${a}`} data-answer={a}>
          <span className="stat-value">
            <Num value={counts[metric][a]} />
          </span>
          <span className="stat-label">{t(`terms.answer.${a}`)}</span>
        </div>
      ))}
    </div>
  );
}

function AnswerForm({
  call,
  body,
}: {
  call: CallView;
  body: CallView["answerable"][number];
}) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const [answer, setAnswer] = useState<AnswerName>(body.answer ?? "will-join");
  const [headcount, setHeadcount] = useState(0);
  const [note, setNote] = useState("");
  const ids = { a: useId(), h: useId(), n: useId() };
  const waiting = usePendingAction(
    "action.answered",
    (p, scope) => p.call === call.id && scope === body.body,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(
      () =>
        // The answer lives in the answering body's scope.
        identity.act(body.body, "action.answered", {
          call: call.id,
          answer,
          headcount,
          ...(note.trim() ? { note: note.trim() } : {}),
        }),
      t("call.answered"),
    );
  };
  return (
    <form onSubmit={submit} className="answer-form">
      <h3>
        <LangText text={body.name} />
      </h3>
      <label htmlFor={ids.a}>{t("call.answer")}</label>
      <select
        id={ids.a}
        value={answer}
        onChange={(e) => setAnswer(e.target.value as AnswerName)}
      >
        {ANSWER_ORDER.map((a) => (
          <option key={a} value={a}>
            {t(`terms.answer.${a}`)}
          </option>
        ))}
      </select>
      {body.maxHeadcount > 0 ? (
        <>
          <label htmlFor={ids.h}>{t("call.headcount")}</label>
          <input
            id={ids.h}
            type="number"
            min={0}
            max={body.maxHeadcount}
            value={headcount}
            onChange={(e) => setHeadcount(Number(e.target.value))}
          />
        </>
      ) : (
        <p className="hint">{t("call.councilNoHeadcount")}</p>
      )}
      <label htmlFor={ids.n}>{t("call.note")}</label>
      <input
        id={ids.n}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={1000}
      />
      <button type="submit" disabled={action.busy}>
        {action.busy ? t("common.working") : t("call.send")}
      </button>
      {waiting && !action.done ? (
        <p className="waiting">{t("offline.answerWaiting")}</p>
      ) : null}
      <ActionStatus error={action.error} done={action.done} />
    </form>
  );
}

export default function CallPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { query } = useLocation();
  const looking = query.get("council");
  const [metric, setMetric] = useState<keyof AnswerCounts>("members");
  // Roll-ups arrive in the looking council's scope (the calling one by default).
  const [watched, setWatched] = useState<string | null>(looking);
  const data = useApi<CallView>(
    looking ? `/api/calls/${id}?council=${looking}` : `/api/calls/${id}`,
    { scopes: watched ? [watched] : [] },
  );
  const shown = data.data?.looking ?? null;
  useEffect(() => setWatched(shown), [shown]);
  const selectId = useId();
  const c = data.data;
  if (data.error && !c) return <ErrorNote error={data.error} />;
  if (!c) return <Loading />;
  return (
    <>
      <header className="page-head">
        <h1>
          <LangText text={c.title} />
        </h1>
        <p className="meta">
          {t(`terms.action.${c.kind}`)} ·{" "}
          <Link to={`/bodies/${c.council}`}>
            <LangText text={c.councilName} />
          </Link>{" "}
          · {t("call.starts")} <When ms={c.startsAt} />
        </p>
        <p>
          <LangText text={c.text} />
        </p>
      </header>
      <div className="controls">
        <label htmlFor={selectId}>{t("call.lookingFrom")}</label>
        <select
          id={selectId}
          value={c.looking}
          onChange={(e) =>
            navigate(`/calls/${id}?council=${e.target.value}`, true)
          }
        >
          {c.councils.map((x) => (
            <option key={x.id} value={x.id}>
              {textFor(x.name, i18n.language)}
            </option>
          ))}
        </select>
        <fieldset className="tabs">
          <legend className="visually-hidden">{t("call.metric")}</legend>
          {(["bodies", "members", "headcount"] as const).map((m) => (
            <button
              key={m}
              type="button"
              aria-pressed={metric === m}
              onClick={() => setMetric(m)}
            >
              {t(`call.metric_${m}`)}
            </button>
          ))}
        </fieldset>
      </div>
      <p className="hint" data-testid="looking" data-council={c.looking}>
        {t("call.seenFrom")} <LangText text={c.lookingName} />
      </p>
      <section className="card">
        <h2>{t("call.total")}</h2>
        <Totals counts={c.now} metric={metric} />
        <p className="note" data-testid="counting-rule">
          {t("call.countingRule")}
        </p>
      </section>
      {c.days.length > 0 ? (
        <section className="card">
          <h2>{t("call.spread")}</h2>
          <SpreadChart days={c.days} metric={metric} />
        </section>
      ) : null}
      {c.children.length > 0 ? (
        <section className="card" data-testid="call-children">
          <h2>{t("call.byChild")}</h2>
          <TableWrap label={t("call.byChild")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("call.body")}</th>
                  {ANSWER_ORDER.map((a) => (
                    <th key={a} scope="col">
                      {t(`terms.answer.${a}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {c.children.map((r) => (
                  <tr key={r.body}>
                    <th scope="row">
                      {r.card?.kind === "council" &&
                      c.councils.some((x) => x.id === r.body) ? (
                        <Link to={`/calls/${id}?council=${r.body}`}>
                          <LangText text={r.card.name} />
                        </Link>
                      ) : r.card ? (
                        <LangText text={r.card.name} />
                      ) : (
                        t("demands.otherBody")
                      )}
                    </th>
                    {ANSWER_ORDER.map((a) => (
                      <td key={a}>
                        <Num value={r[metric][a]} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : (
        <p className="note">{t("call.nothingCarried")}</p>
      )}
      <section className="card">
        <h2>{t("call.byLevel")}</h2>
        <TableWrap label={t("call.byLevel")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("demands.level")}</th>
                {ANSWER_ORDER.map((a) => (
                  <th key={a} scope="col">
                    {t(`terms.answer.${a}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {c.levels.map((l) => (
                <tr key={l.level}>
                  <th scope="row">
                    {t(`terms.endorseLevel.${l.level}`, {
                      defaultValue: l.level,
                    })}
                  </th>
                  {ANSWER_ORDER.map((a) => (
                    <td key={a}>
                      <Num value={l[metric][a]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      {c.answerable.length > 0 ? (
        <section className="card">
          <h2>{t("call.yourAnswer")}</h2>
          <NeedsKey>
            {c.answerable.map((b) => (
              <AnswerForm key={b.body} call={c} body={b} />
            ))}
          </NeedsKey>
        </section>
      ) : null}
    </>
  );
}
