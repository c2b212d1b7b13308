/**
 * @module An invite link (`/join/<body>?n=<name>&fed=<federation>&fp=<certificate fingerprint>`):
 * checks it reached the hub the inviter meant, makes a key if there is none, sends the join
 * request, and shows the admission progress as members endorse it.
 */
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ActionStatus, NeedsKey, useAction } from "../components/action.js";
import { JoinProgress } from "../components/join-progress.js";
import { useIdentity } from "../identity/identity.js";
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
      <p className="hint">{t("identity.passphraseHint", { n: 8 })}</p>
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
  const request =
    identity.me?.joinRequests.filter((r) => r.body === body).at(-1) ?? null;
  const member = identity.me?.bodies.some((b) => b.id === body) ?? false;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const shown =
      name.trim() || identity.me?.name || identity.stored?.label || "";
    void action.run(
      () =>
        identity.act(
          "member.join-requested",
          { body, name: shown },
          { anchor: body },
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
        ) : request && request.status !== "ended" ? (
          <JoinProgress request={request} />
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
                placeholder={identity.me?.name ?? identity.stored.label}
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
