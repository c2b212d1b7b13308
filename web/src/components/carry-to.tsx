/**
 * @module One council above that a demand may be carried to by attestation: carried already
 * (and where to see it), or — for a key that attests for the body — carried now, as a new
 * demand there or endorsing one already on its board.
 */
import { useTranslation } from "react-i18next";
import { useApi } from "../api/use-api.js";
import { Link } from "../router.js";
import { NeedsKey } from "./action.js";
import { LangText, textFor } from "./text.js";

/** One council a demand may be carried to. */
export function CarryTo({
  council,
  name,
  done,
  canCarry,
  into,
  onInto,
  busy,
  carry,
  lang,
}: {
  council: string;
  name: Record<string, string>;
  done: string | null;
  canCarry: boolean;
  into: string;
  onInto: (v: string) => void;
  busy: boolean;
  carry: () => void;
  lang: string;
}) {
  const { t } = useTranslation();
  const board = useApi<{
    demands: { id: string; title: Record<string, string> }[];
  }>(canCarry && !done ? `/api/demands?council=${council}` : null);
  return (
    <div className="forward" data-council={council}>
      <p>
        <Link to={`/bodies/${council}`}>
          <LangText text={name} />
        </Link>
      </p>
      {done ? (
        <p className="ok">
          {t("demands.forwarded")}{" "}
          <Link to={`/demands?council=${council}`}>
            {t("demands.seeBoard")}
          </Link>
        </p>
      ) : canCarry ? (
        <NeedsKey>
          <label>
            {t("demands.as")}
            <select value={into} onChange={(e) => onInto(e.target.value)}>
              <option value="">{t("demands.asNew")}</option>
              {(board.data?.demands ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {t("demands.endorse")} {textFor(d.title, lang)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={busy} onClick={carry}>
            {t("demands.forward")}
          </button>
        </NeedsKey>
      ) : (
        <p className="muted">{t("demands.notCarried")}</p>
      )}
    </div>
  );
}
