/**
 * @module A secret vote on the motion page (docs/events.md §6.6): what secrecy protects and
 * what not, the figures anyone can check, where the member's own secret vote stands (tokens,
 * the sealed choice, "your ballot was counted"), the registrar's part; and, on a body's page,
 * offering to be a registrar with a key made in this browser.
 */
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BodyView, Choice, MotionView } from "../api/types.js";
import { errorMessage } from "../i18n/i18n.js";
import { useIdentity } from "../identity/identity.js";
import { useOfflineStatus } from "../offline/status.js";
import { ActionStatus, NeedsKey, useAction } from "./action.js";
import { ChoiceText } from "./choice-text.js";
import { CommandLine } from "./command-line.js";
import { Name, Num } from "./text.js";

/** That the vote is secret, what that protects and what not, and the figures to check. */
export function SecretNotice({ m }: { m: MotionView }) {
  const { t } = useTranslation();
  const s = m.secret;
  if (s === null) return null;
  return (
    <section className="card secret" data-testid="secret-notice">
      <h2>{t("secret.title")}</h2>
      <p>{t("secret.protects")}</p>
      <p className="warn">{t("secret.notProtects")}</p>
      <p className="meta" data-testid="secret-figures">
        {t("secret.roll")} <Num value={s.rollSize} /> · {t("secret.requests")}{" "}
        <Num value={s.requests} /> · {t("secret.ballots")}{" "}
        <Num value={s.ballots} />
      </p>
      <ul className="meta">
        {s.registrars.map((r) => (
          <li key={r.offer}>
            {t("secret.registrarIssued")} <Name>{r.registrar.name}</Name>:{" "}
            <Num value={r.issued} />
          </li>
        ))}
      </ul>
      {s.doubleSpends > 0 ? (
        <p className="warn">
          {t("secret.doubleSpends")} <Num value={s.doubleSpends} />
        </p>
      ) : null}
      {s.overIssued ? (
        <p className="error" role="alert">
          {t("secret.overIssued")}
        </p>
      ) : null}
    </section>
  );
}

/** The member's own secret vote as this browser knows it; null before anything was asked. */
export function useSecretVote(motion: string) {
  return (
    useOfflineStatus().secretVotes.find((v) => v.motion === motion) ?? null
  );
}

/**
 * Asks for the tokens once, as soon as a member who may vote opens the motion unlocked, so
 * they are here when the member votes — offline too.
 */
export function useTokensEarly(m: MotionView): void {
  const identity = useIdentity();
  const mine = useSecretVote(m.id);
  const asked = useRef(false);
  const ready = useOfflineStatus().replica !== null;
  useEffect(() => {
    if (
      m.secret === null ||
      !m.viewer.canVote ||
      !identity.unlocked ||
      mine !== null ||
      !ready ||
      asked.current
    )
      return;
    asked.current = true;
    identity.secretVote(m.id, null).catch(() => {
      asked.current = false;
    });
  }, [m, identity, mine, ready]);
}

/** Where the member's secret vote stands, in words. */
export function SecretVoteState({ m }: { m: MotionView }) {
  const { t } = useTranslation();
  const mine = useSecretVote(m.id);
  if (mine === null || mine.step === "unused") return null;
  const left = mine.waitingFor.length;
  const words =
    mine.step === "waiting-tokens" && mine.choice !== null
      ? t("secret.step.chosen", { n: left })
      : mine.step === "refused"
        ? t("secret.step.refused", {
            reason: errorMessage(mine.refused ?? "INTERNAL"),
          })
        : t(`secret.step.${mine.step}`, { n: left });
  const good = mine.step === "counted" || mine.step === "held";
  const bad = mine.step === "refused" || mine.step === "not-counted";
  return (
    <div data-testid="secret-vote" data-step={mine.step}>
      <p className={bad ? "error" : good ? "ok" : "waiting"}>{words}</p>
      {mine.choice !== null ? (
        <p className="meta">
          {t("secret.yourChoice")}{" "}
          <ChoiceText
            choice={mine.choice as unknown as Choice}
            options={m.options}
          />
        </p>
      ) : null}
    </div>
  );
}

/** True once the member's secret ballot is cast (signed): no second one. */
export function isSecretCast(step: string | undefined): boolean {
  return (
    step === "waiting-to-send" ||
    step === "sent" ||
    step === "held" ||
    step === "counted" ||
    step === "not-counted"
  );
}

/** A registrar's part of an open secret motion: answered here automatically, or elsewhere. */
export function RegistrarCard({ m }: { m: MotionView }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const work = useOfflineStatus().registrarWork.find((w) => w.motion === m.id);
  const me = identity.me?.member;
  const mine = m.secret?.registrars.find((r) => r.registrar.id === me);
  if (m.status !== "open" || mine === undefined) return null;
  const pending =
    work?.pending ?? Math.max(0, m.secret!.requests - mine.issued);
  return (
    <section className="card" data-testid="registrar-card">
      <h2>{t("secret.registrar.title")}</h2>
      <p className="hint">{t("secret.registrar.what")}</p>
      {work === undefined ? (
        <NeedsKey>
          <p className="meta">{t("secret.registrar.checking")}</p>
        </NeedsKey>
      ) : work.keyHere ? (
        <p className="ok" data-testid="registrar-auto">
          {t("secret.registrar.auto")} <Num value={pending} />
        </p>
      ) : (
        <>
          <p className="warn" data-testid="registrar-elsewhere">
            {t("secret.registrar.elsewhere")} <Num value={pending} />
          </p>
          <CommandLine lines={["kenges registrar issue"]} />
        </>
      )}
    </section>
  );
}

/** On a body's page: offer to be a registrar of a secret vote, with a key made here. */
export function OfferRegistrar({ body }: { body: BodyView }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const [offer, setOffer] = useState<string | null>(null);
  if (body.kind === "council") return null;
  return (
    <section className="card" data-testid="offer-registrar">
      <h2>{t("secret.offer.title")}</h2>
      <p className="hint">{t("secret.offer.hint")}</p>
      <NeedsKey>
        <button
          type="button"
          className="secondary"
          disabled={action.busy}
          onClick={() =>
            void action.run(async () =>
              setOffer(await identity.offerRegistrar(body.id)),
            )
          }
        >
          {action.busy ? t("common.working") : t("secret.offer.button")}
        </button>
      </NeedsKey>
      {offer !== null ? (
        <div className="ok">
          <p>{t("secret.offer.done")}</p>
          <p>
            <code className="mono wrap" data-testid="registrar-offer" dir="ltr">
              {offer}
            </code>
          </p>
        </div>
      ) : null}
      <ActionStatus error={action.error} done={null} />
    </section>
  );
}
