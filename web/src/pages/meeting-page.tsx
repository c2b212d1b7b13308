/**
 * @module A meeting on the member's phone: title, when and where; attendance and the quorum
 * of those present; the agenda with the item under discussion; that item's speakers' list,
 * with asking to speak (pro, contra, a point of order) and withdrawing. A member checks in
 * with the code the projector shows (scanned: the QR opens this page with `?code=`; or typed)
 * — the hub trades a fresh code for the door's pass, which the member's own check-in carries
 * (src/core/meeting/door.ts). A chair also proposes and orders items, opens one, gives the
 * floor, sets the speaking time, checks members in and out, puts the current item to a vote
 * among those present, and closes the meeting. A member present (or a chair) puts a new order
 * of the agenda to the meeting's vote, or opens the election of the meeting's own chair among
 * those present. The votes taken in the meeting and its minutes (to read, and to adopt by a
 * vote) follow. Live through the feed: any new event in the body
 * reads the meeting again.
 */
import { type FormEvent, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CanonicalValue } from "../../../src/crypto/index.js";
import { api } from "../api/client.js";
import type {
  AgendaItem,
  BodyView,
  MeetingPass,
  MeetingView,
} from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { ActionStatus, NeedsKey, useSaidAction } from "../components/action.js";
import { AgendaByVote } from "../components/agenda-by-vote.js";
import { AgendaList } from "../components/agenda-list.js";
import { ConfirmStep } from "../components/confirm-step.js";
import { MeetingChairElection } from "../components/meeting-chair-election.js";
import { MeetingChairs } from "../components/meeting-chairs.js";
import { MeetingMinutes } from "../components/meeting-minutes.js";
import { openInMeeting } from "../components/meeting-motion.js";
import { MeetingQuorumLine } from "../components/meeting-quorum.js";
import { MeetingVote } from "../components/meeting-vote.js";
import { SpeakersList } from "../components/speakers-list.js";
import { ErrorNote, Loading } from "../components/status.js";
import { LangText, Name, Num, textFor, When } from "../components/text.js";
import { useIdentity } from "../identity/identity.js";
import { usePendingActions } from "../offline/status.js";
import { Link, useLocation } from "../router.js";

const KINDS = ["point", "motion", "election", "report"] as const;
const SIDES = ["pro", "contra", "point-of-order"] as const;

/**
 * What the page's buttons do: sign an event of the meeting in its body, naming the meeting,
 * and say `said` (a catalogue key) once it is done — or that it waits to be sent.
 */
function meetingAct(
  m: MeetingView,
  identity: ReturnType<typeof useIdentity>,
  action: ReturnType<typeof useSaidAction>,
) {
  return (
    type: string,
    payload: Record<string, CanonicalValue>,
    said?: string,
  ) =>
    void action.run(
      () => identity.act(m.body, type, { meeting: m.id, ...payload }),
      said,
    );
}

/** Checking in by the door's code, or out again. */
function Attendance({ m }: { m: MeetingView }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const { query } = useLocation();
  const action = useSaidAction();
  const act = meetingAct(m, identity, action);
  const scanned = query.get("code");
  const [code, setCode] = useState(scanned ?? "");
  // A QR scanned while this page is open brings its code in.
  useEffect(() => {
    if (scanned !== null) setCode(scanned);
  }, [scanned]);
  const id = useId();
  const checkIn = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const pass = await api<MeetingPass>(`/api/meetings/${m.id}/pass`, {
        method: "POST",
        body: { code: code.trim().toLowerCase() },
      });
      await identity.act(m.body, "meeting.checked-in", {
        meeting: m.id,
        member: pass.member,
        pass: { window: pass.window, signature: pass.signature },
      });
    });
  };
  const me = identity.me?.member ?? null;
  return (
    <section className="card" data-testid="attendance">
      <h2>{t("meeting.attendance")}</h2>
      <MeetingQuorumLine quorum={m.quorum} />
      {m.status === "open" ? (
        <NeedsKey>
          {m.viewer.present ? (
            <div className="row">
              <p className="ok" data-testid="you-are-present">
                {t("meeting.youArePresent")}
              </p>
              {me !== null ? (
                <button
                  type="button"
                  className="secondary"
                  disabled={action.busy}
                  onClick={() =>
                    act(
                      "meeting.checked-out",
                      { member: me },
                      "meeting.checkedOut",
                    )
                  }
                >
                  {t("meeting.checkOut")}
                </button>
              ) : null}
            </div>
          ) : m.door ? (
            <form onSubmit={checkIn} data-testid="check-in-form">
              <label htmlFor={id}>{t("meeting.codeLabel")}</label>
              <p className="hint">{t("meeting.codeHint")}</p>
              <div className="row">
                <input
                  id={id}
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                  inputMode="text"
                  autoComplete="off"
                  autoCapitalize="none"
                  spellCheck={false}
                  pattern="[0-9a-fA-F]{10}"
                  maxLength={10}
                  required
                  className="door-code-input"
                  lang="en"
                  dir="ltr"
                />
                <button type="submit" disabled={action.busy}>
                  {action.busy ? t("common.working") : t("meeting.imHere")}
                </button>
              </div>
            </form>
          ) : (
            <p className="hint">{t("meeting.chairChecksIn")}</p>
          )}
        </NeedsKey>
      ) : null}
      <ActionStatus error={action.error} done={action.done} />
      <details>
        <summary>
          {t("meeting.whoIsPresent")} (<Num value={m.present.length} />)
        </summary>
        <ul className="members" data-testid="present-list">
          {m.present.map((p) => (
            <li key={p.id}>
              <Name>{p.name}</Name>
              {/* The chair records who left (or whom a relayed code let in). */}
              {m.viewer.chairs && m.status === "open" && p.id !== me ? (
                <button
                  type="button"
                  className="secondary small"
                  disabled={action.busy}
                  onClick={() =>
                    act(
                      "meeting.checked-out",
                      { member: p.id },
                      "meeting.checkedOutByChair",
                    )
                  }
                >
                  {t("meeting.checkOutMember", { name: p.name })}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

/** The current item's speakers' list, with asking to speak and withdrawing. */
function Speakers({ m, item }: { m: MeetingView; item: AgendaItem }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const action = useSaidAction();
  const act = meetingAct(m, identity, action);
  const list = m.speakers.find((s) => s.item === item.id);
  const mine = (list?.queue ?? []).filter((s) =>
    m.viewer.waiting.includes(s.id),
  );
  const asking = usePendingActions(
    "meeting.speaker-requested",
    (p) => p.meeting === m.id && p.item === item.id,
  );
  const head = list?.queue[0] ?? null;
  return (
    <section className="card" data-testid="speakers">
      <h2>
        {t("meeting.speakersOn")} <LangText text={item.title} />
      </h2>
      <SpeakersList list={list} />
      {m.status === "open" ? (
        <NeedsKey>
          {m.viewer.present ? (
            mine.length > 0 ? (
              <div className="row">
                <p>{t("meeting.youAreWaiting")}</p>
                {mine.map((s) => (
                  <button
                    key={s.id}
                    type="button"
                    className="secondary"
                    disabled={action.busy}
                    onClick={() =>
                      act(
                        "meeting.speaker-withdrawn",
                        { request: s.id },
                        "meeting.withdrawn",
                      )
                    }
                  >
                    {t("meeting.withdraw")}
                  </button>
                ))}
              </div>
            ) : asking.length > 0 ? (
              <p className="waiting">{t("offline.waitingToSend")}</p>
            ) : (
              <div className="row speak-buttons">
                {SIDES.map((side) => (
                  <button
                    key={side}
                    type="button"
                    className={side === "point-of-order" ? "secondary" : ""}
                    disabled={action.busy}
                    onClick={() =>
                      act("meeting.speaker-requested", { item: item.id, side })
                    }
                  >
                    {t(`meeting.ask.${side}`)}
                  </button>
                ))}
              </div>
            )
          ) : (
            <p className="hint">{t("meeting.checkInToSpeak")}</p>
          )}
          {m.viewer.chairs && head !== null ? (
            <button
              type="button"
              disabled={action.busy}
              onClick={() =>
                act(
                  "meeting.floor-given",
                  { request: head.id },
                  "meeting.floorGiven",
                )
              }
            >
              {t("meeting.giveFloor", { name: head.member.name })}
            </button>
          ) : null}
        </NeedsKey>
      ) : null}
      <ActionStatus error={action.error} done={action.done} />
    </section>
  );
}

/** Proposing an agenda item: a chair's goes on the agenda, a member's waits for the chair. */
function ProposeItem({ m }: { m: MeetingView }) {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const action = useSaidAction();
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState<(typeof KINDS)[number]>("point");
  const [motion, setMotion] = useState("");
  const ids = { title: useId(), kind: useId(), motion: useId() };
  const takesMotion = kind === "motion" || kind === "election";
  // The body's open motions, for an item that takes one up (read only when asked for).
  const body = useApi<BodyView>(takesMotion ? `/api/bodies/${m.body}` : null);
  const open = (body.data?.motions ?? []).filter((x) => x.status === "open");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action
      .run(
        () =>
          identity.act(m.body, "meeting.item-proposed", {
            meeting: m.id,
            kind,
            title: { [i18n.language]: title.trim() },
            ...(takesMotion && motion ? { motion } : {}),
          }),
        m.viewer.chairs ? "meeting.itemAdded" : "meeting.itemProposed",
      )
      .then((ok) => {
        if (ok) {
          setTitle("");
          setMotion("");
        }
      });
  };
  return (
    <NeedsKey>
      <form onSubmit={submit} data-testid="propose-item">
        <label htmlFor={ids.title}>{t("meeting.itemTitle")}</label>
        <input
          id={ids.title}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={300}
          required
        />
        <label htmlFor={ids.kind}>{t("meeting.itemKind")}</label>
        <select
          id={ids.kind}
          value={kind}
          onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`meeting.kind.${k}`)}
            </option>
          ))}
        </select>
        {takesMotion && open.length > 0 ? (
          <>
            <label htmlFor={ids.motion}>{t("meeting.itemMotion")}</label>
            <select
              id={ids.motion}
              value={motion}
              onChange={(e) => setMotion(e.target.value)}
            >
              <option value="">{t("meeting.noMotion")}</option>
              {open.map((x) => (
                <option key={x.id} value={x.id}>
                  {textFor(x.title, i18n.language)}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <button type="submit" disabled={action.busy || !title.trim()}>
          {action.busy ? t("common.working") : t("meeting.propose")}
        </button>
        <ActionStatus error={action.error} done={action.done} />
      </form>
    </NeedsKey>
  );
}

/** The agenda; for a chair with buttons to move items, open one and place proposed ones. */
function Agenda({ m }: { m: MeetingView }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const action = useSaidAction();
  const act = meetingAct(m, identity, action);
  const order = m.agenda.map((i) => i.id);
  const setOrder = (items: string[]) =>
    act("meeting.agenda-set", { items }, "meeting.orderSet");
  const move = (from: number, to: number) => {
    const items = [...order];
    const [moved] = items.splice(from, 1);
    items.splice(to, 0, moved!);
    setOrder(items);
  };
  const chairs = m.viewer.chairs && m.status === "open";
  const controls = (item: AgendaItem, i: number) => (
    <span className="row agenda-controls">
      <button
        type="button"
        className="secondary small"
        disabled={action.busy || i === 0}
        aria-label={t("meeting.moveUp")}
        title={t("meeting.moveUp")}
        onClick={() => move(i, i - 1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="secondary small"
        disabled={action.busy || i === order.length - 1}
        aria-label={t("meeting.moveDown")}
        title={t("meeting.moveDown")}
        onClick={() => move(i, i + 1)}
      >
        ↓
      </button>
      {item.id !== m.current ? (
        <button
          type="button"
          className="small"
          disabled={action.busy}
          onClick={() =>
            act("meeting.item-opened", { item: item.id }, "meeting.itemOpened")
          }
        >
          {t("meeting.open")}
        </button>
      ) : null}
    </span>
  );
  return (
    <section className="card" data-testid="agenda-card">
      <h2>{t("meeting.agenda")}</h2>
      <AgendaList
        items={m.agenda}
        current={m.current}
        controls={chairs ? controls : undefined}
      />
      {m.proposed.length > 0 ? (
        <>
          <h3>{t("meeting.proposedItems")}</h3>
          <ul className="list" data-testid="proposed-items">
            {m.proposed.map((item) => (
              <li key={item.id}>
                <LangText text={item.title} />{" "}
                <span className="muted">
                  <Name>{item.proposer.name}</Name>
                </span>
                {chairs ? (
                  <button
                    type="button"
                    className="small"
                    disabled={action.busy}
                    onClick={() => setOrder([...order, item.id])}
                  >
                    {t("meeting.placeOnAgenda")}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ActionStatus error={action.error} done={action.done} />
      <AgendaByVote m={m} />
      {m.status === "open" ? <ProposeItem m={m} /> : null}
    </section>
  );
}

/**
 * The votes taken in this meeting, newest first, and for a chair the current item put to a
 * vote among those present. An item that takes up one of the body's motions is not: that motion
 * was opened before, with the body's whole electorate, and is voted on its own page.
 */
function Votes({ m, item }: { m: MeetingView; item: AgendaItem | null }) {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const action = useSaidAction();
  const lang = i18n.language;
  const canPut =
    m.viewer.chairs && m.status === "open" && item !== null && !item.motion;
  if (m.motions.length === 0 && !canPut) return null;
  const put = (item: AgendaItem) =>
    void action.run(
      () =>
        openInMeeting(identity, m.body, m.id, {
          kind: "resolution",
          title: item.title,
          text: {
            [lang]: t("meeting.voteText", {
              item: textFor(item.title, lang),
              meeting: textFor(m.title, lang),
            }),
          },
          // The item this vote decides: the minutes list the vote under it.
          item: item.id,
        }),
      "meeting.voteOpened",
    );
  return (
    <section className="card" data-testid="meeting-votes">
      <h2>{t("meeting.votes")}</h2>
      {canPut ? (
        <NeedsKey>
          {/* The hub would keep a vote opened without a quorum as invalid (MEETING_NOT_QUORATE). */}
          {m.quorum.met ? (
            <button
              type="button"
              disabled={action.busy}
              onClick={() => put(item)}
            >
              {t("meeting.putToVote")}
            </button>
          ) : (
            <p className="hint" data-testid="vote-needs-quorum">
              {t("meeting.voteNeedsQuorum")}
            </p>
          )}
        </NeedsKey>
      ) : null}
      <ActionStatus error={action.error} done={action.done} />
      {[...m.motions].reverse().map((x) => (
        <MeetingVote key={x} motion={x} body={m.body} />
      ))}
    </section>
  );
}

/** The speaking time, which the phones and the projector count down for each speaker. */
function SpeakingTime({ m }: { m: MeetingView }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const action = useSaidAction();
  const act = meetingAct(m, identity, action);
  const [seconds, setSeconds] = useState(String(m.speakingSeconds ?? 120));
  const id = useId();
  return (
    <form
      data-testid="speaking-time"
      onSubmit={(e) => {
        e.preventDefault();
        act(
          "meeting.speaking-time-set",
          { seconds: Number(seconds) },
          "meeting.speakingTimeSet",
        );
      }}
    >
      <p data-testid="speaking-time-now">
        {m.speakingSeconds === null
          ? t("meeting.speakingTimeNone")
          : t("meeting.speakingTimeIs", {
              count: m.speakingSeconds,
              n: m.speakingSeconds,
            })}
      </p>
      <label htmlFor={id}>{t("meeting.speakingTimeLabel")}</label>
      <div className="row">
        <input
          id={id}
          type="number"
          min={10}
          max={3600}
          step={1}
          required
          value={seconds}
          onChange={(e) => setSeconds(e.target.value)}
        />
        <button type="submit" disabled={action.busy}>
          {t("meeting.setSpeakingTime")}
        </button>
      </div>
      <ActionStatus error={action.error} done={action.done} />
    </form>
  );
}

/** A chair's tools: check members in or out, open the projector, close the meeting. */
function Chairing({ m }: { m: MeetingView }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const action = useSaidAction();
  const act = meetingAct(m, identity, action);
  const body = useApi<BodyView>(`/api/bodies/${m.body}`);
  const [member, setMember] = useState("");
  const [closing, setClosing] = useState(false);
  const id = useId();
  const present = new Set(m.present.map((p) => p.id));
  const absent = (body.data?.memberList ?? []).filter(
    (x) => !present.has(x.id),
  );
  return (
    <section className="card" data-testid="chairing">
      <h2>{t("meeting.chairing")}</h2>
      <p>
        <Link to={`/meetings/${m.id}/projector`}>
          {t("meeting.openProjector")}
        </Link>
      </p>
      <NeedsKey>
        <SpeakingTime m={m} />
        {absent.length > 0 ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const chosen = member || absent[0]!.id;
              act(
                "meeting.checked-in",
                { member: chosen },
                "meeting.checkedInByChair",
              );
            }}
          >
            <label htmlFor={id}>{t("meeting.checkInMember")}</label>
            <div className="row">
              <select
                id={id}
                value={member || absent[0]!.id}
                onChange={(e) => setMember(e.target.value)}
              >
                {absent.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </select>
              <button type="submit" disabled={action.busy}>
                {t("meeting.checkIn")}
              </button>
            </div>
          </form>
        ) : null}
        {closing ? (
          <ConfirmStep
            heading={t("meeting.closeHeading")}
            confirmLabel={t("meeting.closeConfirm")}
            busy={action.busy}
            onCancel={() => setClosing(false)}
            onConfirm={() =>
              void action
                .run(
                  () =>
                    identity.act(m.body, "meeting.closed", { meeting: m.id }),
                  "meeting.closed",
                )
                .then(() => setClosing(false))
            }
          >
            <p>{t("meeting.closeConsequence")}</p>
          </ConfirmStep>
        ) : (
          <button
            type="button"
            className="danger"
            onClick={() => setClosing(true)}
          >
            {t("meeting.close")}
          </button>
        )}
      </NeedsKey>
      <ActionStatus error={action.error} done={action.done} />
    </section>
  );
}

export default function MeetingPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [body, setBody] = useState<string | null>(null);
  const data = useApi<MeetingView>(`/api/meetings/${id}`, {
    scopes: body === null ? [] : [body],
  });
  const m = data.data;
  useEffect(() => setBody(m?.body ?? null), [m?.body]);
  if (data.error && !m) return <ErrorNote error={data.error} />;
  if (!m) return <Loading />;
  const current = m.agenda.find((i) => i.id === m.current) ?? null;
  return (
    <div className="meeting-page" data-testid="meeting-page">
      <header className="page-head">
        <h1>
          <LangText text={m.title} />
        </h1>
        <p className="meta">
          <span
            className={m.status === "open" ? "badge mine" : "badge"}
            data-testid="meeting-status"
          >
            {t(`meeting.status.${m.status}`)}
          </span>{" "}
          <Link to={`/bodies/${m.body}`}>
            <LangText text={m.bodyName} />
          </Link>
        </p>
        <dl className="facts">
          <dt>{t("meeting.when")}</dt>
          <dd>{m.when ? <bdi>{m.when}</bdi> : <When ms={m.convenedAt} />}</dd>
          <dt>{t("meeting.place")}</dt>
          <dd>
            {m.place ? (
              <bdi>{m.place}</bdi>
            ) : (
              <span className="muted">{t("meeting.placeNotSaid")}</span>
            )}
          </dd>
        </dl>
        <MeetingChairs chairs={m.chairs} />
      </header>
      <Attendance m={m} />
      {current !== null ? <Speakers m={m} item={current} /> : null}
      <Votes m={m} item={current} />
      <Agenda m={m} />
      <MeetingChairElection m={m} />
      <MeetingMinutes m={m} />
      {m.viewer.chairs && m.status === "open" ? <Chairing m={m} /> : null}
    </div>
  );
}
