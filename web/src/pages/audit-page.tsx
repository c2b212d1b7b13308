/**
 * @module A scope's event log (a body's, or the federation scope's), checked in this browser:
 * each event's id is recomputed from its envelope and its Ed25519 signature verified (noble,
 * no WebCrypto), beside what the hub's fold concluded (valid, invalid with its code,
 * redacted) and whether this phone's own copy holds it. The scope's hash is the hub's, next to
 * the one this phone folds: the same events give the same records.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BodyView, EventLogView, StateView } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { ErrorNote, Loading } from "../components/status.js";
import { TableWrap } from "../components/table-wrap.js";
import { LangText, Name, Num, ShortId, When } from "../components/text.js";
import { cryptoOps, useIdentity } from "../identity/identity.js";
import { useLocalChecks } from "../offline/local-fold.js";
import { Link } from "../router.js";

type Checked = Record<string, { id: boolean; signature: boolean }>;

export default function AuditPage({ body }: { body: string }) {
  const { t } = useTranslation();
  const { hub } = useIdentity();
  const local = useLocalChecks();
  const [before, setBefore] = useState<number | null>(null);
  const isFederation = hub?.federationScope === body;
  const info = useApi<BodyView>(isFederation ? null : `/api/bodies/${body}`);
  const state = useApi<StateView>("/api/state", { scopes: [body] });
  const log = useApi<EventLogView>(
    `/api/scopes/${body}/events?limit=50${before !== null ? `&before=${before}` : ""}`,
    { scopes: [body] },
  );
  const [checked, setChecked] = useState<Checked>({});
  useEffect(() => {
    const events = log.data?.events;
    if (!events) return;
    let cancelled = false;
    void cryptoOps().then((ops) => {
      const out: Checked = {};
      for (const e of events) {
        const wire = ops.fromBase64Url(e.wire);
        out[e.id] = wire
          ? ops.verifyWire(wire, e.id)
          : { id: false, signature: false };
      }
      if (!cancelled) setChecked((c) => ({ ...c, ...out }));
    });
    return () => {
      cancelled = true;
    };
  }, [log.data]);
  const events = log.data?.events ?? [];
  const verified = events.filter(
    (e) => checked[e.id]?.id && checked[e.id]?.signature,
  ).length;
  const atHub = state.data?.scopes.find((s) => s.scope === body) ?? null;
  const here = local?.holds(body) ? local.scopeHashes().get(body) : undefined;
  return (
    <>
      <p className="crumbs">
        {info.data ? (
          <Link to={`/bodies/${body}`}>
            <LangText text={info.data.name} />
          </Link>
        ) : isFederation && hub ? (
          <LangText text={hub.name} />
        ) : null}
      </p>
      <h1>{t("audit.title")}</h1>
      <ErrorNote error={log.error} />
      {atHub ? (
        <section className="card">
          <dl className="facts">
            <dt>{t("audit.scopeHash")}</dt>
            <dd className="mono wrap" dir="ltr" data-testid="scope-hash">
              {atHub.hash}
            </dd>
            <dt>{t("audit.scopeHashHere")}</dt>
            <dd
              className="mono wrap"
              dir="ltr"
              data-testid="scope-hash-here"
              data-match={here === undefined ? "" : String(here === atHub.hash)}
            >
              {here ?? t("audit.notHeldHere")}
            </dd>
            <dt>{t("audit.events")}</dt>
            <dd>
              <Num value={atHub.events} />
            </dd>
          </dl>
          {here !== undefined ? (
            here === atHub.hash ? (
              <p className="ok">{t("audit.sameHere")}</p>
            ) : (local?.eventsIn(body) ?? 0) < atHub.events ? (
              <p className="muted">{t("audit.behindHere")}</p>
            ) : (
              <p className="warn" role="alert">
                {t("audit.differsHere")}
              </p>
            )
          ) : null}
          <p className="hint">{t("audit.scopeHashHint")}</p>
        </section>
      ) : null}
      {log.loading && !log.data ? <Loading /> : null}
      {log.data ? (
        <section className="card">
          <h2>
            {t("audit.log")} (<Num value={log.data.total} />)
          </h2>
          <p aria-live="polite" data-testid="verified-count">
            {t("audit.verifiedHere", {
              n: verified,
              of: events.length,
              count: events.length,
            })}
          </p>
          <TableWrap label={t("audit.log")}>
            <table className="log">
              <thead>
                <tr>
                  <th scope="col">{t("audit.time")}</th>
                  <th scope="col">{t("audit.type")}</th>
                  <th scope="col">{t("audit.author")}</th>
                  <th scope="col">{t("audit.id")}</th>
                  <th scope="col">{t("audit.check")}</th>
                  <th scope="col">{t("audit.fold")}</th>
                  <th scope="col">{t("audit.heldHere")}</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => {
                  const c = checked[e.id];
                  return (
                    <tr key={e.id}>
                      <td>
                        <When ms={e.time} />
                      </td>
                      <td className="mono" dir="ltr">
                        {e.type}
                      </td>
                      <td>
                        {e.authorName ? (
                          <Name>{e.authorName}</Name>
                        ) : (
                          <ShortId id={e.author} />
                        )}
                      </td>
                      <td>
                        <ShortId id={e.id} />
                      </td>
                      <td>
                        {c === undefined ? (
                          "…"
                        ) : c.id && c.signature ? (
                          <span className="ok">✓ {t("audit.verified")}</span>
                        ) : (
                          <span className="error">✗ {t("audit.failed")}</span>
                        )}
                      </td>
                      <td>
                        {e.redacted ? (
                          t("audit.redacted")
                        ) : e.invalid ? (
                          <span className="warn">{e.invalid}</span>
                        ) : (
                          t("audit.valid")
                        )}
                      </td>
                      <td>
                        {local === null
                          ? "–"
                          : local.has(e.id)
                            ? "✓"
                            : t("audit.notYet")}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
          <div className="row">
            {before !== null ? (
              <button
                type="button"
                className="secondary"
                onClick={() => setBefore(null)}
              >
                {t("audit.newest")}
              </button>
            ) : null}
            {log.data.next !== null ? (
              <button
                type="button"
                className="secondary"
                onClick={() => setBefore(log.data!.next)}
              >
                {t("audit.older")}
              </button>
            ) : null}
          </div>
        </section>
      ) : null}
    </>
  );
}
