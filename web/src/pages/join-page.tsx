/**
 * @module An invite link (`/join/<body>?n=<name>&fed=<federation>&fp=<certificate fingerprint>`):
 * checks it reached the hub the inviter meant, makes a key if there is none, and signs a join
 * request into the body by its id (its scope) — the key reads nothing of the body yet, so the
 * request names only the body's founding event and the federation's heads. Until members
 * vouch, the hub shows the newcomer nothing of the body (not even the request): the page says
 * the request is sent, and turns to "admitted" when the body becomes readable.
 */
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { normalizeName } from "../../../src/core/index.js";
import { ActionStatus, NeedsKey, useAction } from "../components/action.js";
import { When } from "../components/text.js";
import { useIdentity } from "../identity/identity.js";
import { useOfflineStatus } from "../offline/status.js";
import { Link, useLocation } from "../router.js";

function HubCheck({ fed, fp }: { fed: string | null; fp: string | null }) {
  const { t } = useTranslation();
  const { hub } = useIdentity();
  if (hub === null) return null;
  const fedOk = fed === null || fed === hub.federation;
  const fpOk =
    fp === null ||
    (hub.fingerprint !== null &&
      fp.toUpperCase() === hub.fingerprint.toUpperCase());
  if (fedOk && fpOk)
    return (
      <p className="ok">
        {fp ? t("join.fingerprintOk") : t("join.federationOk")}
      </p>
    );
  return (
    <div className="error" role="alert">
      <p>{t("join.hubMismatch")}</p>
      {fp ? (
        <p className="mono wrap" dir="ltr">
          {t("join.expected")} {fp}
          <br />
          {t("join.got")} {hub.fingerprint ?? "-"}
        </p>
      ) : null}
    </div>
  );
}

function QuickKey({ defaultName }: { defaultName: string }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const [name, setName] = useState(defaultName);
  const [pass, setPass] = useState("");
  const action = useAction();
  const ids = { name: useId(), pass: useId() };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(() => identity.create(name.trim(), pass));
  };
  return (
    <form onSubmit={submit}>
      <p>{t("join.needKey")}</p>
      <label htmlFor={ids.name}>{t("identity.name")}</label>
      <input
        id={ids.name}
        value={name}
        onChange={(e) => setName(e.target.value)}
        required
        maxLength={200}
        autoComplete="name"
      />
      <label htmlFor={ids.pass}>{t("identity.passphrase")}</label>
      <input
        id={ids.pass}
        type="password"
        value={pass}
        onChange={(e) => setPass(e.target.value)}
        required
        minLength={8}
        autoComplete="new-password"
      />
      <p className="hint">{t("identity.passphraseHint", { n: 8, count: 8 })}</p>
      <button type="submit" disabled={action.busy}>
        {action.busy ? t("common.working") : t("identity.create")}
      </button>
      <ActionStatus error={action.error} done={null} />
    </form>
  );
}

export default function JoinPage({ body }: { body: string }) {
  const { t } = useTranslation();
  const { query } = useLocation();
  const identity = useIdentity();
  const bodyName = query.get("n");
  const [name, setName] = useState("");
  const action = useAction();
  const id = useId();
  const { joins } = useOfflineStatus();
  const sent = joins.find((j) => j.body === body) ?? null;
  const member = identity.me?.bodies.some((b) => b.id === body) ?? false;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Signed in the one form the core accepts: NFC, no bidi or invisible characters.
    const shown =
      normalizeName(name) || normalizeName(identity.stored?.label ?? "");
    void action.run(
      () =>
        identity.act(
          body,
          "member.join-requested",
          { name: shown },
          { join: true },
        ),
      t("join.sent"),
    );
  };
  return (
    <>
      <h1>
        {t("join.title")} {bodyName ? <bdi>{bodyName}</bdi> : null}
      </h1>
      <HubCheck fed={query.get("fed")} fp={query.get("fp")} />
      <section className="card">
        {member ? (
          <p className="ok">
            {t("join.admitted")}{" "}
            <Link to={`/bodies/${body}`}>{t("join.open")}</Link>
          </p>
        ) : sent ? (
          <div data-testid="join-sent">
            <p className="ok">{t("join.sent")}</p>
            <p>{t("join.waitingForMembers")}</p>
            <p className="meta">
              <bdi>{sent.name}</bdi> · <When ms={sent.time} />
            </p>
          </div>
        ) : identity.stored === null ? (
          <QuickKey defaultName="" />
        ) : (
          <NeedsKey>
            <form onSubmit={submit}>
              <p>{t("join.explain")}</p>
              <label htmlFor={id}>{t("join.nameShown")}</label>
              <input
                id={id}
                value={name}
                placeholder={identity.stored.label}
                onChange={(e) => setName(e.target.value)}
                maxLength={200}
              />
              <button type="submit" disabled={action.busy}>
                {action.busy ? t("common.working") : t("join.ask")}
              </button>
              <ActionStatus error={action.error} done={action.done} />
            </form>
          </NeedsKey>
        )}
      </section>
    </>
  );
}
