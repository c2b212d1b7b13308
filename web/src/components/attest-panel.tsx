/**
 * @module For a body's attesters: the claims its own log implies that the councils above do
 * not hold yet — elections, recalls, vacancies, the mandate, the member count, answers to
 * calls — and one button that signs `attestation.made` for each, in the council's scope.
 * The claims are computed on this phone's fold, never taken from the hub (a hub that made
 * attesters sign what it likes would be the rogue chair); locked, the hub's list is shown.
 */
import { useTranslation } from "react-i18next";
import type { BodyView, Text } from "../api/types.js";
import { useIdentity } from "../identity/identity.js";
import { useLocalChecks } from "../offline/local-fold.js";
import { ActionStatus, NeedsKey, useAction } from "./action.js";
import { isolate, useClaimWords } from "./claim-text.js";
import { textFor } from "./text.js";

export function AttestPanel({ body }: { body: BodyView }) {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const local = useLocalChecks();
  const words = useClaimWords();
  const action = useAction();
  const mine = local?.pending(body.id) ?? null;
  if (body.viewer.attesterOn.length === 0 && (mine?.length ?? 0) === 0)
    return null;
  const councils = new Map<string, Text>(
    body.delegations.map((d) => [d.council, d.councilName]),
  );
  const nameOf = (member: string) =>
    local?.nameIn(body.id, member) ??
    body.memberList.find((m) => m.id === member)?.name ??
    member.slice(0, 8);
  const list =
    mine?.map((p) => ({
      council: p.council,
      hash: p.hash,
      kind: p.claim.kind,
      claim: p.claim as unknown as Readonly<Record<string, unknown>>,
      signers: p.signers.length,
    })) ??
    body.pending
      .filter((p) => !p.signedByMe)
      .map((p) => ({
        council: p.council,
        hash: p.hash,
        kind: p.kind,
        claim: p.claim,
        signers: p.signers.length,
      }));
  const thresholdOf = (council: string) =>
    local?.attesters(council, body.id)?.threshold ??
    body.delegations.find((d) => d.council === council)?.threshold ??
    1;
  return (
    <section
      className="card attest"
      data-testid="attest"
      data-checked={mine !== null ? "here" : "hub"}
    >
      <h2>{t("attest.title")}</h2>
      <p className="hint">{t("attest.text")}</p>
      {list.length === 0 ? (
        <p className="ok" data-testid="attest-nothing">
          {t("attest.nothing")}
        </p>
      ) : (
        <ul className="list claims" data-testid="attest-pending">
          {list.map((p) => (
            <li key={`${p.council} ${p.hash}`} data-kind={p.kind}>
              <p>
                {isolate(
                  textFor(councils.get(p.council), i18n.language) ||
                    t("attest.aCouncil"),
                )}
                : {words(p.claim, p.kind, nameOf)}
              </p>
              <p className="meta">
                {t("attest.signedSoFar", {
                  n: p.signers,
                  k: thresholdOf(p.council),
                })}
              </p>
            </li>
          ))}
        </ul>
      )}
      {list.length > 0 ? (
        <NeedsKey>
          {mine === null ? (
            <p className="muted">{t("attest.loading")}</p>
          ) : (
            <button
              type="button"
              disabled={action.busy}
              onClick={() =>
                void action.run(async () => {
                  const r = await identity.attest(body.id);
                  return r;
                }, t("attest.done"))
              }
            >
              {action.busy ? t("common.working") : t("attest.sign")}
            </button>
          )}
        </NeedsKey>
      ) : null}
      <ActionStatus error={action.error} done={action.done} />
    </section>
  );
}
