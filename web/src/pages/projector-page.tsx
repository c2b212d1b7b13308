/**
 * @module The projector: what the hall reads from the wall, in large dark-on-light type — the
 * agenda with the item under discussion, who chairs, who speaks (with their time left, large)
 * and who waits, attendance and the quorum, the live count of the current item's motion and of
 * the latest vote still open in the meeting, else the latest taken (with how many present at
 * its opening may vote), and the door's code as a QR that changes with the code (every ten
 * seconds), so a photo sent to someone absent goes stale. The code comes
 * from the hub for a chair only, so the projector runs on the chair's device.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../api/client.js";
import type {
  DoorCode,
  HubInfo,
  MeetingView,
  MotionView,
} from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { AgendaList } from "../components/agenda-list.js";
import { CommandLine } from "../components/command-line.js";
import { openedOnLoopback } from "../components/loopback.js";
import { MeetingChairs } from "../components/meeting-chairs.js";
import { MeetingQuorumLine } from "../components/meeting-quorum.js";
import { MeetingVote } from "../components/meeting-vote.js";
import { QrCode } from "../components/qr-code.js";
import { SpeakersList } from "../components/speakers-list.js";
import { ErrorNote, Loading } from "../components/status.js";
import { LangText, Num, NumOf } from "../components/text.js";
import { problemWords } from "../i18n/describe-problem.js";
import { Link } from "../router.js";

/** Never ask more often than this, nor wait longer (a hub whose clock differs from ours). */
const MIN_WAIT_MS = 1_000;
const MAX_WAIT_MS = 10_000;

/** The door's code, read again when the hub says the next one starts. */
function useDoorCode(meeting: string, active: boolean) {
  const [code, setCode] = useState<DoorCode | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const read = async () => {
      let wait = MAX_WAIT_MS;
      try {
        const c = await api<DoorCode>(`/api/meetings/${meeting}/door`);
        if (stopped) return;
        setCode(c);
        setError(null);
        wait = c.nextAt - Date.now() + 200;
      } catch (e) {
        if (stopped) return;
        setCode(null);
        setError(e);
        // A refusal (not a chair, no door key here) does not change by asking again soon.
        if (e instanceof ApiError && e.status >= 400 && e.status < 500) return;
      }
      timer = setTimeout(
        () => void read(),
        Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, wait)),
      );
    };
    void read();
    return () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    };
  }, [meeting, active]);
  return { code, error };
}

function Door({ m }: { m: MeetingView }) {
  const { t } = useTranslation();
  const { code, error } = useDoorCode(m.id, m.door && m.status === "open");
  // Opened on the laptop itself: the QR leads phones to the hub's address on the Wi-Fi.
  const local = openedOnLoopback();
  const reach = useApi<HubInfo>(local ? "/api/hub" : null);
  const lan = reach.data?.networkOrigins ?? [];
  const origin = local ? (lan[0] ?? location.origin) : location.origin;
  if (m.status !== "open") return null;
  if (!m.door)
    return (
      <section className="projector-door">
        <p>{t("meeting.chairChecksIn")}</p>
      </section>
    );
  const link =
    code === null
      ? null
      : new URL(`/meetings/${m.id}?code=${code.code}`, origin).toString();
  return (
    <section className="projector-door" data-testid="door">
      <h2>{t("meeting.scanToCheckIn")}</h2>
      {code !== null && link !== null ? (
        <>
          <QrCode text={link} label={t("meeting.qrLabel")} size={240} />
          <p
            className="door-code"
            data-testid="door-code"
            data-window={code.window}
            lang="en"
            dir="ltr"
          >
            {code.code}
          </p>
          <p className="hint">{t("meeting.codeChanges")}</p>
          {local && reach.data !== null && lan.length === 0 ? (
            <div role="note" data-testid="door-local-only" className="hint">
              <p>{t("meeting.localOnly")}</p>
              <CommandLine lines={["kenges serve --host 0.0.0.0 --tls"]} />
            </div>
          ) : null}
        </>
      ) : error !== null ? (
        <p className="error" role="alert">
          {problemWords(error)}
        </p>
      ) : (
        <Loading />
      )}
    </section>
  );
}

/** The live count of the current item's motion. */
function MotionCount({ motion, body }: { motion: string; body: string }) {
  const { t } = useTranslation();
  const data = useApi<MotionView>(`/api/motions/${motion}`, {
    scopes: [body],
  });
  const v = data.data;
  if (v === null) return null;
  return (
    <section className="projector-motion" data-testid="projector-motion">
      <h2>
        <LangText text={v.title} />
      </h2>
      {v.method === "yes-no-abstain" ? (
        <p className="projector-count">
          {t("terms.vote.yes")} <Num value={v.live.yes} /> ·{" "}
          {t("terms.vote.no")} <Num value={v.live.no} /> ·{" "}
          {t("terms.vote.abstain")} <Num value={v.live.abstain} />
        </p>
      ) : null}
      <p className="meta">
        {t("motion.voters")} <NumOf value={v.live.voters} of={v.eligible} />
        {v.outcome ? (
          <>
            {" · "}
            <strong>{t(`terms.outcome.${v.outcome}`)}</strong>
          </>
        ) : null}
      </p>
    </section>
  );
}

export default function ProjectorPage({ id }: { id: string }) {
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
  // The vote the hall is voting on: the latest still open (an amendment before its motion),
  // else the latest decided, with its outcome.
  const latestVote = m.openVotes.at(-1) ?? m.motions.at(-1);
  return (
    <div className="projector" data-testid="projector">
      <header className="projector-head">
        <h1>
          <LangText text={m.title} />
        </h1>
        {m.status !== "open" ? (
          <p className="badge">{t(`meeting.status.${m.status}`)}</p>
        ) : null}
        {/* The wall names a chair the meeting elected; the body's own chairs need no line. */}
        {m.chairs !== null && m.chairs.length > 0 ? (
          <MeetingChairs chairs={m.chairs} />
        ) : null}
        <Link to={`/meetings/${m.id}`} className="projector-back">
          {t("meeting.backToMeeting")}
        </Link>
      </header>
      <div className="projector-grid">
        <section className="projector-agenda">
          <h2>{t("meeting.agenda")}</h2>
          <AgendaList items={m.agenda} current={m.current} />
        </section>
        <section
          className="projector-speakers"
          data-testid="projector-speakers"
        >
          <h2>
            {current === null ? (
              t("meeting.noCurrentItem")
            ) : (
              <>
                {t("meeting.speakersOn")} <LangText text={current.title} />
              </>
            )}
          </h2>
          {current !== null ? (
            <SpeakersList
              list={m.speakers.find((s) => s.item === current.id)}
              largeClock
            />
          ) : null}
          {current?.motion ? (
            <MotionCount motion={current.motion} body={m.body} />
          ) : null}
          {latestVote !== undefined ? (
            <MeetingVote motion={latestVote} body={m.body} large />
          ) : null}
        </section>
        <section
          className="projector-attendance"
          data-testid="projector-attendance"
        >
          <h2>{t("meeting.attendance")}</h2>
          <MeetingQuorumLine quorum={m.quorum} />
          {m.viewer.showsDoor ? <Door m={m} /> : null}
        </section>
      </div>
    </div>
  );
}
