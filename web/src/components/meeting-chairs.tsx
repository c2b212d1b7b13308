/**
 * @module Who chairs the meeting: the chairs it elected for itself (an election in the
 * meeting), or, until it elects one, the body's chairs — named, so the hall knows whose word
 * moves the agenda and the floor.
 */
import { useTranslation } from "react-i18next";
import type { MeetingView } from "../api/types.js";
import { Name } from "./text.js";

export function MeetingChairs({ chairs }: { chairs: MeetingView["chairs"] }) {
  const { t } = useTranslation();
  return (
    <p className="meeting-chairs" data-testid="meeting-chairs">
      {chairs === null || chairs.length === 0 ? (
        t("meeting.chairedByBody")
      ) : (
        <>
          {t("meeting.chairedBy")}{" "}
          {chairs.map((c, i) => (
            <span key={c.id}>
              {i > 0 ? ", " : null}
              <Name>{c.name}</Name>
            </span>
          ))}
        </>
      )}
    </p>
  );
}
