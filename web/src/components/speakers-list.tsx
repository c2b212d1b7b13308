/**
 * @module The speakers' list of one agenda item as the hub orders it: who has the floor now,
 * with their time left when the meeting set a speaking time, then those waiting — points of
 * order first, then pro and contra in the order asked.
 */
import { useTranslation } from "react-i18next";
import type { MeetingView, SpeakerRequest } from "../api/types.js";
import { SpeakingClock } from "./speaking-clock.js";
import { Name } from "./text.js";

export type SpeakersOfItem = MeetingView["speakers"][number];

function Side({ side }: { side: SpeakerRequest["side"] }) {
  const { t } = useTranslation();
  return (
    <span className={`badge side-${side}`}>{t(`meeting.side.${side}`)}</span>
  );
}

export function SpeakersList({
  list,
  largeClock = false,
}: {
  list: SpeakersOfItem | undefined;
  /** The projector's countdown, read across the hall. */
  largeClock?: boolean;
}) {
  const { t } = useTranslation();
  const speaking = list?.speaking ?? null;
  const queue = list?.queue ?? [];
  return (
    <div className="speakers" aria-live="polite">
      <p data-testid="speaking-now" className="speaking-now">
        {speaking === null ? (
          <span className="muted">{t("meeting.nobodySpeaking")}</span>
        ) : (
          <>
            {t("meeting.speakingNow")} <Name>{speaking.member.name}</Name>{" "}
            <Side side={speaking.side} />
          </>
        )}
      </p>
      {speaking !== null ? (
        <SpeakingClock until={list?.speakingUntil ?? null} large={largeClock} />
      ) : null}
      {queue.length === 0 ? (
        <p className="muted">{t("meeting.queueEmpty")}</p>
      ) : (
        <ol className="speaker-queue" data-testid="speaker-queue">
          {queue.map((s) => (
            <li key={s.id} data-side={s.side}>
              <Name>{s.member.name}</Name> <Side side={s.side} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
