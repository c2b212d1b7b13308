/** @module The hub's state hash and counts, and the logs of the bodies the viewer may audit. */
import { useTranslation } from "react-i18next";
import type { FederationView, StateView } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { BodyLabel } from "../components/body-label.js";
import { ErrorNote, Loading } from "../components/status.js";
import { Num } from "../components/text.js";
import { useIdentity } from "../identity/identity.js";
import { Link } from "../router.js";

export default function HubAuditPage() {
  const { t } = useTranslation();
  const { hub } = useIdentity();
  const state = useApi<StateView>("/api/state", { any: true });
  const fed = useApi<FederationView>("/api/federation");
  const readable = (fed.data?.levels ?? [])
    .flatMap((l) => l.bodies)
    .filter((b) => b.readable);
  return (
    <>
      <h1>{t("audit.hubTitle")}</h1>
      <ErrorNote error={state.error} />
      {state.data ? (
        <section className="card">
          <dl className="facts">
            <dt>{t("audit.stateHash")}</dt>
            <dd className="mono wrap" dir="ltr" data-testid="state-hash">
              {state.data.stateHash}
            </dd>
            <dt>{t("audit.events")}</dt>
            <dd>
              <Num value={state.data.events} />
            </dd>
            <dt>{t("audit.invalid")}</dt>
            <dd>
              <Num value={state.data.invalid} />
            </dd>
            <dt>{t("audit.quarantined")}</dt>
            <dd>
              <Num value={state.data.quarantined} />
            </dd>
            {hub ? (
              <>
                <dt>{t("audit.federation")}</dt>
                <dd className="mono wrap" dir="ltr">
                  {hub.federation}
                </dd>
                <dt>{t("audit.fingerprint")}</dt>
                <dd className="mono wrap" dir="ltr">
                  {hub.fingerprint ?? t("audit.noTls")}
                </dd>
              </>
            ) : null}
          </dl>
          <p className="hint">{t("audit.hashHint")}</p>
        </section>
      ) : (
        <Loading />
      )}
      <section className="card">
        <h2>{t("audit.bodyLogs")}</h2>
        {readable.length === 0 ? (
          <p className="muted">{t("audit.noLogs")}</p>
        ) : (
          <ul className="list">
            {readable.map((b) => (
              <li key={b.id}>
                <Link to={`/bodies/${b.id}/audit`}>
                  <BodyLabel body={b} />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
