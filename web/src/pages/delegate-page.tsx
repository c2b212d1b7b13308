/**
 * @module A delegate's record, council by council, as the councils the viewer reads hold it:
 * the seats they hold and held there and for which body (by the body's card on that council),
 * the mandate in force as its attesters told the council, the ballots they cast on its
 * motions and the ones that went against the mandate, recalls — and, for members of the
 * electing body, the recall button. `?council=` shows one council.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { DelegateRecord, DelegateView } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { ActionStatus, NeedsKey, useAction } from "../components/action.js";
import { ChoiceText } from "../components/choice-text.js";
import { isolate } from "../components/claim-text.js";
import { ConfirmStep } from "../components/confirm-step.js";
import { MandateBlock } from "../components/mandate-block.js";
import { ErrorNote, Loading } from "../components/status.js";
import { LangText, Name, When } from "../components/text.js";
import { useMarkDelegateSeen } from "../components/unread.js";
import { useIdentity } from "../identity/identity.js";
import { Link, navigate, useLocation } from "../router.js";

function RecallButton({
  member,
  record,
  term,
}: {
  member: string;
  record: DelegateRecord;
  term: DelegateRecord["terms"][number];
}) {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const [asking, setAsking] = useState(false);
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
  const recall = () =>
    void action.run(async () => {
      // The recall is the electing body's motion: signed in its scope.
      const posted = await identity.act(term.body, "motion.opened", {
        kind: "recall",
        title: {
          [lang]: t("delegate.recallTitle", { name: record.name }),
        },
        text: { [lang]: t("delegate.recallText", { name: record.name }) },
        subject: { kind: "recall", council: record.council, member },
      });
      navigate(`/motions/${posted.id}`);
    });
  return (
    <NeedsKey>
      {asking ? (
        <ConfirmStep
          heading={t("confirm.recallHeading", { name: isolate(record.name) })}
          confirmLabel={t("confirm.recallConfirm")}
          busy={action.busy}
          onConfirm={recall}
          onCancel={() => setAsking(false)}
        >
          <p>
            {t("confirm.recallConsequence", { name: isolate(record.name) })}
          </p>
        </ConfirmStep>
      ) : (
        <button
          type="button"
          className="danger"
          disabled={action.busy}
          onClick={() => setAsking(true)}
        >
          {t("delegate.recall")}
        </button>
      )}
      <ActionStatus error={action.error} done={null} />
    </NeedsKey>
  );
}

function Record({ member, r }: { member: string; r: DelegateRecord }) {
  const { t } = useTranslation();
  useMarkDelegateSeen(r.council, member, r.ballots.length);
  const deviating = new Set(r.deviations.map((x) => x.ballot));
  return (
    <section
      className="card delegate-council"
      data-testid="delegate-council"
      data-council={r.council}
    >
      <h2>
        <Link to={`/bodies/${r.council}`}>
          <LangText text={r.councilName} />
        </Link>
      </h2>
      <h3>{t("delegate.seats")}</h3>
      {r.terms.map((term) => (
        <div
          key={`${term.body} ${term.from}`}
          className="term"
          data-current={term.until === null}
        >
          <p className="meta">
            {t("delegate.for")}{" "}
            {term.card ? (
              <LangText text={term.card.name} />
            ) : (
              t("delegate.aBody")
            )}{" "}
            · {t("delegate.from")} <When ms={term.from} />
            {term.until !== null ? (
              <>
                {" · "}
                {t("delegate.until")} <When ms={term.until} />
                {term.ended ? (
                  <>
                    {" "}
                    (
                    <span data-testid="term-ended">
                      {t(`delegate.ended_${term.ended}`, {
                        defaultValue: term.ended,
                      })}
                    </span>
                    )
                  </>
                ) : null}
              </>
            ) : (
              <span className="badge" data-testid="seat-current">
                {t("delegate.sitting")}
              </span>
            )}
          </p>
          {term.mandate ? (
            <MandateBlock mandate={term.mandate} />
          ) : term.until === null ? (
            <p className="muted">{t("delegate.noMandate")}</p>
          ) : null}
          {term.until === null ? (
            <RecallButton member={member} record={r} term={term} />
          ) : null}
        </div>
      ))}
      <h3>{t("delegate.deviations")}</h3>
      {r.deviations.length === 0 ? (
        <p className="muted">{t("delegate.noDeviations")}</p>
      ) : (
        <ul className="list">
          {r.deviations.map((x) => (
            <li key={x.ballot} className="deviation">
              <Link to={`/motions/${x.motion}`}>
                {x.title ? <LangText text={x.title} /> : t("council.aMotion")}
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
      <h3>{t("delegate.ballots")}</h3>
      {r.ballots.length === 0 ? (
        <p className="muted">{t("delegate.noBallots")}</p>
      ) : (
        <ul className="list">
          {r.ballots.map((b) => (
            <li
              key={b.ballot}
              className={deviating.has(b.ballot) ? "deviation" : undefined}
            >
              <Link to={`/motions/${b.motion}`}>
                {b.title ? <LangText text={b.title} /> : t("council.aMotion")}
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
      {r.recalls.length > 0 ? (
        <p className="meta">
          {t("delegate.recalls")}: {r.recalls.length}
        </p>
      ) : null}
    </section>
  );
}

export default function DelegatePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { query } = useLocation();
  const council = query.get("council");
  const data = useApi<DelegateView>(
    council
      ? `/api/delegates/${id}?council=${council}`
      : `/api/delegates/${id}`,
    { any: true },
  );
  const d = data.data;
  if (data.error && !d) return <ErrorNote error={data.error} />;
  if (!d) return <Loading />;
  const name = d.councils[0]?.name ?? id.slice(0, 8);
  return (
    <>
      <header className="page-head">
        <h1>
          <Name>{name}</Name>
        </h1>
        <p className="meta">{t("delegate.title")}</p>
        {council ? (
          <p>
            <Link to={`/delegates/${id}`}>{t("delegate.allCouncils")}</Link>
          </p>
        ) : null}
      </header>
      {d.councils.map((r) => (
        <Record key={r.council} member={d.id} r={r} />
      ))}
    </>
  );
}
