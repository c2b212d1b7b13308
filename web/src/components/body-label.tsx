/** @module A body's name with what it is (a workplace assembly, a regional council…). */
import { useTranslation } from "react-i18next";
import type { BodySummary } from "../api/types.js";
import { LangText } from "./text.js";

/** The words for what a body is. */
export function useBodyKind(): (
  b: Pick<BodySummary, "kind" | "level" | "setting">,
) => string {
  const { t } = useTranslation();
  return (b) =>
    b.kind === "council"
      ? t(`terms.level.${b.level ?? "sectoral"}`)
      : b.kind === "assembly"
        ? t(`terms.setting.${b.setting ?? "other"}`)
        : t("terms.kind.committee");
}

export function BodyLabel({
  body,
}: {
  body: Pick<BodySummary, "name" | "kind" | "level" | "setting">;
}) {
  const kind = useBodyKind();
  return (
    <span className="body-label">
      <LangText text={body.name} />
      <span className="kind">{kind(body)}</span>
    </span>
  );
}
