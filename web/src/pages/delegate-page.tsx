/**
 * @module A delegate's record, as their electors see it: the seats they hold and held, the
 * mandate of each, the ballots they cast on councils, the ones that went against the
 * mandate, recalls — and the recall button for members of the electing body.
 */
import { useTranslation } from "react-i18next";
import type { DelegateView } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { ActionStatus, NeedsKey, useAction } from "../components/action.js";
import { ChoiceText } from "../components/choice-text.js";
import { ErrorNote, Loading } from "../components/status.js";
import { LangText, When } from "../components/text.js";
import { useIdentity } from "../identity/identity.js";
import { Link, navigate } from "../router.js";

function RecallButton({
  d,
  term,
}: {
  d: DelegateView;
  term: DelegateView["terms"][number];
}) {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  if (term.openRecall)
    return (
      <p>
        <Link to={`/motions/${term.openRecall}`}>
          {t("delegate.recallRunning")}
        </Link>
      </p>
    );
  if (!term.canRecall) return null;
  const lang = i18n.language;
  return (
    <NeedsKey>
      <button
        type="button"
        className="danger"
        disabled={action.busy}
        onClick={() =>
          void action.run(async () => {
            const posted = await identity.act("motion.opened", {
              body: term.body,
              kind: "recall",
              title: { [lang]: t("delegate.recallTitle", { name: d.name }) },
              text: { [lang]: t("delegate.recallText", { name: d.name }) },
              subject: { kind: "recall", council: term.council, member: d.id },
            });
            navigate(`/motions/${posted.id}`);
          })
        }
      >
        {t("delegate.recall")}
      </button>
      <ActionStatus error={action.error} done={null} />
    </NeedsKey>
  );
}

export default function DelegatePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const data = useApi<DelegateView>(`/api/delegates/${id}`, { any: true });
  const d = data.data;
  if (data.error) return <ErrorNote error={data.error} />;
  if (!d) return <Loading />;
  const deviating = new Set(d.deviations.map((x) => x.ballot));
  return (
    <>
      <header className="page-head">
        <h1>
          <bdi>{d.name}</bdi>
        </h1>
        <p className="meta">{t("delegate.title")}</p>
      </header>
      <section className="card">
        <h2>{t("delegate.seats")}</h2>
        {d.terms.map((term) => (
          <div
            key={`${term.council} ${term.body} ${term.from}`}
            className="term"
            data-current={term.until === null}
          >
            <h3>
              <Link to={`/bodies/${term.council}`}>
                <LangText text={term.councilName} />
              </Link>
            </h3>
            <p className="meta">
              {t("delegate.for")}{" "}
              <Link to={`/bodies/${term.body}`}>
                <LangText text={term.bodyName} />
              </Link>{" "}
              · {t("delegate.from")} <When ms={term.from} />
              {term.until !== null ? (
                <>
                  {" · "}
                  {t("delegate.until")} <When ms={term.until} /> (
                  {term.ended ? t(`delegate.ended_${term.ended}`) : ""})
                </>
              ) : (
                <span className="badge" data-testid="seat-current">
                  {t("delegate.sitting")}
                </span>
              )}
            </p>
            {term.mandate ? (
              <div className="mandate">
                <h4>{t("delegate.mandate")}</h4>
                <p>
                  <LangText text={term.mandate.instructions} />
                </p>
                {term.mandate.positions.map((p) => (
                  <p key={p.motion} className="meta">
                    <Link to={`/motions/${p.motion}`}>
                      <LangText text={p.title} />
                    </Link>
                    : <ChoiceText choice={p.choice} />
                  </p>
                ))}
              </div>
            ) : term.until === null ? (
              <p className="muted">{t("delegate.noMandate")}</p>
            ) : null}
            {term.until === null ? <RecallButton d={d} term={term} /> : null}
          </div>
        ))}
      </section>
      <section className="card">
        <h2>{t("delegate.deviations")}</h2>
        {d.deviations.length === 0 ? (
          <p className="muted">{t("delegate.noDeviations")}</p>
        ) : (
          <ul className="list">
            {d.deviations.map((x) => (
              <li key={x.ballot} className="deviation">
                <Link to={`/motions/${x.motion}`}>
                  <LangText text={x.title} />
                </Link>
                <p className="meta">
                  {t("delegate.bound")} <ChoiceText choice={x.bound} /> ·{" "}
                  {t("delegate.cast")} <ChoiceText choice={x.cast} /> ·{" "}
                  <When ms={x.time} />
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card">
        <h2>{t("delegate.ballots")}</h2>
        {d.ballots.length === 0 ? (
          <p className="muted">{t("delegate.noBallots")}</p>
        ) : (
          <ul className="list">
            {d.ballots.map((b) => (
              <li
                key={b.ballot}
                className={deviating.has(b.ballot) ? "deviation" : undefined}
              >
                <Link to={`/motions/${b.motion}`}>
                  <LangText text={b.title} />
                </Link>
                {": "}
                <ChoiceText choice={b.choice} />
                {deviating.has(b.ballot) ? (
                  <span className="badge warn">
                    {t("delegate.againstMandate")}
                  </span>
                ) : null}
                <span className="muted">
                  {" · "}
                  <When ms={b.time} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {d.recalls.length > 0 ? (
        <section className="card">
          <h2>{t("delegate.recalls")}</h2>
          <ul className="list">
            {d.recalls.map((r) => (
              <li key={r}>
                <Link to={`/motions/${r}`}>{t("delegate.recallMotion")}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
