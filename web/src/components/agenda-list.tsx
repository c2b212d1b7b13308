/**
 * @module A meeting's agenda in the chair's order, the item under discussion marked (in
 * words for screen readers, not only by colour); the chair's controls, when given, sit on
 * each item.
 */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { AgendaItem } from "../api/types.js";
import { Link } from "../router.js";
import { LangText } from "./text.js";

export function AgendaList({
  items,
  current,
  controls,
}: {
  items: readonly AgendaItem[];
  current: string | null;
  /** The chair's buttons for an item at a place in the order. */
  controls?: (item: AgendaItem, index: number) => ReactNode;
}) {
  const { t } = useTranslation();
  if (items.length === 0)
    return <p className="muted">{t("meeting.agendaEmpty")}</p>;
  return (
    <ol className="agenda" data-testid="agenda">
      {items.map((item, i) => {
        const now = item.id === current;
        return (
          <li
            key={item.id}
            className={now ? "current" : undefined}
            aria-current={now ? "step" : undefined}
            data-item={item.id}
          >
            <span className="agenda-title">
              <LangText text={item.title} />
            </span>{" "}
            <span className="badge">{t(`meeting.kind.${item.kind}`)}</span>
            {now ? (
              <span className="badge mine">{t("meeting.currentItem")}</span>
            ) : null}
            {item.motion !== null ? (
              <>
                {" "}
                <Link to={`/motions/${item.motion}`} className="agenda-motion">
                  {t("meeting.toMotion")}
                </Link>
              </>
            ) : null}
            {controls ? controls(item, i) : null}
          </li>
        );
      })}
    </ol>
  );
}
