/**
 * @module The warning on a join request whose name looks like a name already in the body
 * (the hub's `lookalikeOf`, core's skeletons) or mixes alphabets in one word: an informer's
 * usual way to pass as a known comrade. Shown to everyone who can vouch or vote.
 */
import { useTranslation } from "react-i18next";
import type { BodyView } from "../api/types.js";

type JoinRequest = BodyView["joinRequests"][number];

/** First-strong isolation for each name, so a name of the other direction keeps its place. */
const isolate = (name: string) => `\u2068${name}\u2069`;

export function LookalikeWarning({ request }: { request: JoinRequest }) {
  const { t } = useTranslation();
  if (request.lookalikeOf.length === 0 && !request.mixedScript) return null;
  return (
    <>
      {request.lookalikeOf.length > 0 ? (
        <p className="warn" data-testid="join-lookalike">
          {t("body.lookalike", {
            names: request.lookalikeOf.map((n) => isolate(n.name)).join(", "),
          })}
        </p>
      ) : null}
      {request.mixedScript ? (
        <p className="warn" data-testid="join-mixed-script">
          {t("body.mixedScript")}
        </p>
      ) : null}
    </>
  );
}
