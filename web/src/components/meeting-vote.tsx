/**
 * @module A vote taken in a meeting, as the phones and the projector show it: the motion's
 * title, how many present at its opening may vote (its electorate, frozen there — who came
 * later does not vote on it), the live count and, once closed, the outcome; with a link to the
 * motion's page, where the ballot is cast.
 */
import { useTranslation } from "react-i18next";
import type { MotionView } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { Link } from "../router.js";
import { LangText, Num, NumOf } from "./text.js";

export function MeetingVote({
  motion,
  body,
  large = false,
}: {
  motion: string;
  body: string;
  /** On the projector: the count in large figures. */
  large?: boolean;
}) {
  const { t } = useTranslation();
  const data = useApi<MotionView>(`/api/motions/${motion}`, {
    scopes: [body],
  });
  const v = data.data;
  if (v === null) return null;
  const electorate = v.electorate ?? v.eligible;
  return (
    <div
      className={large ? "projector-motion" : "meeting-vote"}
      data-testid="meeting-vote"
      data-motion={motion}
    >
      <p className="meeting-vote-title">
        <strong>
          <LangText text={v.title} />
        </strong>
      </p>
      <p data-testid="meeting-vote-electorate">
        {t("meeting.electorate", { count: electorate, n: electorate })}
      </p>
      {v.method === "yes-no-abstain" ? (
        <p
          className={large ? "projector-count" : undefined}
          data-testid="meeting-vote-count"
        >
          {t("terms.vote.yes")} <Num value={v.live.yes} /> ·{" "}
          {t("terms.vote.no")} <Num value={v.live.no} /> ·{" "}
          {t("terms.vote.abstain")} <Num value={v.live.abstain} />
        </p>
      ) : null}
      <p className="meta">
        {t("motion.voters")} <NumOf value={v.live.voters} of={electorate} />
        {v.outcome ? (
          <>
            {" · "}
            <strong data-testid="meeting-vote-outcome">
              {t(`terms.outcome.${v.outcome}`)}
            </strong>
          </>
        ) : null}
      </p>
      <p>
        <Link to={`/motions/${motion}`}>{t("meeting.toMotion")}</Link>
      </p>
    </div>
  );
}
