/**
 * @module A body: its motions; its delegations per council — whom its closes elected, whom
 * the council seated on its attesters' word, its mandates; the calls that reach it with its
 * answers; join requests to endorse; what the councils above were told about it, checked on
 * this phone against its own log; for its attesters, the claims to carry up; for a council,
 * the cards of the bodies below with their delegates, mandates and deviations, its demands
 * and calls; its meetings; members, rules, an invite link, and the way to its event log.
 */
import { type FormEvent, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BodyView, MotionSummary } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { ActionStatus, NeedsKey, useAction } from "../components/action.js";
import { AttestPanel } from "../components/attest-panel.js";
import { AttestationAudit } from "../components/attestation-audit.js";
import { useBodyKind } from "../components/body-label.js";
import { CouncilSection } from "../components/council-section.js";
import { Invite } from "../components/invite.js";
import { LookalikeWarning } from "../components/lookalike-warning.js";
import { MandateBlock } from "../components/mandate-block.js";
import { MeetingsSection } from "../components/meetings-section.js";
import { OpenMotionForm } from "../components/open-motion-form.js";
import { RedactWords } from "../components/redact-words.js";
import { RotationRequests } from "../components/rotation-requests.js";
import { OfferRegistrar } from "../components/secret-ballot.js";
import { ErrorNote, Loading } from "../components/status.js";
import { LangText, Name, Num, NumOf, When } from "../components/text.js";
import { UnreadMarker, useMarkSeen } from "../components/unread.js";
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
            {m.redacted ? (
              <em>{t("redact.wordsRemoved")}</em>
            ) : (
              <LangText text={m.title} />
            )}
          </Link>
          <UnreadMarker kind="motion" id={m.id} />
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
            {m.status === "open" && m.closesAt !== null ? (
              <>
                {" · "}
                {t("motion.deadline.closesAt")} <When ms={m.closesAt} />
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  );
}

function JoinRequests({ body }: { body: BodyView }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const byVote = body.rules.admission.method === "vote";
  // Chairs remove a name where the rules let chairs redact (else a redaction motion does).
  const mayRedact =
    body.rules.redaction === "chairs" &&
    body.chairs.some((c) => c.id === identity.me?.member);
  const endorsing = usePendingActions(
    "member.admission-endorsed",
    (p) => typeof p.request === "string",
  );
  if (body.joinRequests.length === 0)
    // The vouch that completes an admission takes the request off the list: its answer stays.
    return action.done || action.error ? (
      <section className="card">
        <h2>{t("body.joinRequests")}</h2>
        <ActionStatus error={action.error} done={action.done} />
      </section>
    ) : null;
  return (
    <section className="card">
      <h2>{t("body.joinRequests")}</h2>
      <ul className="list">
        {body.joinRequests.map((r) => {
          const mine = r.endorsedBy.some((e) => e.id === identity.me?.member);
          // A removed name is shown as such, and never put into a motion's words.
          const name = r.redacted ? t("redact.nameRemoved") : r.name;
          return (
            <li key={r.id} data-testid="join-request">
              {r.redacted ? <em>{name}</em> : <Name>{name}</Name>}{" "}
              <span className="muted">
                <When ms={r.time} />
              </span>
              <LookalikeWarning request={r} />
              {byVote ? null : (
                <p>
                  {t("join.endorsements")}{" "}
                  <NumOf value={r.endorsedBy.length} of={r.needed} />
                </p>
              )}
              <NeedsKey>
                {byVote ? (
                  <button
                    type="button"
                    disabled={action.busy}
                    onClick={() =>
                      void action.run(() =>
                        identity.act(body.id, "motion.opened", {
                          kind: "admission",
                          title: {
                            [document.documentElement.lang]: t(
                              "body.admitTitle",
                              { name },
                            ),
                          },
                          text: {
                            [document.documentElement.lang]: t(
                              "body.admitText",
                              { name },
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
                          identity.act(body.id, "member.admission-endorsed", {
                            request: r.id,
                          }),
                        t("body.endorsed"),
                      )
                    }
                  >
                    {t("body.endorse", { name })}
                  </button>
                )}
                {mayRedact && !r.redacted ? (
                  <RedactWords body={body.id} event={r.id} what="name" />
                ) : null}
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
  const latest = call.answers.at(-1);
  const [answer, setAnswer] = useState<string>(latest?.answer ?? "will-join");
  // A council has no members of its own (its delegates count in their assemblies).
  const maxHeadcount = body.kind === "council" ? 0 : body.members;
  const [headcount, setHeadcount] = useState(
    Math.min(latest?.headcount ?? maxHeadcount, maxHeadcount),
  );
  const [note, setNote] = useState("");
  const ids = { a: useId(), h: useId(), n: useId() };
  const waiting = usePendingAction(
    "action.answered",
    (p, scope) => p.call === call.call && scope === body.id,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(
      () =>
        identity.act(body.id, "action.answered", {
          call: call.call,
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
        {maxHeadcount > 0 ? (
          <>
            <label htmlFor={ids.h}>{t("call.headcount")}</label>
            <input
              id={ids.h}
              type="number"
              min={0}
              max={maxHeadcount}
              value={headcount}
              onChange={(e) => setHeadcount(Number(e.target.value))}
            />
          </>
        ) : (
          <p className="hint">{t("call.councilNoHeadcount")}</p>
        )}
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
          : t("rules.byEndorsements", {
              n: r.admission.endorsements,
              count: r.admission.endorsements,
            })}
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

function Delegations({ body }: { body: BodyView }) {
  const { t } = useTranslation();
  if (body.delegations.length === 0) return null;
  const sameSet = (
    a: readonly { id: string }[],
    b: readonly { id: string }[],
  ) => a.length === b.length && a.every((x) => b.some((y) => y.id === x.id));
  return (
    <section className="card" data-testid="delegations">
      <h2>{t("body.seats")}</h2>
      {body.delegations.map((s) => {
        const people = (list: readonly { id: string; name: string }[]) =>
          list.length === 0 ? (
            <span className="muted">{t("body.vacant")}</span>
          ) : (
            list.map((d, i) => (
              <span key={d.id}>
                {i > 0 ? t("common.separator") : ""}
                <Link to={`/delegates/${d.id}?council=${s.council}`}>
                  <Name>{d.name}</Name>
                </Link>
              </span>
            ))
          );
        return (
          <div key={s.council} className="seat" data-council={s.council}>
            <h3>
              <Link to={`/bodies/${s.council}`}>
                <LangText text={s.councilName} />
              </Link>{" "}
              <span className="muted">
                ({t("body.seatCount")} <Num value={s.seats} />)
              </span>
            </h3>
            <dl className="facts">
              <dt>{t("body.electedHere")}</dt>
              <dd data-testid="elected">{people(s.elected)}</dd>
              <dt>{t("body.seatedThere")}</dt>
              <dd data-testid="seated">{people(s.seated)}</dd>
              <dt>{t("body.cardThere")}</dt>
              <dd>
                <LangText text={s.card.name} />
              </dd>
              <dt>{t("body.attestersThere")}</dt>
              <dd>
                {t("council.attesters", {
                  n: s.attesters.length,
                  k: s.threshold,
                })}
              </dd>
            </dl>
            {!sameSet(s.elected, s.seated) ? (
              <p className="warn" data-testid="not-carried">
                {t("body.notCarried")}
              </p>
            ) : null}
            {s.mandate ? <MandateBlock mandate={s.mandate} /> : null}
          </div>
        );
      })}
    </section>
  );
}

export default function BodyPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const kind = useBodyKind();
  // What the councils above hold of this body (seats, claims) changes in their scopes.
  const [councils, setCouncils] = useState<readonly string[]>([]);
  const data = useApi<BodyView>(`/api/bodies/${id}`, {
    scopes: [id, ...councils],
  });
  const [showForm, setShowForm] = useState(false);
  const b = data.data;
  useMarkSeen("body", b ? id : null);
  const linked = b?.delegations.map((d) => d.council).join(" ") ?? "";
  useEffect(() => setCouncils(linked ? linked.split(" ") : []), [linked]);
  if (data.error && !b) return <ErrorNote error={data.error} />;
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
          {kind(b)} · {t("federation.members")} <Num value={b.members} />
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
      <MeetingsSection body={b} />
      <section>
        <h2>{t("body.openMotions")}</h2>
        <MotionList motions={open} />
      </section>
      {b.calls.length > 0 ? (
        <section className="card">
          <h2>{t("body.calls")}</h2>
          {b.calls.map((c) => {
            const latest = c.answers.at(-1);
            return (
              <div key={c.call} className="call">
                <p>
                  <Link to={`/calls/${c.call}`}>
                    <LangText text={c.title} />
                  </Link>{" "}
                  <span className="muted">
                    <LangText text={c.councilName} />
                  </span>
                </p>
                <p className="meta">
                  {latest ? (
                    <span className={`answer answer-${latest.answer}`}>
                      {t(`terms.answer.${latest.answer}`)} ·{" "}
                      <Num value={latest.headcount} />
                    </span>
                  ) : (
                    t("body.notAnswered")
                  )}
                </p>
                {b.chair ? <AnswerCall body={b} call={c} /> : null}
              </div>
            );
          })}
        </section>
      ) : null}
      <JoinRequests body={b} />
      <RotationRequests body={b} />
      <Delegations body={b} />
      <AttestPanel body={b} />
      {b.viewer.member ? <AttestationAudit body={b} /> : null}
      {b.council ? (
        <CouncilSection body={{ ...b, council: b.council }} />
      ) : null}
      <section>
        <h2>{t("body.decided")}</h2>
        <MotionList motions={closed} />
      </section>
      {b.frozenKeys.length > 0 ? (
        <section className="card" data-testid="frozen-keys">
          <h2>{t("body.frozenTitle")}</h2>
          <p className="muted">{t("body.frozenText")}</p>
          <ul>
            {b.frozenKeys.map((f) => (
              <li key={f.key}>
                <Name>{f.name}</Name>
                {t("common.separator")}
                {t("body.frozenFrom")} <Num value={f.fromSeq} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card">
        <h2>{t("body.members")}</h2>
        <ul className="members" data-testid="member-list">
          {b.memberList.map((m) => (
            <li key={m.id}>
              <Name>{m.name}</Name>
              {m.chair ? (
                <span className="badge">{t("body.chair")}</span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section className="card">
        <h2>{t("body.rules")}</h2>
        <Rules body={b} />
      </section>
      {b.viewer.member ? <OfferRegistrar body={b} /> : null}
      {b.viewer.member ? <Invite body={b} /> : null}
      {b.kind === "committee" ? null : (
        <p>
          <Link to={`/bodies/${b.id}/plan`} data-testid="plan-link">
            {t("body.plan")}
          </Link>
        </p>
      )}
      <p>
        <Link to={`/bodies/${b.id}/audit`}>{t("body.audit")}</Link>
      </p>
    </>
  );
}
