/**
 * @module Attendance and the quorum of those present, as the hub counts them with the body's
 * rules: how many voters are present, how many the quorum needs, met or not. Said in words and
 * figures, so a member reads whether the meeting may decide.
 */
import { useTranslation } from "react-i18next";
import type { MeetingQuorum } from "../api/types.js";
import { Num, NumOf } from "./text.js";

export function MeetingQuorumLine({ quorum }: { quorum: MeetingQuorum }) {
  const { t } = useTranslation();
  return (
    <div className="meeting-quorum" aria-live="polite">
      <p data-testid="meeting-present">
        {t("meeting.presentOf")}{" "}
        <NumOf value={quorum.present} of={quorum.voters} />
      </p>
      <p
        data-testid="meeting-quorum"
        data-met={quorum.met ? "yes" : "no"}
        className={quorum.met ? "ok" : "warn"}
      >
        {quorum.met ? t("meeting.quorumMet") : t("meeting.quorumNotMet")}{" "}
        {t("meeting.quorumNeeds")} <Num value={quorum.required} /> (
        <Num value={quorum.quorumPercent} />
        %)
      </p>
    </div>
  );
}
