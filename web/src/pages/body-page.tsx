/**
 * @module A body: its motions, the councils it sends delegates to (with their mandates), the
 * bodies below a council, join requests to endorse, calls to answer, demands, members (to
 * those who may see them), rules, an invite link, and the way to its audit log.
 */
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BodyView, MotionSummary } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { ActionStatus, NeedsKey, useAction } from "../components/action.js";
import { useBodyKind } from "../components/body-label.js";
import { ChoiceText } from "../components/choice-text.js";
import { OpenMotionForm } from "../components/open-motion-form.js";
import { QrCode } from "../components/qr-code.js";
import { ErrorNote, Loading } from "../components/status.js";
import { LangText, Name, Num, textFor, When } from "../components/text.js";
import { useIdentity } from "../identity/identity.js";
import { usePendingAction, usePendingActions } from "../offline/status.js";
import { Link } from "../router.js";

function MotionList({ motions }: { motions: readonly MotionSummary[] }) {
  const { t } = useTranslation();
  if (motions.length === 0)
    return <p className="muted">{t("body.noMotions")}</p>;
  return (
    <ul className="motions">
      {motions.map((m) => (
        <li key={m.id} data-status={m.status}>
          <Link to={`/motions/${m.id}`}>
            <LangText text={m.title} />
          </Link>
          <p className="meta">
            <span className="badge">{t(`terms.motionKind.${m.kind}`)}</span>{" "}
            {m.status === "open" ? (
              <>
                {t("terms.status.open")} · {t("body.ballots")}{" "}
                <Num value={m.ballots} />
              </>
            ) : (
              <span className={`outcome outcome-${m.outcome ?? m.status}`}>
                {m.outcome
                  ? t(`terms.outcome.${m.outcome}`)
                  : t(`terms.status.${m.status}`)}
              </span>
            )}
            {" · "}
            <When ms={m.closedAt ?? m.openedAt} dateOnly />
          </p>
        </li>
      ))}
    </ul>
  );
}

function Invite({ body }: { body: BodyView }) {
  const { t, i18n } = useTranslation();
  const { hub } = useIdentity();
  const [shown, setShown] = useState(false);
  const url = new URL(`/join/${body.id}`, location.origin);
  url.searchParams.set("n", textFor(body.name, i18n.language));
  if (hub) url.searchParams.set("fed", hub.federation);
  if (hub?.fingerprint) url.searchParams.set("fp", hub.fingerprint);
  const link = url.toString();
  return (
    <section className="card">
      <h2>{t("body.invite")}</h2>
      <p className="muted">{t("body.inviteText")}</p>
      {shown ? (
        <div className="invite">
          <p className="mono wrap" dir="ltr">
            <a href={link}>{link}</a>
          </p>
          <button
            type="button"
            className="secondary"
            onClick={() => void navigator.clipboard?.writeText(link)}
          >
            {t("body.copy")}
          </button>
          <QrCode text={link} label={t("body.inviteQr")} />
        </div>
      ) : (
        <button
          type="button"
          className="secondary"
          onClick={() => setShown(true)}
        >
          {t("body.showInvite")}
        </button>
      )}
    </section>
  );
}

function JoinRequests({ body }: { body: BodyView }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const byVote = body.rules.admission.method === "vote";
  const endorsing = usePendingActions(
    "member.admission-endorsed",
    (p) => typeof p.request === "string",
  );
  if (body.joinRequests.length === 0) return null;
  return (
    <section className="card">
      <h2>{t("body.joinRequests")}</h2>
      <ul className="list">
        {body.joinRequests.map((r) => {
          const mine = r.endorsedBy.some((e) => e.id === identity.me?.member);
          return (
            <li key={r.id}>
              <Name>{r.name}</Name>{" "}
              <span className="muted">
                <When ms={r.time} />
              </span>
              {byVote ? null : (
                <p>
                  {t("join.endorsements")} <Num value={r.endorsedBy.length} /> /{" "}
                  <Num value={r.needed} />
                </p>
              )}
              <NeedsKey>
                {byVote ? (
                  <button
                    type="button"
                    disabled={action.busy}
                    onClick={() =>
                      void action.run(() =>
                        identity.act("motion.opened", {
                          body: body.id,
                          kind: "admission",
                          title: {
                            [document.documentElement.lang]: t(
                              "body.admitTitle",
                              { name: r.name },
                            ),
                          },
                          text: {
                            [document.documentElement.lang]: t(
                              "body.admitText",
                              { name: r.name },
                            ),
                          },
                          subject: { kind: "admission", request: r.id },
                        }),
                      )
                    }
                  >
                    {t("body.openAdmissionVote")}
                  </button>
                ) : mine ? (
                  <p className="ok">{t("body.youEndorsed")}</p>
                ) : endorsing.some(
                    (p) => (p.payload as { request?: string }).request === r.id,
                  ) ? (
                  <p className="waiting" data-testid="endorsement-waiting">
                    {t("offline.endorsementWaiting")}
                  </p>
                ) : (
                  <button
                    type="button"
                    disabled={action.busy}
                    onClick={() =>
                      void action.run(
                        () =>
                          identity.act("member.admission-endorsed", {
                            request: r.id,
                          }),
                        t("body.endorsed"),
                      )
                    }
                  >
                    {t("body.endorse", { name: r.name })}
                  </button>
                )}
              </NeedsKey>
            </li>
          );
        })}
      </ul>
      <ActionStatus error={action.error} done={action.done} />
    </section>
  );
}

const ANSWERS = ["will-join", "will-not", "started", "ended"] as const;

function AnswerCall({
  body,
  call,
}: {
  body: BodyView;
  call: BodyView["calls"][number];
}) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const [answer, setAnswer] = useState<string>(
    call.answer?.answer ?? "will-join",
  );
  const [headcount, setHeadcount] = useState(
    call.answer?.headcount ?? body.memberCount,
  );
  const [note, setNote] = useState("");
  const ids = { a: useId(), h: useId(), n: useId() };
  const waiting = usePendingAction(
    "action.answered",
    (p) => p.call === call.call && p.body === body.id,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(
      () =>
        identity.act("action.answered", {
          call: call.call,
          body: body.id,
          answer,
          headcount,
          ...(note.trim() ? { note: note.trim() } : {}),
        }),
      t("call.answered"),
    );
  };
  return (
    <NeedsKey>
      <form onSubmit={submit} className="answer-form">
        <label htmlFor={ids.a}>{t("call.answer")}</label>
        <select
          id={ids.a}
          value={answer}
          onChange={(e) => setAnswer(e.target.value)}
        >
          {ANSWERS.map((a) => (
            <option key={a} value={a}>
              {t(`terms.answer.${a}`)}
            </option>
          ))}
        </select>
        <label htmlFor={ids.h}>{t("call.headcount")}</label>
        <input
          id={ids.h}
          type="number"
          min={0}
          max={10000000}
          value={headcount}
          onChange={(e) => setHeadcount(Number(e.target.value))}
        />
        <label htmlFor={ids.n}>{t("call.note")}</label>
        <input
          id={ids.n}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={1000}
        />
        <button type="submit" disabled={action.busy}>
          {action.busy ? t("common.working") : t("call.send")}
        </button>
        {waiting && !action.done ? (
          <p className="waiting">{t("offline.answerWaiting")}</p>
        ) : null}
        <ActionStatus error={action.error} done={action.done} />
      </form>
    </NeedsKey>
  );
}

function Rules({ body }: { body: BodyView }) {
  const { t } = useTranslation();
  const r = body.rules;
  return (
    <dl className="facts">
      <dt>{t("rules.admission")}</dt>
      <dd>
        {r.admission.method === "vote"
          ? t("rules.byVote")
          : t("rules.byEndorsements", { n: r.admission.endorsements })}
      </dd>
      <dt>{t("rules.quorum")}</dt>
      <dd>
        <Num value={r.quorumPercent} />%
      </dd>
      <dt>{t("rules.majority")}</dt>
      <dd>{t(`terms.threshold.${r.majority}`)}</dd>
      <dt>{t("rules.recall")}</dt>
      <dd>{t(`terms.threshold.${r.recallThreshold}`)}</dd>
      <dt>{t("rules.public")}</dt>
      <dd>{r.public ? t("common.yes") : t("common.no")}</dd>
      <dt>{t("rules.weight")}</dt>
      <dd>{t(`rules.weight_${r.delegateWeight}`)}</dd>
    </dl>
  );
}

export default function BodyPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const kind = useBodyKind();
  const data = useApi<BodyView>(`/api/bodies/${id}`, { bodies: [id] });
  const [showForm, setShowForm] = useState(false);
  const b = data.data;
  if (data.error) return <ErrorNote error={data.error} />;
  if (!b) return <Loading />;
  const open = b.motions.filter((m) => m.status === "open");
  const closed = b.motions.filter((m) => m.status !== "open");
  return (
    <>
      <header className="page-head">
        <h1>
          <LangText text={b.name} />
        </h1>
        <p className="meta">
          {kind(b)} · {t("federation.members")} <Num value={b.memberCount} />
          {b.kind === "council" ? (
            <>
              {" · "}
              {t("federation.represents")} <Num value={b.represented} />
            </>
          ) : null}
          {b.public ? <span className="badge">{t("body.public")}</span> : null}
          {b.viewer.member ? (
            <span className="badge mine">{t("body.youTakePart")}</span>
          ) : null}
        </p>
      </header>
      {b.viewer.member ? (
        <section className="card">
          <h2>{t("body.newMotion")}</h2>
          {showForm ? (
            <OpenMotionForm body={b} />
          ) : (
            <button type="button" onClick={() => setShowForm(true)}>
              {t("body.newMotion")}
            </button>
          )}
        </section>
      ) : null}
      <section>
        <h2>{t("body.openMotions")}</h2>
        <MotionList motions={open} />
      </section>
      {b.calls.length > 0 ? (
        <section className="card">
          <h2>{t("body.calls")}</h2>
          {b.calls.map((c) => (
            <div key={c.call} className="call">
              <p>
                <Link to={`/calls/${c.call}`}>
                  <LangText text={c.title} />
                </Link>
              </p>
              <p className="meta">
                {c.answer ? (
                  <span className={`answer answer-${c.answer.answer}`}>
                    {t(`terms.answer.${c.answer.answer}`)} ·{" "}
                    <Num value={c.answer.headcount} />
                  </span>
                ) : (
                  t("body.notAnswered")
                )}
              </p>
              {b.viewer.chair ? <AnswerCall body={b} call={c} /> : null}
            </div>
          ))}
        </section>
      ) : null}
      <JoinRequests body={b} />
      {b.seats.length > 0 ? (
        <section className="card">
          <h2>{t("body.seats")}</h2>
          {b.seats.map((s) => (
            <div key={s.council} className="seat">
              <h3>
                <Link to={`/bodies/${s.council}`}>
                  <LangText text={s.councilName} />
                </Link>{" "}
                <span className="muted">
                  ({t("body.seatCount")} <Num value={s.seats} />)
                </span>
              </h3>
              {s.delegates.length === 0 ? (
                <p className="muted">{t("body.vacant")}</p>
              ) : (
                <ul className="list">
                  {s.delegates.map((d) => (
                    <li key={d.id}>
                      <Link to={`/delegates/${d.id}`}>
                        <Name>{d.name}</Name>
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
              {s.mandate ? (
                <div className="mandate">
                  <h4>{t("delegate.mandate")}</h4>
                  <p>
                    <LangText text={s.mandate.instructions} />
                  </p>
                  {s.mandate.positions.map((p) => (
                    <p key={p.motion} className="meta">
                      <Link to={`/motions/${p.motion}`}>
                        <LangText text={p.title} />
                      </Link>
                      {": "}
                      <ChoiceText choice={p.choice} />
                    </p>
                  ))}
                </div>
              ) : null}
            </div>
          ))}
        </section>
      ) : null}
      {b.below.length > 0 ? (
        <section className="card">
          <h2>{t("body.below")}</h2>
          <ul className="list">
            {b.below.map((c) => (
              <li key={c.body}>
                <Link to={`/bodies/${c.body}`}>
                  <LangText text={c.name} />
                </Link>
                {c.delegates && c.delegates.length > 0 ? (
                  <span className="muted">
                    {" · "}
                    {c.delegates.map((d, i) => (
                      <span key={d.id}>
                        {i > 0 ? t("common.separator") : ""}
                        <Link to={`/delegates/${d.id}`}>
                          <Name>{d.name}</Name>
                        </Link>
                      </span>
                    ))}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {b.demands.length > 0 ? (
        <section className="card">
          <h2>{t("body.demands")}</h2>
          <ul className="list">
            {b.demands.map((d) => (
              <li key={d.id}>
                <LangText text={d.title} />{" "}
                <span className="muted">
                  {t("demands.people")} <Num value={d.members} /> ·{" "}
                  {t("demands.bodies")} <Num value={d.bodies} />
                </span>
              </li>
            ))}
          </ul>
          <p>
            <Link to={`/demands?council=${b.id}`}>{t("body.demandBoard")}</Link>
          </p>
        </section>
      ) : null}
      <section>
        <h2>{t("body.decided")}</h2>
        <MotionList motions={closed} />
      </section>
      <section className="card">
        <h2>{t("body.members")}</h2>
        {b.members === null ? (
          <p className="note" data-testid="members-hidden">
            {t("body.membersHidden")}
          </p>
        ) : (
          <ul className="members" data-testid="member-list">
            {b.members.map((m) => (
              <li key={m.id}>
                <Name>{m.name}</Name>
                {m.chair ? (
                  <span className="badge">{t("body.chair")}</span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card">
        <h2>{t("body.rules")}</h2>
        <Rules body={b} />
      </section>
      {b.viewer.member ? <Invite body={b} /> : null}
      {b.viewer.full ? (
        <p>
          <Link to={`/bodies/${b.id}/audit`}>{t("body.audit")}</Link>
        </p>
      ) : null}
    </>
  );
}
