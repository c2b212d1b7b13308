/**
 * @module A body's meetings on its page: open ones first, each with its quorum of those
 * present; a chair convenes a new one (a title, when, where — the place may stay vague, since
 * the record is signed and kept); members demand one and join demands (meeting-demands.tsx).
 */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.js";
import type {
  BodyView,
  MeetingList,
  MeetingSummary,
  NewDoor,
} from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { useIdentity } from "../identity/identity.js";
import { Link, navigate } from "../router.js";
import { ActionStatus, NeedsKey, useAction } from "./action.js";
import { MeetingDemands } from "./meeting-demands.js";
import { useMeetingWords } from "./meeting-words.js";
import { LangText, Num, When } from "./text.js";

function ConveneForm({ body }: { body: BodyView }) {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const words = useMeetingWords();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    let convened: string | null = null;
    void action
      .run(async () => {
        // A door key kept by the hub, so members can check themselves in by the projector's
        // code; a hub that keeps none (or none in reach) leaves the check-in to a chair.
        const door = await api<NewDoor>(`/api/bodies/${body.id}/door`, {
          method: "POST",
        }).then(
          (d) => d.door,
          () => null,
        );
        const r = await identity.act(body.id, "meeting.convened", {
          ...words.payload(i18n.language),
          ...(door === null ? {} : { door }),
        });
        convened = r.outcome === "waiting" ? null : r.id;
      })
      .then((ok) => {
        if (ok && convened !== null) navigate(`/meetings/${convened}`);
      });
  };
  return (
    <NeedsKey>
      <form onSubmit={submit} data-testid="convene-form">
        {words.fields}
        <p className="hint">{t("meeting.doorHint")}</p>
        <button type="submit" disabled={action.busy || !words.ready}>
          {action.busy ? t("common.working") : t("meeting.convene")}
        </button>
        <ActionStatus error={action.error} done={action.done} />
      </form>
    </NeedsKey>
  );
}

function MeetingLine({ m }: { m: MeetingSummary }) {
  const { t } = useTranslation();
  return (
    <li data-status={m.status} data-testid="meeting-line">
      <Link to={`/meetings/${m.id}`}>
        <LangText text={m.title} />
      </Link>
      <p className="meta">
        <span className={m.status === "open" ? "badge mine" : "badge"}>
          {t(`meeting.status.${m.status}`)}
        </span>{" "}
        {m.when ? <bdi>{m.when}</bdi> : <When ms={m.convenedAt} dateOnly />}
        {m.place ? (
          <>
            {" · "}
            <bdi>{m.place}</bdi>
          </>
        ) : null}
        {m.status === "open" ? (
          <>
            {" · "}
            {t("meeting.presentShort")} <Num value={m.quorum.present} />
          </>
        ) : null}
      </p>
    </li>
  );
}

export function MeetingsSection({ body }: { body: BodyView }) {
  const { t } = useTranslation();
  const list = useApi<MeetingList>(`/api/bodies/${body.id}/meetings`, {
    scopes: [body.id],
  });
  const [convening, setConvening] = useState(false);
  const meetings = list.data?.meetings ?? [];
  // Open meetings first; each group newest first, as the hub sends them.
  const ordered = [
    ...meetings.filter((m) => m.status === "open"),
    ...meetings.filter((m) => m.status !== "open"),
  ];
  const pending = list.data?.demands.length ?? 0;
  if (
    ordered.length === 0 &&
    pending === 0 &&
    !body.chair &&
    !body.viewer.member
  )
    return null;
  return (
    <section className="card" data-testid="meetings">
      <h2>{t("meeting.meetings")}</h2>
      {ordered.length === 0 ? (
        <p className="muted">{t("meeting.none")}</p>
      ) : (
        <ul className="list">
          {ordered.map((m) => (
            <MeetingLine key={m.id} m={m} />
          ))}
        </ul>
      )}
      {list.data ? (
        <MeetingDemands body={body} list={list.data} reload={list.reload} />
      ) : null}
      {body.chair ? (
        convening ? (
          <ConveneForm body={body} />
        ) : (
          <button type="button" onClick={() => setConvening(true)}>
            {t("meeting.convene")}
          </button>
        )
      ) : null}
    </section>
  );
}
