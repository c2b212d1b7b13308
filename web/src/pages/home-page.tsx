/** @module The first page: who you are here, your bodies and seats, your requests, the current calls. */
import { useTranslation } from "react-i18next";
import type { CallList } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { NeedsKey } from "../components/action.js";
import { BodyLabel } from "../components/body-label.js";
import { JoinProgress } from "../components/join-progress.js";
import { LangText, When } from "../components/text.js";
import { UnreadMarker } from "../components/unread.js";
import { WaitingForYou } from "../components/waiting-for-you.js";
import { useIdentity } from "../identity/identity.js";
import { Link } from "../router.js";

export default function HomePage() {
  const { t } = useTranslation();
  const identity = useIdentity();
  const me = identity.me;
  const calls = useApi<CallList>("/api/calls", { any: true });
  return (
    <>
      <section className="hero">
        <h1>
          {identity.hub ? (
            <LangText text={identity.hub.name} />
          ) : (
            t("home.title")
          )}
        </h1>
        {/* A member who opens the app every day comes for what waits, right below. */}
        {identity.unlocked ? null : <p>{t("home.intro")}</p>}
      </section>
      {identity.stored === null ? (
        <section className="card">
          <h2>{t("home.startTitle")}</h2>
          <p>{t("home.startText")}</p>
          <p>
            <Link className="button" to="/identity">
              {t("home.createKey")}
            </Link>
          </p>
        </section>
      ) : !identity.signedIn ? (
        <section className="card">
          <h2>{t("home.unlockTitle")}</h2>
          <NeedsKey>{null}</NeedsKey>
        </section>
      ) : null}
      {identity.unlocked ? <WaitingForYou /> : null}
      {me ? (
        <>
          <section className="card">
            <h2>{t("home.myBodies")}</h2>
            {me.bodies.length === 0 ? (
              <p className="muted">{t("home.noBodies")}</p>
            ) : (
              <ul className="list">
                {me.bodies.map((b) => (
                  <li key={b.id}>
                    <Link to={`/bodies/${b.id}`}>
                      <BodyLabel body={b} />
                    </Link>
                    {b.chair ? (
                      <span className="badge">{t("body.chair")}</span>
                    ) : null}
                    <UnreadMarker kind="body" id={b.id} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          {me.seats.length > 0 ? (
            <section className="card">
              <h2>{t("home.mySeats")}</h2>
              <ul className="list">
                {me.seats.map((s) => (
                  <li key={`${s.council} ${s.body}`}>
                    <Link to={`/bodies/${s.council}`}>
                      <LangText text={s.councilName} />
                    </Link>{" "}
                    <span className="muted">
                      {t("home.seatFor")} <LangText text={s.card.name} />
                    </span>
                  </li>
                ))}
              </ul>
              <p>
                <Link to={`/delegates/${me.member}`}>{t("home.myRecord")}</Link>
              </p>
            </section>
          ) : null}
          {me.attests.length > 0 ? (
            <section className="card" data-testid="my-attests">
              <h2>{t("home.myAttests")}</h2>
              <p className="hint">{t("home.attestsHint")}</p>
              <ul className="list">
                {me.attests.map((a) => (
                  <li key={`${a.council} ${a.body}`}>
                    <Link to={`/bodies/${a.body}`}>
                      <LangText text={a.card.name} />
                    </Link>{" "}
                    <span className="muted">
                      {t("home.attestsOn")} <LangText text={a.councilName} />
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {me.joinRequests.some((r) => r.status === "pending") ? (
            <section className="card">
              <h2>{t("join.progressTitle")}</h2>
              {me.joinRequests
                .filter((r) => r.status === "pending")
                .map((r) => (
                  <JoinProgress key={r.id} request={r} />
                ))}
            </section>
          ) : null}
        </>
      ) : null}
      {calls.data && calls.data.calls.length > 0 ? (
        <section className="card">
          <h2>{t("home.calls")}</h2>
          <ul className="list">
            {calls.data.calls.map((c) => (
              <li key={c.id}>
                <Link to={`/calls/${c.id}`}>
                  <LangText text={c.title} />
                </Link>{" "}
                <span className="muted">
                  <LangText text={c.councilName} /> · <When ms={c.startsAt} />
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <Link to="/federation">{t("home.seeFederation")}</Link>
      </p>
    </>
  );
}
