/**
 * @module Meetings convened by the rules, on a body's page: a member demands a meeting (title,
 * when, where) and others join the demand; once the share of voters the body's rules set have
 * joined, the meeting is convened and appears among the meetings. Pending demands show "k of N".
 */
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client.js";
import type { BodyView, MeetingList } from "../api/types.js";
import { useFormat } from "../i18n/format.js";
import { useIdentity } from "../identity/identity.js";
import { ActionStatus, NeedsKey, useSaidAction } from "./action.js";
import { useMeetingWords } from "./meeting-words.js";
import { LangText, NumOf, textFor } from "./text.js";

type Demand = MeetingList["demands"][number];

function DemandForm({
  body,
  rule,
}: {
  body: BodyView;
  rule: MeetingList["demandRule"];
}) {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const action = useSaidAction();
  const hint = useId();
  const words = useMeetingWords(hint);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action
      .run(
        () =>
          identity.act(
            body.id,
            "meeting.demanded",
            words.payload(i18n.language),
          ),
        // One signature needed: the demand itself convenes the meeting.
        rule.needed <= 1
          ? "meeting.demand.madeConvened"
          : "meeting.demand.made",
      )
      .then((ok) => {
        // Emptied once made, so a second tap does not make a second demand.
        if (ok) words.clear();
      });
  };
  return (
    <NeedsKey>
      <form onSubmit={submit} data-testid="demand-form">
        <p className="hint" id={hint}>
          {t("meeting.demand.rule", {
            needed: rule.needed,
            percent: rule.percent,
          })}
        </p>
        {words.fields}
        <button type="submit" disabled={action.busy || !words.ready}>
          {action.busy ? t("common.working") : t("meeting.demand.submit")}
        </button>
        <ActionStatus error={action.error} done={action.done} />
      </form>
    </NeedsKey>
  );
}

function DemandLine({
  body,
  d,
  reload,
}: {
  body: BodyView;
  d: Demand;
  reload: () => void;
}) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const identity = useIdentity();
  const action = useSaidAction();
  const join = () =>
    void action
      .run(async () => {
        try {
          await identity.act(body.id, "meeting.demand-joined", {
            demand: d.id,
          });
        } catch (e) {
          // The hub names the demand by its id; the member knows it by its title.
          if (e instanceof ApiError && e.details.demand === d.id)
            throw new ApiError(e.code, e.message, e.status, {
              ...e.details,
              demand: textFor(d.title, i18n.language),
            });
          throw e;
        }
      }, "meeting.demand.joinedDone")
      .then((ok) => {
        // Refused (signed already on another device, say): read again to show how it stands.
        if (!ok) reload();
      });
  return (
    <li data-testid="demand-line">
      <LangText text={d.title} />
      <p className="meta">
        <span className="badge">{t("meeting.demand.pending")}</span>{" "}
        <span data-testid="demand-count">
          {t("meeting.demand.count", {
            joined: f.number(d.joined),
            needed: f.number(d.needed),
          })}
        </span>
        {d.when ? (
          <>
            {" · "}
            <bdi>{d.when}</bdi>
          </>
        ) : null}
        {d.place ? (
          <>
            {" · "}
            <bdi>{d.place}</bdi>
          </>
        ) : null}
        {" · "}
        {t("meeting.demand.by")} <bdi>{d.demandedBy.name}</bdi>
      </p>
      {d.signedByViewer ? (
        <p className="muted">{t("meeting.demand.youSigned")}</p>
      ) : body.viewer.member ? (
        <NeedsKey>
          <button type="button" onClick={join} disabled={action.busy}>
            {action.busy ? t("common.working") : t("meeting.demand.join")}{" "}
            <bdi dir="ltr">
              (<NumOf value={d.joined} of={d.needed} />)
            </bdi>
          </button>
        </NeedsKey>
      ) : null}
      {/* Outside the branches: a refusal stays in view when the line reloads as signed. */}
      <ActionStatus error={action.error} done={action.done} />
    </li>
  );
}

/** The pending demands of a body, and — for a member — the form to demand a meeting. */
export function MeetingDemands({
  body,
  list,
  reload,
}: {
  body: BodyView;
  list: MeetingList;
  /** Reads the list again. */
  reload: () => void;
}) {
  const { t } = useTranslation();
  const [demanding, setDemanding] = useState(false);
  if (list.demands.length === 0 && !body.viewer.member) return null;
  return (
    <div data-testid="meeting-demands">
      {list.demands.length > 0 ? (
        <>
          <h3>{t("meeting.demand.pendingTitle")}</h3>
          <ul className="list">
            {list.demands.map((d) => (
              <DemandLine key={d.id} body={body} d={d} reload={reload} />
            ))}
          </ul>
        </>
      ) : null}
      {body.viewer.member ? (
        demanding ? (
          <DemandForm body={body} rule={list.demandRule} />
        ) : (
          <button type="button" onClick={() => setDemanding(true)}>
            {t("meeting.demand.open")}
          </button>
        )
      ) : null}
    </div>
  );
}
