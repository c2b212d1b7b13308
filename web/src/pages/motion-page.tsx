/**
 * @module A motion: its text in any of its languages, amendments, comments, the ballot for
 * its method (yes/no/abstain, a pick, approvals, a ranking by tap or drag), the live count;
 * once closed, the result its close states, the hub's count and the count sheet — next to
 * the result counted on this phone's own copy, with any difference flagged; what the chair
 * and the proposer may do; for an adopted demand, where its attesters carried it.
 */
import {
  type FormEvent,
  lazy,
  Suspense,
  useEffect,
  useId,
  useState,
} from "react";
import { useTranslation } from "react-i18next";
import type { CanonicalValue } from "../../../src/crypto/index.js";
import type { ElectionResult } from "../../../src/voting/index.js";
import { api } from "../api/client.js";
import type {
  BodyView,
  Choice,
  CloseDraft,
  MeetingView,
  MotionView,
  PlanSubject,
  StatedResult,
} from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { ActionStatus, NeedsKey, useAction } from "../components/action.js";
import { CarryUp } from "../components/carry-to.js";
import { ChoiceText } from "../components/choice-text.js";
import { isolate } from "../components/claim-text.js";
import { ConfirmStep } from "../components/confirm-step.js";
import { filled, TextFields } from "../components/open-motion-form.js";
import { CommentHistory, OwnComment } from "../components/own-comment.js";
import { VariantsSideBySide } from "../components/plan-figures.js";
import { RankingEditor } from "../components/ranking-editor.js";
import { RedactWords } from "../components/redact-words.js";
import {
  isSecretCast,
  RegistrarCard,
  SecretNotice,
  SecretVoteState,
  useSecretVote,
  useTokensEarly,
} from "../components/secret-ballot.js";
import { ErrorNote, Loading } from "../components/status.js";
import { TableWrap } from "../components/table-wrap.js";
import { LangText, Name, Num, NumOf, When } from "../components/text.js";
import { useMarkSeen } from "../components/unread.js";
import { pickLanguage, useFormat } from "../i18n/format.js";
import { useIdentity } from "../identity/identity.js";
import { type LocalMotion, useLocalChecks } from "../offline/local-fold.js";
import { usePendingAction, usePendingActions } from "../offline/status.js";
import { Link } from "../router.js";

const CountSheet = lazy(() => import("../components/count-sheet.js"));
const RANKED = new Set([
  "irv",
  "scottish-stv",
  "meek-stv",
  "schulze",
  "ranked-pairs",
]);

function TextWithLanguages({ m }: { m: MotionView }) {
  const { t, i18n } = useTranslation();
  const langs = Object.keys(m.text);
  const [lang, setLang] = useState(
    () => pickLanguage(m.text, i18n.language) ?? langs[0] ?? "en",
  );
  useEffect(() => {
    setLang(pickLanguage(m.text, i18n.language) ?? "en");
  }, [i18n.language, m.text]);
  return (
    <section className="motion-text">
      {langs.length > 1 ? (
        <fieldset className="tabs">
          <legend className="visually-hidden">
            {t("motion.textLanguage")}
          </legend>
          {langs.map((l) => (
            <button
              key={l}
              type="button"
              aria-pressed={l === lang}
              onClick={() => setLang(l)}
              lang={l}
            >
              {t(`languages.${l}`, { defaultValue: l })}
            </button>
          ))}
        </fieldset>
      ) : null}
      <div lang={lang} dir={lang === "ur" ? "rtl" : "ltr"} className="text">
        {(m.text[lang] ?? "").split("\n").map((p, i) => (
          <p key={String(i)}>{p}</p>
        ))}
      </div>
    </section>
  );
}

function Bar({
  label,
  value,
  total,
}: {
  label: string;
  value: number;
  total: number;
}) {
  const share = total > 0 ? value / total : 0;
  return (
    <div className="bar">
      <span className="bar-label">
        <bdi>{label}</bdi>
      </span>
      <span className="bar-track" aria-hidden="true">
        <span
          className="bar-fill"
          style={{ inlineSize: `${Math.round(share * 100)}%` }}
        />
      </span>
      <span className="bar-value">
        <Num value={value} />
      </span>
    </div>
  );
}

function LiveCount({ m }: { m: MotionView }) {
  const { t } = useTranslation();
  const l = m.live;
  return (
    <section className="card" aria-live="polite" data-testid="live-count">
      <h2>
        {m.status === "open" ? t("motion.liveCount") : t("motion.ballotsCast")}
      </h2>
      <p className="meta">
        {t("motion.voters")} <NumOf value={l.voters} of={m.eligible} />
      </p>
      {m.method === "yes-no-abstain" ? (
        <>
          <Bar label={t("terms.vote.yes")} value={l.yes} total={l.voters} />
          <Bar label={t("terms.vote.no")} value={l.no} total={l.voters} />
          <Bar
            label={t("terms.vote.abstain")}
            value={l.abstain}
            total={l.voters}
          />
        </>
      ) : (
        <>
          <p className="hint">
            {RANKED.has(m.method)
              ? t("motion.firstPreferences")
              : t("motion.support")}
          </p>
          {m.options.map((o, i) => (
            <Bar
              key={o.label}
              label={o.label}
              value={l.options[i] ?? 0}
              total={l.voters}
            />
          ))}
        </>
      )}
    </section>
  );
}

/** A result in a few words: the outcome and its figures (or who was elected). */
function useResultWords(): (
  outcome: string | null,
  result: MotionView["result"] | LocalMotion["record"]["result"],
  names: (i: number) => string,
) => string {
  const { t } = useTranslation();
  return (outcome, result, names) => {
    const head = outcome ? t(`terms.outcome.${outcome}`) : "?";
    if (result === null) return head;
    if (result.kind === "decision") {
      const d = result.decision;
      return `${head} · ${t("terms.vote.yes")} ${d.yes} · ${t("terms.vote.no")} ${d.no} · ${t("terms.vote.abstain")} ${d.abstain}`;
    }
    const elected = result.election.elected.map((i) => isolate(names(i)));
    return `${head} · ${elected.length > 0 ? elected.join(t("common.separator")) : t("motion.nobody")}`;
  };
}

/** The same result? Outcome, and the figures or the elected in order. */
function sameResult(m: MotionView, here: LocalMotion): boolean {
  const a = m.result;
  const b = here.record.result;
  if (m.outcome !== here.record.outcome || a === null || b === null)
    return m.outcome === here.record.outcome && (a === null) === (b === null);
  if (a.kind === "decision" && b.kind === "decision")
    return (
      a.decision.yes === b.decision.yes &&
      a.decision.no === b.decision.no &&
      a.decision.abstain === b.decision.abstain &&
      a.decision.present === b.decision.present
    );
  if (a.kind === "election" && b.kind === "election")
    return (
      a.election.elected.join() === b.election.elected.join() &&
      a.present === b.present
    );
  return false;
}

/** The result counted on this phone's own copy, beside the hub's. */
function CountedHere({ m }: { m: MotionView }) {
  const { t } = useTranslation();
  const local = useLocalChecks();
  const words = useResultWords();
  const names = (i: number) => m.options[i]?.label ?? `#${i + 1}`;
  if (local === null)
    return (
      <p className="hint" data-testid="counted-here" data-agrees="locked">
        {t("motion.here.locked")}
      </p>
    );
  const here = local.motion(m.id);
  if (here === null || here.record.status !== "decided")
    return (
      <p className="hint" data-testid="counted-here" data-agrees="pending">
        {here === null ? t("motion.here.notHeld") : t("motion.here.notYet")}
      </p>
    );
  const agrees = sameResult(m, here);
  const mine = words(here.record.outcome, here.record.result, names);
  return (
    <div
      className={agrees ? "ok" : "error"}
      role={agrees ? undefined : "alert"}
      data-testid="counted-here"
      data-agrees={agrees ? "yes" : "no"}
    >
      <p>
        {agrees
          ? t("motion.here.same", { result: mine, n: here.counted ?? 0 })
          : t("motion.here.differs", {
              here: mine,
              hub: words(m.outcome, m.result, names),
            })}
      </p>
    </div>
  );
}

function Result({ m }: { m: MotionView }) {
  const { t } = useTranslation();
  const r = m.result;
  return (
    <section className="card result" data-testid="result">
      <h2>
        {t("motion.result")}:{" "}
        <span className={`outcome outcome-${m.outcome}`}>
          {m.outcome ? t(`terms.outcome.${m.outcome}`) : ""}
        </span>
      </h2>
      {m.viewer.missed ? (
        <p className="muted" data-testid="missed-vote">
          {t("motion.missed")}
        </p>
      ) : null}
      {m.stated && m.stated.outcome !== m.outcome ? (
        <p className="warn">
          {t("motion.statedDiffers", {
            stated: t(`terms.outcome.${m.stated.outcome}`),
          })}
        </p>
      ) : null}
      {r === null ? null : r.kind === "decision" ? (
        <dl className="facts">
          <dt>{t("terms.vote.yes")}</dt>
          <dd>
            <Num value={r.decision.yes} />
          </dd>
          <dt>{t("terms.vote.no")}</dt>
          <dd>
            <Num value={r.decision.no} />
          </dd>
          <dt>{t("terms.vote.abstain")}</dt>
          <dd>
            <Num value={r.decision.abstain} />
          </dd>
          <dt>{t("motion.present")}</dt>
          <dd>
            <Num value={r.decision.present} />
          </dd>
          <dt>{t("motion.quorum")}</dt>
          <dd>
            <Num value={r.decision.quorumRequired} />
          </dd>
          <dt>{t("motion.threshold")}</dt>
          <dd>{t(`terms.threshold.${r.decision.threshold}`)}</dd>
        </dl>
      ) : (
        <>
          <p>
            {t("motion.elected")}{" "}
            {r.election.elected.length === 0
              ? t("motion.nobody")
              : r.election.elected.map((c, i) => (
                  <span key={c}>
                    {i > 0 ? t("common.separator") : ""}
                    <strong>
                      <Name>{m.options[c]?.label ?? ""}</Name>
                    </strong>
                  </span>
                ))}
          </p>
          <p className="meta">
            {t("motion.present")} <NumOf value={r.present} of={r.eligible} />
          </p>
          <Suspense fallback={<Loading />}>
            <CountSheet
              result={r.election as unknown as ElectionResult}
              names={m.options.map((o) => o.label)}
            />
          </Suspense>
        </>
      )}
      <CountedHere m={m} />
      {m.secret !== null ? <SecretVoteState m={m} /> : null}
      {m.countSheet ? (
        <details data-testid="counted-ballots">
          <summary>
            {t("motion.countedBallots", {
              n: m.countSheet.counted.length,
              of: m.countSheet.eligible,
            })}
          </summary>
          <TableWrap
            label={t("motion.countedBallots", {
              n: m.countSheet.counted.length,
              of: m.countSheet.eligible,
              count: m.countSheet.eligible,
            })}
          >
            <table>
              <thead>
                <tr>
                  <th scope="col">
                    {m.secret !== null
                      ? t("secret.oneTimeKey")
                      : t("motion.voter")}
                  </th>
                  <th scope="col">{t("motion.choice")}</th>
                  <th scope="col">{t("motion.weight")}</th>
                </tr>
              </thead>
              <tbody>
                {m.countSheet.counted.map((c) => (
                  <tr key={c.ballot}>
                    <th scope="row">
                      {m.secret !== null ? (
                        // A secret ballot stands for no one: only its one-time key.
                        <code dir="ltr">{c.voter.id.slice(0, 10)}</code>
                      ) : (
                        <Name>{c.voter.name}</Name>
                      )}
                    </th>
                    <td>
                      <ChoiceText choice={c.choice} options={m.options} />
                    </td>
                    <td>
                      <Num value={Math.round(c.weight * 1000) / 1000} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </details>
      ) : null}
    </section>
  );
}

function Ballot({ m }: { m: MotionView }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const mine = m.viewer.myBallot;
  const [pick, setPick] = useState<number | null>(
    mine && "pick" in mine ? mine.pick : null,
  );
  const [approve, setApprove] = useState<number[]>(
    mine && "approve" in mine ? [...mine.approve] : [],
  );
  const [ranking, setRanking] = useState<number[]>(
    mine && "ranking" in mine ? mine.ranking.flat() : [],
  );
  const name = useId();
  const isSecret = m.secret !== null;
  const secretVote = useSecretVote(m.id);
  useTokensEarly(m);
  const waitingBallot = usePendingAction(
    "ballot.cast",
    (p) => p.motion === m.id,
  );
  const waiting = waitingBallot
    ? {
        ...waitingBallot,
        payload: (waitingBallot.payload as { choice?: CanonicalValue })
          .choice as CanonicalValue,
      }
    : null;
  const cast = (choice: CanonicalValue) =>
    void action.run(
      isSecret
        ? () => identity.secretVote(m.id, choice)
        : () => identity.act(m.body, "ballot.cast", { motion: m.id, choice }),
      isSecret ? undefined : t("vote.cast"),
    );
  let form: React.ReactNode;
  if (m.method === "yes-no-abstain")
    form = (
      <fieldset className="vote-buttons">
        <legend className="visually-hidden">{t("vote.yourVote")}</legend>
        {(["yes", "no", "abstain"] as const).map((v) => (
          <button
            key={v}
            type="button"
            className={`vote-${v}`}
            aria-pressed={mine !== null && "vote" in mine && mine.vote === v}
            disabled={action.busy}
            onClick={() => cast({ vote: v })}
          >
            {t(`terms.vote.${v}`)}
          </button>
        ))}
      </fieldset>
    );
  else {
    const submit = (e: FormEvent) => {
      e.preventDefault();
      if (m.method === "plurality" && pick !== null) cast({ pick });
      else if (m.method === "approval")
        cast({ approve: [...approve].sort((a, b) => a - b) });
      else cast({ ranking: ranking.map((o) => [o]) });
    };
    form = (
      <form onSubmit={submit}>
        {m.method === "plurality" ? (
          <fieldset>
            <legend>{t("vote.pickOne")}</legend>
            {m.options.map((o, i) => (
              <label key={o.label} className="check">
                <input
                  type="radio"
                  name={name}
                  checked={pick === i}
                  onChange={() => setPick(i)}
                />
                <Name>{o.label}</Name>
              </label>
            ))}
          </fieldset>
        ) : m.method === "approval" ? (
          <fieldset>
            <legend>{t("vote.approveAny")}</legend>
            {m.options.map((o, i) => (
              <label key={o.label} className="check">
                <input
                  type="checkbox"
                  checked={approve.includes(i)}
                  onChange={(e) =>
                    setApprove((a) =>
                      e.target.checked ? [...a, i] : a.filter((x) => x !== i),
                    )
                  }
                />
                <Name>{o.label}</Name>
              </label>
            ))}
          </fieldset>
        ) : (
          <RankingEditor
            options={m.options}
            ranking={ranking}
            onChange={setRanking}
          />
        )}
        <button
          type="submit"
          disabled={action.busy || (m.method === "plurality" && pick === null)}
        >
          {action.busy ? t("common.working") : t("vote.submit")}
        </button>
      </form>
    );
  }
  return (
    <section className="card ballot">
      <h2>{t("vote.title")}</h2>
      {mine ? (
        <p className="meta">
          {t("vote.yourBallot")}{" "}
          <ChoiceText choice={mine as Choice} options={m.options} />
        </p>
      ) : null}
      {waiting ? (
        <p className="waiting" data-testid="ballot-waiting">
          {t("offline.ballotWaiting")}{" "}
          <ChoiceText
            choice={waiting.payload as unknown as Choice}
            options={m.options}
          />
        </p>
      ) : null}
      {isSecret ? <p className="hint">{t("secret.oneBallot")}</p> : null}
      {isSecret ? <SecretVoteState m={m} /> : null}
      {isSecret && isSecretCast(secretVote?.step) ? null : (
        <NeedsKey>{form}</NeedsKey>
      )}
      <ActionStatus error={action.error} done={action.done} />
    </section>
  );
}

/** What closing now would state, as the hub counts it: loading, unknown (no answer), or the outcome. */
type CloseForecast = StatedResult["outcome"] | "loading" | "unknown";

/** Closing a vote: turnout against quorum, and what the close will state, before anything is signed. */
function CloseConsequence({
  m,
  forecast,
}: {
  m: MotionView;
  forecast: CloseForecast;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const body = useApi<BodyView>(`/api/bodies/${m.body}`);
  const percent = body.data?.rules.quorumPercent ?? null;
  return (
    <>
      <p data-testid="close-turnout">
        {percent === null
          ? t("confirm.turnout", {
              voters: format.number(m.live.voters),
              eligible: format.number(m.eligible),
            })
          : t("confirm.turnoutQuorum", {
              voters: format.number(m.live.voters),
              eligible: format.number(m.eligible),
              required: format.number(Math.ceil((m.eligible * percent) / 100)),
              percent: format.number(percent),
            })}
      </p>
      <p
        className={forecast === "no-quorum" ? "warn" : undefined}
        data-testid="close-consequence"
        data-outcome={forecast}
      >
        {t(`confirm.closeOutcome.${forecast}`)}
      </p>
    </>
  );
}

/**
 * The clock, read again every `everyMs` (the page counts down; nothing is signed by it); read
 * once when `everyMs` is null.
 */
function useNow(everyMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (everyMs === null) return;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Milliseconds as hours:minutes:seconds (days as hours): digits read the same in every language. */
function countdown(ms: number, number: (n: number) => string): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const two = (n: number) => number(n).padStart(2, number(0));
  return `${number(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/**
 * A motion's closing time: the countdown while it runs; after it, who has said it passed and —
 * to a voter who may — "the deadline has passed — close", with the consequence first. The
 * validity of what is signed never depends on this clock: the event carries its own claimed
 * time, and the fold refuses one before the closing time.
 */
function Deadline({ m }: { m: MotionView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const identity = useIdentity();
  const action = useAction();
  const [asking, setAsking] = useState(false);
  const [forecast, setForecast] = useState<CloseForecast>("loading");
  const now = useNow(m.deadline !== null && m.status === "open" ? 1000 : null);
  const d = m.deadline;
  if (d === null) return null;
  const me = identity.me?.member ?? null;
  const saidSo = d.attesters.some((a) => a.id === me);
  const said = d.attesters.length;
  const completes = (saidSo ? said : said + 1) >= d.needed;
  const passed = now >= d.closesAt;
  const n = { n: format.number(said), needed: format.number(d.needed) };
  const ask = () => {
    setAsking(true);
    setForecast("loading");
    if (completes)
      api<CloseDraft>(`/api/motions/${m.id}/close-draft`).then(
        (r) => setForecast(r.result.outcome),
        () => setForecast("unknown"),
      );
  };
  return (
    <section className="card deadline" data-testid="deadline">
      <h2>{t("motion.deadline.heading")}</h2>
      <p>
        {t("motion.deadline.closesAt")} <When ms={d.closesAt} />
      </p>
      {m.status === "decided" && m.closedByDeadline ? (
        <p data-testid="closed-by-deadline">
          {t("motion.deadline.closedBy", { needed: format.number(d.needed) })}{" "}
          {d.attesters.map((a, i) => (
            <span key={a.id}>
              {i > 0 ? t("common.separator") : null}
              <Name>{a.name}</Name>
            </span>
          ))}
        </p>
      ) : m.status !== "open" ? null : !passed ? (
        <>
          <p data-testid="deadline-countdown">
            {t("motion.deadline.left")}{" "}
            <bdi className="countdown">
              <time
                dateTime={`PT${Math.max(0, Math.ceil((d.closesAt - now) / 1000))}S`}
              >
                {countdown(d.closesAt - now, format.number)}
              </time>
            </bdi>
          </p>
          <p className="hint">
            {t("motion.deadline.howItCloses", { needed: n.needed })}
          </p>
        </>
      ) : (
        <>
          <p className="warn" data-testid="deadline-passed">
            {t("motion.deadline.passed")}{" "}
            {t("motion.deadline.howItCloses", { needed: n.needed })}
          </p>
          <p data-testid="deadline-said" data-said={said}>
            {t("motion.deadline.said", n)}
            {said > 0 ? t("common.separator") : null}
            {d.attesters.map((a, i) => (
              <span key={a.id}>
                {i > 0 ? t("common.separator") : null}
                <Name>{a.name}</Name>
              </span>
            ))}
          </p>
          {saidSo ? <p className="ok">{t("motion.deadline.youSaid")}</p> : null}
          {m.viewer.canSayDeadlinePassed ? (
            <NeedsKey>
              {asking ? (
                <ConfirmStep
                  heading={t("motion.deadline.sayHeading")}
                  confirmLabel={t("motion.deadline.sayConfirm")}
                  busy={action.busy}
                  onConfirm={() =>
                    void action
                      .run(
                        () =>
                          identity.act(m.body, "motion.deadline-passed", {
                            motion: m.id,
                          }),
                        t("motion.deadline.sayDone"),
                      )
                      .then((ok) => {
                        if (ok) setAsking(false);
                      })
                  }
                  onCancel={() => setAsking(false)}
                >
                  {completes ? (
                    <>
                      <p>
                        {t("motion.deadline.sayCompletes", {
                          needed: n.needed,
                        })}
                      </p>
                      <CloseConsequence m={m} forecast={forecast} />
                    </>
                  ) : (
                    <p>{t("motion.deadline.sayConsequence", n)}</p>
                  )}
                </ConfirmStep>
              ) : (
                <button
                  type="button"
                  disabled={action.busy}
                  onClick={ask}
                  data-testid="say-deadline-passed"
                >
                  {t("motion.deadline.say")}
                </button>
              )}
            </NeedsKey>
          ) : null}
          <ActionStatus error={action.error} done={action.done} />
        </>
      )}
    </section>
  );
}

function ChairTools({ m }: { m: MotionView }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const [step, setStep] = useState<"close" | "withdraw" | null>(null);
  const [forecast, setForecast] = useState<CloseForecast>("loading");
  const pending = m.amendments.filter((a) => a.status === "open");
  if (!m.viewer.canClose && !m.viewer.canWithdraw) return null;
  const askClose = () => {
    setStep("close");
    setForecast("loading");
    // The hub's count on its heads now: what the close would state if signed this moment.
    api<CloseDraft>(`/api/motions/${m.id}/close-draft`).then(
      (d) => setForecast(d.result.outcome),
      () => setForecast("unknown"),
    );
  };
  const confirm = (run: () => Promise<unknown>) =>
    void action.run(run).then((ok) => {
      if (ok) setStep(null);
    });
  return (
    <section className="card">
      <h2>{t("motion.decide")}</h2>
      <NeedsKey>
        {step === "close" ? (
          <ConfirmStep
            heading={t("confirm.closeHeading")}
            confirmLabel={t("confirm.closeConfirm")}
            busy={action.busy}
            onConfirm={() => confirm(() => identity.close(m.id))}
            onCancel={() => setStep(null)}
          >
            <CloseConsequence m={m} forecast={forecast} />
          </ConfirmStep>
        ) : step === "withdraw" ? (
          <ConfirmStep
            heading={t("confirm.withdrawHeading")}
            confirmLabel={t("confirm.withdrawConfirm")}
            busy={action.busy}
            onConfirm={() =>
              confirm(() =>
                identity.act(m.body, "motion.withdrawn", { motion: m.id }),
              )
            }
            onCancel={() => setStep(null)}
          >
            <p>{t("confirm.withdrawConsequence")}</p>
          </ConfirmStep>
        ) : (
          <div className="row">
            {m.viewer.canClose ? (
              <button
                type="button"
                disabled={action.busy || pending.length > 0}
                onClick={askClose}
              >
                {t("motion.close")}
              </button>
            ) : null}
            {m.viewer.canWithdraw ? (
              <button
                type="button"
                className="secondary"
                disabled={action.busy}
                onClick={() => setStep("withdraw")}
              >
                {t("motion.withdraw")}
              </button>
            ) : null}
          </div>
        )}
        {pending.length > 0 ? (
          <p className="hint">{t("motion.amendmentsFirst")}</p>
        ) : null}
      </NeedsKey>
      <ActionStatus error={action.error} done={action.done} />
    </section>
  );
}

function Amend({ m }: { m: MotionView }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState<Record<string, string>>({});
  const [text, setText] = useState<Record<string, string>>({});
  // A motion voted in a meeting still open is amended in that meeting: those present when the
  // amendment opens vote on it, as on the motion (docs/events.md §6.7).
  const meeting = useApi<MeetingView>(
    m.meeting === null ? null : `/api/meetings/${m.meeting}`,
  );
  const inMeeting =
    m.meeting !== null && meeting.data?.status === "open" ? m.meeting : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await identity.act(m.body, "motion.opened", {
        kind: "amendment",
        amends: m.id,
        title: filled(title),
        text: filled(text),
        ...(inMeeting === null ? {} : { meeting: inMeeting }),
      });
      setOpen(false);
      setTitle({});
      setText({});
    }, t("motion.amendmentProposed"));
  };
  return (
    <>
      {open ? (
        <NeedsKey>
          <form onSubmit={submit}>
            <p className="hint">{t("motion.amendHint")}</p>
            {inMeeting !== null ? (
              <p className="hint" data-testid="amend-in-meeting">
                {t("motion.amendInMeeting")}
              </p>
            ) : null}
            <TextFields
              title={title}
              text={text}
              onTitle={(l, v) => setTitle((x) => ({ ...x, [l]: v }))}
              onText={(l, v) => setText((x) => ({ ...x, [l]: v }))}
            />
            <button type="submit" disabled={action.busy}>
              {action.busy ? t("common.working") : t("motion.proposeAmendment")}
            </button>
          </form>
        </NeedsKey>
      ) : (
        <button
          type="button"
          className="secondary"
          onClick={() => setOpen(true)}
        >
          {t("motion.amend")}
        </button>
      )}
      <ActionStatus error={action.error} done={action.done} />
    </>
  );
}

function Comments({ m }: { m: MotionView }) {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const [text, setText] = useState("");
  const id = useId();
  const waiting = usePendingActions("comment.posted", (p) => p.motion === m.id);
  const myName =
    identity.me?.names.find((n) => n.scope === m.body)?.name ??
    identity.stored?.label;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await identity.act(m.body, "comment.posted", {
        motion: m.id,
        text: text.trim(),
        lang: i18n.language,
      });
      setText("");
    });
  };
  return (
    <section className="card">
      <h2>
        {t("motion.comments")} (<Num value={m.comments.length} />)
      </h2>
      <ul className="comments">
        {m.comments.map((c) => (
          <li key={c.id} data-testid="comment" data-comment={c.id}>
            <p className="meta">
              <Name>{c.member.name}</Name> · <When ms={c.time} />
            </p>
            <p lang={c.lang} dir="auto">
              {c.text}
            </p>
            <CommentHistory comment={c} />
            {c.member.id === identity.me?.member && m.viewer.canComment ? (
              <OwnComment body={m.body} comment={c} />
            ) : c.member.id === identity.me?.member ? (
              <OwnComment body={m.body} comment={c} deleteOnly />
            ) : null}
          </li>
        ))}
        {waiting
          .filter((w) => !m.comments.some((c) => c.id === w.id))
          .map((w) => {
            const p = w.payload as { text?: string; lang?: string };
            return (
              <li key={w.id} data-testid="comment-waiting">
                <p className="meta">
                  {myName ? <Name>{myName}</Name> : null} · <When ms={w.time} />{" "}
                  ·{" "}
                  <span className="waiting">{t("offline.commentWaiting")}</span>
                </p>
                <p lang={p.lang} dir="auto">
                  {p.text}
                </p>
              </li>
            );
          })}
      </ul>
      {m.viewer.canComment ? (
        <NeedsKey>
          <form onSubmit={submit}>
            <label htmlFor={id}>{t("motion.yourComment")}</label>
            <textarea
              id={id}
              value={text}
              onChange={(e) => setText(e.target.value)}
              required
              maxLength={10000}
              rows={3}
            />
            <button type="submit" disabled={action.busy}>
              {action.busy ? t("common.working") : t("motion.postComment")}
            </button>
          </form>
        </NeedsKey>
      ) : null}
      <ActionStatus error={action.error} done={action.done} />
    </section>
  );
}

function Subject({ m }: { m: MotionView }) {
  const { t } = useTranslation();
  const s = m.subject as Record<string, unknown> | null;
  if (!s) return null;
  const councilName = s.councilName as
    | Record<string, string>
    | null
    | undefined;
  if (s.kind === "recall")
    return (
      <p className="subject">
        {t("motion.subject.recall")}{" "}
        <Link to={`/delegates/${String(s.member)}`}>
          <Name>{String(s.memberName)}</Name>
        </Link>{" "}
        {councilName ? (
          <>
            · <LangText text={councilName} />
          </>
        ) : null}
      </p>
    );
  if (s.kind === "election")
    return (
      <p className="subject">
        {s.role === "chair" ? (
          t("motion.subject.chairs")
        ) : s.role === "meeting-chair" ? (
          <Link to={`/meetings/${String(s.meeting)}`}>
            {t("motion.subject.meetingChair")}
          </Link>
        ) : (
          <>
            {t("motion.subject.delegates")}{" "}
            {councilName ? <LangText text={councilName} /> : null}
          </>
        )}{" "}
        · {t("motion.form.seats")} <Num value={m.seats} /> ·{" "}
        {t(`terms.method.${m.method}`)}
      </p>
    );
  if (s.kind === "mandate")
    return (
      <div className="subject">
        <p>
          {t("motion.subject.mandate")}{" "}
          {councilName ? <LangText text={councilName} /> : null}
        </p>
        {(
          (s.positions as {
            motion: string;
            title: Record<string, string> | null;
            choice: Choice;
          }[]) ?? []
        ).map((p) => (
          <p key={p.motion} className="meta">
            <Link to={`/motions/${p.motion}`}>
              <LangText text={p.title} />
            </Link>
            : <ChoiceText choice={p.choice} />
          </p>
        ))}
      </div>
    );
  if (s.kind === "action")
    return (
      <p className="subject">
        {t(`terms.action.${String(s.action)}`)} ·{" "}
        <When ms={Number(s.startsAt)} />
      </p>
    );
  if (s.kind === "admission")
    return (
      <p className="subject">
        {t("motion.subject.admission")} <Name>{String(s.name ?? "")}</Name>
      </p>
    );
  if (s.kind === "minutes")
    return (
      <p className="subject">
        <Link to={`/meetings/${String(s.meeting)}`}>
          {t("motion.subject.minutes")}
        </Link>{" "}
        <code lang="en" dir="ltr">
          {String(s.hash).slice(0, 16)}
        </code>
      </p>
    );
  if (s.kind === "plan") {
    const plan = s as unknown as PlanSubject;
    const elected =
      m.result?.kind === "election" ? m.result.election.elected[0] : undefined;
    const adopted = elected === undefined ? undefined : plan.variants[elected];
    return (
      <div className="subject">
        {adopted ? (
          <p data-testid="plan-adopted">
            {t("plan.adoptedVariant")}{" "}
            <strong>
              <Name>{adopted.label}</Name>
            </strong>{" "}
            · <Link to={`/bodies/${m.body}/plan`}>{t("plan.seePlan")}</Link>
          </p>
        ) : null}
        <p data-testid="plan-motion-period">
          {plan.period === null ? (
            t("plan.anyPeriod")
          ) : (
            <>
              {t("plan.forPeriod")}{" "}
              <strong>
                <bdi>{plan.period}</bdi>
              </strong>
            </>
          )}
        </p>
        <VariantsSideBySide variants={plan.variants} />
      </div>
    );
  }
  if (s.kind === "agenda")
    return (
      <p className="subject">
        <Link to={`/meetings/${String(s.meeting)}`}>
          {t("motion.subject.agenda")}
        </Link>
      </p>
    );
  return null;
}

/**
 * A vote taken in a meeting: its electorate is those present at its opening, frozen there, so
 * a member who came later reads here why the ballot is not theirs.
 */
function MeetingElectorate({ m }: { m: MotionView }) {
  const { t } = useTranslation();
  if (m.meeting === null) return null;
  const n = m.electorate ?? 0;
  return (
    <p className="note" data-testid="meeting-electorate">
      {t("motion.meetingVote", { count: n, n })}{" "}
      <Link to={`/meetings/${m.meeting}`}>{t("motion.toMeeting")}</Link>
      {/* A voter of the body who may not vote here: one who came after the opening. */}
      {m.status === "open" && m.viewer.canComment && !m.viewer.canVote ? (
        <strong className="warn" data-testid="not-on-meeting-roll">
          {" "}
          {t("motion.notOnMeetingRoll")}
        </strong>
      ) : null}
    </p>
  );
}

export default function MotionPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [body, setBody] = useState<string | null>(null);
  const data = useApi<MotionView>(`/api/motions/${id}`, {
    scopes: body ? [body] : [],
  });
  const m = data.data;
  useEffect(() => setBody(m?.body ?? null), [m?.body]);
  useMarkSeen("motion", m ? id : null);
  if (data.error && !m) return <ErrorNote error={data.error} />;
  if (!m) return <Loading />;
  return (
    <>
      <p className="crumbs">
        <Link to={`/bodies/${m.body}`}>
          <LangText text={m.bodyName} />
        </Link>
      </p>
      <header className="page-head">
        <h1>
          {m.redacted ? (
            <em>{t("redact.wordsRemoved")}</em>
          ) : (
            <LangText text={m.title} />
          )}
        </h1>
        <p className="meta">
          <span className="badge">{t(`terms.motionKind.${m.kind}`)}</span>{" "}
          <span
            data-testid="motion-status"
            className={`status status-${m.status}`}
          >
            {t(`terms.status.${m.status}`)}
          </span>
          {m.proposer ? (
            <>
              {" · "}
              {t("motion.proposedBy")} <Name>{m.proposer.name}</Name>
            </>
          ) : null}
          {" · "}
          <When ms={m.openedAt} />
        </p>
        {m.amends ? (
          <p className="meta">
            {t("motion.amends")}{" "}
            <Link to={`/motions/${m.amends.id}`}>
              <LangText text={m.amends.title} />
            </Link>
          </p>
        ) : null}
        {m.amendedBy ? <p className="ok">{t("motion.amendedText")}</p> : null}
        <Subject m={m} />
        <MeetingElectorate m={m} />
      </header>
      {m.redacted ? (
        <p className="muted" data-testid="words-removed">
          {t("redact.wordsRemovedNote")}
        </p>
      ) : (
        <TextWithLanguages m={m} />
      )}
      {m.viewer.canRedact ? (
        <section className="card">
          <RedactWords body={m.body} event={m.id} what="words" />
        </section>
      ) : null}
      <SecretNotice m={m} />
      {m.status === "decided" ? <Result m={m} /> : null}
      {m.viewer.canVote ? <Ballot m={m} /> : null}
      <RegistrarCard m={m} />
      {/* A secret vote is counted only at its close: no running count beside the ballots. */}
      {m.secret === null ? <LiveCount m={m} /> : null}
      <Deadline m={m} />
      <ChairTools m={m} />
      {m.kind !== "amendment" ? (
        <section className="card">
          <h2>
            {t("motion.amendments")} (<Num value={m.amendments.length} />)
          </h2>
          <ul className="motions">
            {m.amendments.map((a) => (
              <li key={a.id} data-status={a.status}>
                <Link to={`/motions/${a.id}`}>
                  <LangText text={a.title} />
                </Link>{" "}
                <span className="meta">
                  {a.outcome
                    ? t(`terms.outcome.${a.outcome}`)
                    : t(`terms.status.${a.status}`)}
                </span>
              </li>
            ))}
          </ul>
          {m.status === "open" && m.viewer.canVote ? <Amend m={m} /> : null}
        </section>
      ) : null}
      <CarryUp body={m.body} demand={m.id} carried={m.carried} card />
      {m.ballots.length > 0 ? (
        <section className="card">
          <h2>
            {t("motion.ballots")} (<Num value={m.ballots.length} />)
          </h2>
          <details open={m.ballots.length <= 10}>
            <summary>{t("motion.ballotsList")}</summary>
            <ul className="ballots">
              {m.ballots.map((b) => (
                <li key={b.ballot}>
                  <Name>{b.name}</Name>:{" "}
                  <ChoiceText choice={b.choice} options={m.options} />{" "}
                  <span className="muted">
                    <When ms={b.time} />
                  </span>
                </li>
              ))}
            </ul>
          </details>
        </section>
      ) : null}
      <Comments m={m} />
    </>
  );
}
