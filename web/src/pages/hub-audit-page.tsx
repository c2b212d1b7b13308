/**
 * @module The state of the scopes the viewer reads, as the hub has them — per scope its hash
 * and events, and the state hash over them — beside this phone's own copy: which scopes it
 * holds (exactly those the key may read, no more), and whether each folds to the hub's hash.
 */
import { useTranslation } from "react-i18next";
import type { FederationView, StateView, Text } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { ErrorNote, Loading } from "../components/status.js";
import { TableWrap } from "../components/table-wrap.js";
import { LangText, Num, ShortId } from "../components/text.js";
import { useIdentity } from "../identity/identity.js";
import { useLocalChecks } from "../offline/local-fold.js";
import { useOfflineStatus } from "../offline/status.js";
import { Link } from "../router.js";

export default function HubAuditPage() {
  const { t } = useTranslation();
  const { hub } = useIdentity();
  const local = useLocalChecks();
  const { replica } = useOfflineStatus();
  const state = useApi<StateView>("/api/state", { any: true });
  const fed = useApi<FederationView>("/api/federation");
  const names = new Map<string, Text>();
  for (const l of fed.data?.levels ?? [])
    for (const b of l.bodies) names.set(b.id, b.name);
  if (hub?.federationScope) names.set(hub.federationScope, hub.name);
  const atHub = state.data?.scopes ?? [];
  const hashes = local?.scopeHashes() ?? null;
  const heldHere = local?.scopes() ?? [];
  const readHere = atHub.map((s) => s.scope);
  const same =
    local !== null &&
    heldHere.length === readHere.length &&
    heldHere.every((s) => readHere.includes(s));
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
      {local !== null && state.data ? (
        <p
          className={same ? "ok" : "warn"}
          data-testid="scopes-here"
          data-here={heldHere.join(" ")}
          data-hub={readHere.join(" ")}
          data-synced={replica?.syncing === false ? "yes" : "no"}
        >
          {same
            ? t("audit.scopesSame", {
                n: heldHere.length,
                count: heldHere.length,
              })
            : t("audit.scopesDiffer", {
                here: heldHere.length,
                hub: readHere.length,
                count: heldHere.length,
              })}
        </p>
      ) : null}
      <section className="card">
        <h2>{t("audit.scopes")}</h2>
        {atHub.length === 0 ? (
          <p className="muted">{t("audit.noLogs")}</p>
        ) : (
          <TableWrap label={t("audit.scopes")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("audit.scope")}</th>
                  <th scope="col">{t("audit.events")}</th>
                  <th scope="col">{t("audit.scopeHash")}</th>
                  <th scope="col">{t("audit.onThisPhone")}</th>
                </tr>
              </thead>
              <tbody>
                {atHub.map((s) => {
                  const mine = hashes?.get(s.scope);
                  return (
                    <tr
                      key={s.scope}
                      data-testid="scope-row"
                      data-scope={s.scope}
                      data-match={
                        mine === undefined ? "" : String(mine === s.hash)
                      }
                    >
                      <th scope="row">
                        <Link to={`/bodies/${s.scope}/audit`}>
                          {names.has(s.scope) ? (
                            <LangText text={names.get(s.scope)} />
                          ) : (
                            <ShortId id={s.scope} />
                          )}
                        </Link>
                      </th>
                      <td>
                        <Num value={s.events} />
                      </td>
                      <td>
                        <ShortId id={s.hash} />
                      </td>
                      <td>
                        {hashes === null
                          ? "–"
                          : mine === undefined
                            ? t("audit.notHeldHere")
                            : mine === s.hash
                              ? `✓ ${t("audit.same")}`
                              : (local?.eventsIn(s.scope) ?? 0) < s.events
                                ? t("audit.behind")
                                : `✗ ${t("audit.differs")}`}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </>
  );
}
