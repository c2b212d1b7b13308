/**
 * @module What the councils above were told about a body, checked against the body's own
 * log: every claim its attesters (or anyone holding an attester key) signed on a council, and
 * whether the log says the same. Checked on this phone's own fold when the key is unlocked and
 * the phone holds the body — so a rogue chair's invented election shows up here to members
 * even if the hub says nothing of it; otherwise the hub's check is shown, and said to be the
 * hub's.
 */
import { useTranslation } from "react-i18next";
import type { BodyView, ClaimAuditView, Text } from "../api/types.js";
import { useLocalChecks } from "../offline/local-fold.js";
import { isolate, useClaimWords } from "./claim-text.js";
import { textFor } from "./text.js";

export function AttestationAudit({ body }: { body: BodyView }) {
  const { t, i18n } = useTranslation();
  const local = useLocalChecks();
  const words = useClaimWords();
  const mine = local?.audit(body.id) ?? null;
  const audit: readonly ClaimAuditView[] = mine ?? body.audit;
  const here = mine !== null;
  if (audit.length === 0 && body.delegations.length === 0) return null;
  const councils = new Map<string, Text>(
    body.delegations.map((d) => [d.council, d.councilName]),
  );
  const councilName = (c: string) =>
    isolate(textFor(councils.get(c), i18n.language) || t("attest.aCouncil"));
  const nameOf = (member: string) =>
    local?.nameIn(body.id, member) ??
    body.memberList.find((m) => m.id === member)?.name ??
    member.slice(0, 8);
  const mismatches = audit.filter((a) => a.status === "mismatch");
  const rest = audit.filter((a) => a.status !== "mismatch");
  const item = (a: ClaimAuditView) => {
    const claim = local?.claim(a.council, a.hash) ?? null;
    const said = words(claim, a.kind, nameOf);
    const who = a.signers.map((k) => isolate(nameOf(k)));
    return (
      <li
        key={`${a.council} ${a.hash}`}
        data-status={a.status}
        className={a.status === "mismatch" ? "mismatch" : undefined}
      >
        {a.status === "mismatch" ? (
          <p data-testid="audit-mismatch">
            <strong>
              {t("attest.mismatchSentence", {
                who: who.join(t("common.separator")) || "?",
                council: councilName(a.council),
                claim: said,
              })}
            </strong>
          </p>
        ) : (
          <p>
            {councilName(a.council)}: {said}
          </p>
        )}
        <p className="meta">
          <span className={`badge audit-${a.status}`}>
            {t(`attest.status.${a.status}`)}
          </span>{" "}
          {a.superseded
            ? t("attest.superseded")
            : a.effective
              ? t("attest.effective")
              : t("attest.waiting")}
        </p>
      </li>
    );
  };
  return (
    <section
      className="card audit-claims"
      data-testid="attestation-audit"
      data-checked={here ? "here" : "hub"}
    >
      <h2>{t("attest.auditTitle")}</h2>
      <p className="hint">
        {here ? t("attest.auditHere") : t("attest.auditHub")}
      </p>
      {mismatches.length === 0 ? (
        <p className="ok" data-testid="audit-clean">
          {audit.length === 0
            ? t("attest.auditNone")
            : t("attest.auditAllMatch", { n: audit.length })}
        </p>
      ) : (
        <p className="error" role="alert" data-testid="audit-mismatches">
          {t("attest.auditMismatches", { n: mismatches.length })}
        </p>
      )}
      {here && body.mismatches !== mismatches.length ? (
        <p className="warn" data-testid="audit-hub-differs">
          {t("attest.hubDiffers", {
            hub: body.mismatches,
            here: mismatches.length,
            count: body.mismatches,
          })}
        </p>
      ) : null}
      {mismatches.length > 0 ? (
        <ul className="list claims">{mismatches.map(item)}</ul>
      ) : null}
      {rest.length > 0 ? (
        <details>
          <summary>{t("common.showAll", { n: rest.length })}</summary>
          <ul className="list claims">{rest.map(item)}</ul>
        </details>
      ) : null}
    </section>
  );
}
