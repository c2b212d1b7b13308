/**
 * @module A claim about a body — what its attesters told a council above — in words: who
 * was elected, recalled or left, a mandate, a member count, a demand carried up, answers to
 * a call, a new set of attesters. Names and titles from the events are isolated from the
 * sentence's direction.
 */
import { useTranslation } from "react-i18next";
import type { Text } from "../api/types.js";
import { textFor } from "./text.js";

/** A claim as it travels (the `claim` of `attestation.made`), loosely typed: it comes from the hub or the fold. */
export type ClaimLike = Readonly<Record<string, unknown>> & {
  readonly kind?: unknown;
};

/** Wraps text of either direction in Unicode isolates (what `<bdi>` does, inside a sentence). */
export function isolate(s: string): string {
  return `\u2068${s}\u2069`;
}

export function useClaimWords(): (
  claim: ClaimLike | null,
  kind: string,
  nameOf: (member: string) => string,
) => string {
  const { t, i18n } = useTranslation();
  return (claim, kind, nameOf) => {
    const c = (claim ?? {}) as Record<string, unknown>;
    const names = (list: unknown) =>
      Array.isArray(list)
        ? list
            .map((e) => isolate(String((e as { name?: unknown }).name ?? "")))
            .join(t("common.separator"))
        : "";
    switch (claim === null ? kind : String(c.kind)) {
      case "seats":
        return Array.isArray(c.elected) && c.elected.length > 0
          ? t("claim.seats", { names: names(c.elected) })
          : t("claim.seatsNobody");
      case "recall":
        return t("claim.recall", {
          name: isolate(nameOf(String(c.member ?? ""))),
        });
      case "vacancy":
        return t("claim.vacancy", {
          name: isolate(nameOf(String(c.member ?? ""))),
        });
      case "mandate":
        return t("claim.mandate", {
          n: Array.isArray(c.positions) ? c.positions.length : 0,
        });
      case "members":
        return typeof c.count === "number"
          ? t("claim.members", { n: c.count, count: c.count })
          : t("claim.kind.members");
      case "demand":
        return c.title
          ? t("claim.demand", {
              title: isolate(textFor(c.title as Text, i18n.language)),
            })
          : t("claim.kind.demand");
      case "answers":
        return t("claim.answers");
      case "attesters":
        return Array.isArray(c.attesters)
          ? t("claim.attesters", {
              n: c.attesters.length,
              count: c.attesters.length,
              k: Number(c.threshold ?? 1),
            })
          : t("claim.kind.attesters");
      case "supersede":
        return t("claim.supersede");
      default:
        return t("claim.other");
    }
  };
}
