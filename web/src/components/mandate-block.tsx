/**
 * @module A delegate's mandate as a body gave it: its instructions (only in the body's own
 * scope — a council is told the positions) and the position bound on each council motion.
 */
import { useTranslation } from "react-i18next";
import type { Mandate } from "../api/types.js";
import { Link } from "../router.js";
import { ChoiceText } from "./choice-text.js";
import { LangText } from "./text.js";

/** `positionsOnly`: a council's list of its delegates shows what binds them there, not the body's words. */
export function MandateBlock({
  mandate,
  positionsOnly = false,
}: {
  mandate: Mandate;
  positionsOnly?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="mandate">
      <h4>{t("delegate.mandate")}</h4>
      {mandate.instructions && !positionsOnly ? (
        <p>
          <LangText text={mandate.instructions} />
        </p>
      ) : null}
      {mandate.positions.map((p) => (
        <p key={p.motion} className="meta">
          <Link to={`/motions/${p.motion}`}>
            {p.title ? <LangText text={p.title} /> : t("council.aMotion")}
          </Link>
          {": "}
          <ChoiceText choice={p.choice} />
        </p>
      ))}
    </div>
  );
}
