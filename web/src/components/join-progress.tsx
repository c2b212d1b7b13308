/**
 * @module A join request's admission progress: endorsements so far of those needed, or a
 * vote. The hub shows a request only to keys that read the body: a newcomer sees it once
 * admitted (until then, the join page says the request was sent).
 */
import { useTranslation } from "react-i18next";
import type { MeView } from "../api/types.js";
import { Link } from "../router.js";
import { LangText, NumOf } from "./text.js";

export function JoinProgress({
  request,
}: {
  request: MeView["joinRequests"][number];
}) {
  const { t } = useTranslation();
  const byVote = request.needed === 0;
  const have = request.endorsements;
  return (
    <div className="join-progress" data-status={request.status}>
      <p>
        {request.status === "admitted" ? (
          <Link to={`/bodies/${request.body}`}>
            <LangText text={request.bodyName} />
          </Link>
        ) : (
          <LangText text={request.bodyName} />
        )}
      </p>
      {request.status === "admitted" ? (
        <p className="ok">{t("join.admitted")}</p>
      ) : byVote ? (
        <p>{t("join.byVote")}</p>
      ) : (
        <>
          <progress
            max={request.needed}
            value={have}
            aria-label={t("join.progressLabel")}
          />
          <p>
            {t("join.endorsements")} <NumOf value={have} of={request.needed} />
          </p>
        </>
      )}
    </div>
  );
}
