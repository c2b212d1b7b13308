/**
 * @module A council's own part of its page: the cards of the bodies below it (a name or a
 * pseudonym, never their members) with their seats, the member counts their attesters
 * reported, the delegates seated on their word and their mandates; ballots that went against
 * a mandate; the demands that rose here with the people behind them; the calls it issued or
 * that reach it, each rolled up as this council sees it; the referendums it put or that ask it,
 * with the results attested from below summed (each body once).
 */
import { useTranslation } from "react-i18next";
import type { BodyView } from "../api/types.js";
import { Link } from "../router.js";
import { ChoiceText } from "./choice-text.js";
import { MandateBlock } from "./mandate-block.js";
import { LangText, Name, Num, When } from "./text.js";

export function CouncilSection({
  body,
}: {
  body: BodyView & { council: NonNullable<BodyView["council"]> };
}) {
  const { t } = useTranslation();
  const c = body.council;
  const delegate = (id: string) => `/delegates/${id}?council=${body.id}`;
  return (
    <>
      <section className="card" data-testid="council-children">
        <h2>{t("council.children")}</h2>
        <p className="hint">{t("council.childrenHint")}</p>
        {c.children.length === 0 ? (
          <p className="muted">{t("body.noMotions")}</p>
        ) : (
          <ul className="cards">
            {c.children.map((x) => (
              <li key={x.body} className="child-card" data-testid="child-card">
                <h3>
                  <LangText text={x.card.name} />{" "}
                  <span className="kind">
                    {x.card.kind === "council"
                      ? t(`terms.level.${x.card.level ?? "sectoral"}`)
                      : x.card.kind === "assembly"
                        ? t(`terms.setting.${x.card.setting ?? "other"}`)
                        : t("terms.kind.committee")}
                  </span>
                </h3>
                <p className="meta">
                  {t("body.seatCount")} <Num value={x.seats} /> ·{" "}
                  {x.members === null ? (
                    t("council.membersUnreported")
                  ) : (
                    <>
                      {t("federation.members")} <Num value={x.members} />
                    </>
                  )}{" "}
                  ·{" "}
                  {t("council.attesters", {
                    n: x.attesters.length,
                    k: x.threshold,
                  })}
                </p>
                {x.delegates.length === 0 ? (
                  <p className="muted">{t("body.vacant")}</p>
                ) : (
                  <p>
                    {x.delegates.map((d, i) => (
                      <span key={d.id}>
                        {i > 0 ? t("common.separator") : ""}
                        <Link to={delegate(d.id)}>
                          <Name>{d.name}</Name>
                        </Link>
                      </span>
                    ))}
                  </p>
                )}
                {x.mandate && x.mandate.positions.length > 0 ? (
                  <MandateBlock mandate={x.mandate} positionsOnly />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {c.deviations.length > 0 ? (
        <section className="card">
          <h2>{t("council.deviations")}</h2>
          <ul className="list">
            {c.deviations.map((d) => (
              <li key={d.ballot} className="deviation">
                <Link to={delegate(d.delegate.id)}>
                  <Name>{d.delegate.name}</Name>
                </Link>
                {" · "}
                <Link to={`/motions/${d.motion}`}>
                  {d.title ? <LangText text={d.title} /> : t("council.aMotion")}
                </Link>
                <p className="meta">
                  {t("delegate.bound")} <ChoiceText choice={d.bound} /> ·{" "}
                  {t("delegate.cast")} <ChoiceText choice={d.cast} /> ·{" "}
                  <When ms={d.time} />
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {c.demands.length > 0 ? (
        <section className="card">
          <h2>{t("body.demands")}</h2>
          <ul className="list">
            {c.demands.map((d) => (
              <li key={d.id}>
                <LangText text={d.title} />{" "}
                <span className="muted">
                  <Num value={d.members} />{" "}
                  {t("demands.peopleAfterCount", { count: d.members })} ·{" "}
                  <Num value={d.bodies} />{" "}
                  {t("demands.bodiesAfterCount", { count: d.bodies })}
                </span>
              </li>
            ))}
          </ul>
          <p>
            <Link to={`/demands?council=${body.id}`}>
              {t("body.demandBoard")}
            </Link>
          </p>
        </section>
      ) : null}
      {c.calls.length > 0 ? (
        <section className="card">
          <h2>{t("council.calls")}</h2>
          <ul className="list">
            {c.calls.map((x) => (
              <li key={x.id}>
                <Link to={`/calls/${x.id}?council=${body.id}`}>
                  <LangText text={x.title} />
                </Link>
                <p className="meta">
                  {t("terms.answer.started")}{" "}
                  <Num value={x.total.bodies.started} /> ·{" "}
                  {t("terms.answer.will-join")}{" "}
                  <Num value={x.total.bodies["will-join"]} /> ·{" "}
                  {t("call.metric_members")}{" "}
                  <Num
                    value={
                      x.total.members.started + x.total.members["will-join"]
                    }
                  />
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {c.referendums.length > 0 ? (
        <section className="card" data-testid="council-referendums">
          <h2>{t("council.referendums")}</h2>
          <ul className="list">
            {c.referendums.map((x) => (
              <li key={x.id}>
                <LangText text={x.title} />
                <p className="meta">
                  {x.options.map((o, k) => (
                    <span key={o}>
                      {k > 0 ? " · " : null}
                      {t(`terms.vote.${o}`)}{" "}
                      <Num value={x.total.counts[k] ?? 0} />
                    </span>
                  ))}
                </p>
                <p className="meta">
                  {t("council.referendumTurnout", {
                    cast: x.total.cast,
                    eligible: x.total.eligible,
                    bodies: x.total.bodies,
                  })}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
