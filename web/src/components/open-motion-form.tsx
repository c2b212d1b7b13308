/**
 * @module Putting a motion to a body: a resolution, a demand, an election (of chairs, or of
 * delegates to a council the body sends to), a mandate for those delegates, or — in a
 * council — a call to action. Title and text in the writer's language, with optional
 * translations into the others.
 */
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ElectionMethodName } from "../../../src/core/index.js";
import type { CanonicalValue } from "../../../src/crypto/index.js";
import type { BodyView, MotionSummary } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { SaidError } from "../i18n/describe-problem.js";
import { LANGUAGES } from "../i18n/i18n.js";
import { useIdentity } from "../identity/identity.js";
import { navigate } from "../router.js";
import { ActionStatus, NeedsKey, useAction } from "./action.js";
import { MethodSelect } from "./method-select.js";
import { LangText, Name, textFor } from "./text.js";

/** Title and text fields in the reader's language and, optionally, the others. */
export function TextFields({
  title,
  text,
  onTitle,
  onText,
}: {
  title: Record<string, string>;
  text: Record<string, string>;
  onTitle: (lang: string, v: string) => void;
  onText: (lang: string, v: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const base = useId();
  const lang = i18n.language;
  const others = LANGUAGES.filter((l) => l !== lang);
  const field = (l: string, required: boolean) => (
    <div key={l} lang={l} dir={l === "ur" ? "rtl" : "ltr"}>
      <label htmlFor={`${base}-t-${l}`}>
        {t("motion.form.title")} ({t(`languages.${l}`)})
      </label>
      <input
        id={`${base}-t-${l}`}
        value={title[l] ?? ""}
        onChange={(e) => onTitle(l, e.target.value)}
        required={required}
        maxLength={300}
      />
      <label htmlFor={`${base}-x-${l}`}>
        {t("motion.form.text")} ({t(`languages.${l}`)})
      </label>
      <textarea
        id={`${base}-x-${l}`}
        value={text[l] ?? ""}
        onChange={(e) => onText(l, e.target.value)}
        required={required}
        rows={4}
        maxLength={20000}
      />
    </div>
  );
  return (
    <>
      {field(lang, true)}
      <details>
        <summary>{t("motion.form.translations")}</summary>
        {others.map((l) => field(l, false))}
      </details>
    </>
  );
}

/** Texts with empty languages left out. */
export function filled(t: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(t)
      .filter(([, v]) => v.trim() !== "")
      .map(([k, v]) => [k, v.trim()]),
  );
}

type Kind = "resolution" | "demand" | "election" | "mandate" | "action";

function MandatePositions({
  council,
  positions,
  onChange,
}: {
  council: string;
  positions: Record<string, string>;
  onChange: (motion: string, vote: string) => void;
}) {
  const { t } = useTranslation();
  const data = useApi<BodyView>(`/api/bodies/${council}`);
  const open = (data.data?.motions ?? []).filter(
    (m: MotionSummary) => m.status === "open" && m.method === "yes-no-abstain",
  );
  if (open.length === 0)
    return <p className="muted">{t("motion.form.noCouncilMotions")}</p>;
  return (
    <fieldset>
      <legend>{t("motion.form.positions")}</legend>
      {open.map((m) => (
        <label key={m.id} className="position">
          <LangText text={m.title} />
          <select
            value={positions[m.id] ?? ""}
            onChange={(e) => onChange(m.id, e.target.value)}
          >
            <option value="">{t("motion.form.free")}</option>
            <option value="yes">{t("terms.vote.yes")}</option>
            <option value="no">{t("terms.vote.no")}</option>
            <option value="abstain">{t("terms.vote.abstain")}</option>
          </select>
        </label>
      ))}
    </fieldset>
  );
}

export function OpenMotionForm({ body }: { body: BodyView }) {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const ids = {
    kind: useId(),
    seats: useId(),
    council: useId(),
    role: useId(),
    act: useId(),
    starts: useId(),
    registrars: useId(),
    closes: useId(),
    closesHint: useId(),
  };
  const isCouncil = body.kind === "council";
  const kinds: Kind[] = [
    "resolution",
    "demand",
    "election",
    ...(body.delegations.length > 0 ? (["mandate"] as const) : []),
    ...(isCouncil ? (["action"] as const) : []),
  ];
  const [kind, setKind] = useState<Kind>("resolution");
  const [title, setTitle] = useState<Record<string, string>>({});
  const [text, setText] = useState<Record<string, string>>({});
  const [method, setMethod] = useState<ElectionMethodName>("plurality");
  const [seats, setSeats] = useState(1);
  const [role, setRole] = useState<string>(
    body.delegations[0] ? `delegate ${body.delegations[0].council}` : "chair",
  );
  const [candidates, setCandidates] = useState<string[]>([]);
  const [council, setCouncil] = useState(body.delegations[0]?.council ?? "");
  const [positions, setPositions] = useState<Record<string, string>>({});
  const [act, setAct] = useState("strike");
  const [starts, setStarts] = useState("");
  const [secret, setSecret] = useState(false);
  const [registrars, setRegistrars] = useState("");
  // A secret motion names 2 to 5 registrar offers (docs/events.md §6.6); the fold checks them.
  const offers = [
    ...new Set(registrars.split(/[\s,]+/).filter((x) => x !== "")),
  ];
  const offersOk =
    offers.length >= 2 &&
    offers.length <= 5 &&
    offers.every((o) => /^[0-9a-f]{64}$/.test(o));
  // A closing time as the member's own clock reads it (datetime-local: no zone, local time).
  const [closes, setCloses] = useState("");
  const members = body.memberList;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // The body is the scope the motion is signed in: the payload does not name it.
    const payload: Record<string, CanonicalValue> = {
      kind,
      title: filled(title),
      text: filled(text),
    };
    if (kind === "election") {
      payload.method = method;
      payload.seats = seats;
      payload.options = members
        .filter((m) => candidates.includes(m.id))
        .map((m) => ({ label: m.name, member: m.id }));
      payload.subject =
        role === "chair"
          ? { kind: "election", role: "chair" }
          : {
              kind: "election",
              role: "delegate",
              council: role.split(" ")[1]!,
            };
    } else if (kind === "mandate") {
      payload.subject = {
        kind: "mandate",
        council,
        positions: Object.entries(positions)
          .filter(([, v]) => v !== "")
          .map(([motion, vote]) => ({ motion, choice: { vote } })),
      };
    } else if (kind === "action") {
      payload.subject = {
        kind: "action",
        action: act,
        startsAt: starts ? Date.parse(starts) : Date.now(),
        scope: "all",
      };
    }
    if (secret && !isCouncil) payload.secret = { registrars: offers };
    void action.run(async () => {
      if (closes !== "") {
        // Milliseconds since the epoch, an integer, as every time in an event.
        const closesAt = Date.parse(closes);
        if (!Number.isFinite(closesAt) || closesAt <= Date.now())
          throw new SaidError(t("motion.form.closesAtPast"));
        payload.closesAt = closesAt;
      }
      const posted = await identity.act(body.id, "motion.opened", payload);
      navigate(`/motions/${posted.id}`);
    });
  };
  return (
    <NeedsKey>
      <form className="open-motion" onSubmit={submit}>
        <label htmlFor={ids.kind}>{t("motion.form.kind")}</label>
        <select
          id={ids.kind}
          value={kind}
          onChange={(e) => setKind(e.target.value as Kind)}
        >
          {kinds.map((k) => (
            <option key={k} value={k}>
              {t(`terms.motionKind.${k}`)}
            </option>
          ))}
        </select>
        <TextFields
          title={title}
          text={text}
          onTitle={(l, v) => setTitle((x) => ({ ...x, [l]: v }))}
          onText={(l, v) => setText((x) => ({ ...x, [l]: v }))}
        />
        {kind === "election" ? (
          <>
            <label htmlFor={ids.role}>{t("motion.form.electionOf")}</label>
            <select
              id={ids.role}
              value={role}
              onChange={(e) => setRole(e.target.value)}
            >
              {body.delegations.map((s) => (
                <option key={s.council} value={`delegate ${s.council}`}>
                  {t("motion.form.delegatesTo", {
                    council: textFor(s.councilName, i18n.language),
                  })}
                </option>
              ))}
              <option value="chair">{t("motion.form.chairs")}</option>
            </select>
            <MethodSelect value={method} onChange={setMethod} />
            <label htmlFor={ids.seats}>{t("motion.form.seats")}</label>
            <input
              id={ids.seats}
              type="number"
              min={1}
              max={100}
              value={seats}
              onChange={(e) => setSeats(Number(e.target.value))}
            />
            <fieldset className="candidates">
              <legend>{t("motion.form.candidates")}</legend>
              {members.map((m) => (
                <label key={m.id} className="check">
                  <input
                    type="checkbox"
                    checked={candidates.includes(m.id)}
                    onChange={(e) =>
                      setCandidates((c) =>
                        e.target.checked
                          ? [...c, m.id]
                          : c.filter((x) => x !== m.id),
                      )
                    }
                  />
                  <Name>{m.name}</Name>
                </label>
              ))}
            </fieldset>
          </>
        ) : null}
        {kind === "mandate" ? (
          <>
            <label htmlFor={ids.council}>{t("motion.form.council")}</label>
            <select
              id={ids.council}
              value={council}
              onChange={(e) => setCouncil(e.target.value)}
            >
              {body.delegations.map((s) => (
                <option key={s.council} value={s.council}>
                  {textFor(s.councilName, i18n.language)}
                </option>
              ))}
            </select>
            {council ? (
              <MandatePositions
                council={council}
                positions={positions}
                onChange={(m, v) => setPositions((p) => ({ ...p, [m]: v }))}
              />
            ) : null}
          </>
        ) : null}
        {kind === "action" ? (
          <>
            <label htmlFor={ids.act}>{t("motion.form.action")}</label>
            <select
              id={ids.act}
              value={act}
              onChange={(e) => setAct(e.target.value)}
            >
              {["strike", "demonstration", "boycott", "other"].map((a) => (
                <option key={a} value={a}>
                  {t(`terms.action.${a}`)}
                </option>
              ))}
            </select>
            <label htmlFor={ids.starts}>{t("motion.form.startsAt")}</label>
            <input
              id={ids.starts}
              type="datetime-local"
              value={starts}
              onChange={(e) => setStarts(e.target.value)}
              required
            />
          </>
        ) : null}
        {isCouncil ? null : (
          <>
            <label className="check">
              <input
                type="checkbox"
                checked={secret}
                onChange={(e) => setSecret(e.target.checked)}
              />
              {t("motion.form.secret")}
            </label>
            {secret ? (
              <>
                <p className="hint">{t("motion.form.secretHint")}</p>
                <label htmlFor={ids.registrars}>
                  {t("motion.form.registrars")}
                </label>
                <textarea
                  id={ids.registrars}
                  dir="ltr"
                  rows={3}
                  value={registrars}
                  onChange={(e) => setRegistrars(e.target.value.toLowerCase())}
                />
              </>
            ) : null}
          </>
        )}
        <label htmlFor={ids.closes}>{t("motion.form.closesAt")}</label>
        <input
          id={ids.closes}
          type="datetime-local"
          value={closes}
          onChange={(e) => setCloses(e.target.value)}
          aria-describedby={ids.closesHint}
          data-testid="closes-at"
        />
        <p className="hint" id={ids.closesHint}>
          {t("motion.form.closesAtHint")}
        </p>
        <button
          type="submit"
          disabled={
            action.busy ||
            (kind === "election" && candidates.length === 0) ||
            (secret && !isCouncil && !offersOk)
          }
        >
          {action.busy ? t("common.working") : t("motion.form.submit")}
        </button>
        <ActionStatus error={action.error} done={null} />
      </form>
    </NeedsKey>
  );
}
