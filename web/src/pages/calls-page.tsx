/** @module Calls to action: every call the viewer may see, newest first, with its totals. */
import { useTranslation } from "react-i18next";
import type { CallList } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { ErrorNote, Loading } from "../components/status.js";
import { LangText, Num, When } from "../components/text.js";
import { Link } from "../router.js";

export default function CallsPage() {
  const { t } = useTranslation();
  const data = useApi<CallList>("/api/calls", { any: true });
  return (
    <>
      <h1>{t("calls.title")}</h1>
      <ErrorNote error={data.error} />
      {data.loading && !data.data ? <Loading /> : null}
      {data.data && data.data.calls.length === 0 ? (
        <p className="note">{t("calls.none")}</p>
      ) : null}
      <ul className="list">
        {data.data?.calls.map((c) => (
          <li key={c.id} className="card">
            <h2>
              <Link to={`/calls/${c.id}`}>
                <LangText text={c.title} />
              </Link>
            </h2>
            <p className="meta">
              {t(`terms.action.${c.kind}`)} · <LangText text={c.councilName} />{" "}
              · <When ms={c.startsAt} />
            </p>
            {c.total ? (
              <p>
                {t("terms.answer.started")}:{" "}
                <Num value={c.total.bodies.started} /> ·{" "}
                {t("terms.answer.will-join")}:{" "}
                <Num value={c.total.bodies["will-join"]} />
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
