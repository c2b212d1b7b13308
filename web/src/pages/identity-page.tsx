/**
 * @module Your key: make one in this browser, keep it sealed under a passphrase, unlock it;
 * use this browser as another device of a member (its own key, added from the member's other
 * device — never a copy); export a passphrase-encrypted backup (a file and a QR code) for
 * restoring a lost device, and restore one (file, pasted text, or the camera where the
 * browser can read QR codes); and, when the hub refuses the key after a fork, what happened
 * and how to recover.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ActionStatus, NeedsKey, useAction } from "../components/action.js";
import { CommandLine } from "../components/command-line.js";
import { JoinProgress } from "../components/join-progress.js";
import {
  MIN_PASSPHRASE,
  NewPassphrase,
  passphrasesDiffer,
} from "../components/new-passphrase.js";
import { PasteDeviceLink } from "../components/paste-device-link.js";
import { QrCode } from "../components/qr-code.js";
import { ShortId, When } from "../components/text.js";
import { SaidError } from "../i18n/describe-problem.js";
import { useFormat } from "../i18n/format.js";
import { problemWordsFor, type Translate } from "../i18n/problem-words.js";
import { cryptoOps, useIdentity } from "../identity/identity.js";
import { keyHolder, lockAfter } from "../identity/key-holder.js";
import { useOfflineStatus } from "../offline/status.js";
import { Link, navigate, safeNext, useLocation } from "../router.js";

/** How long the key stays unlocked in this browser, or that a reload asks again. */
function VisitNote() {
  const { t } = useTranslation();
  if (keyHolder().kind === "none")
    return (
      <p className="muted" data-testid="visit-note">
        {t("identity.visitNotHeld")}
      </p>
    );
  const ms = lockAfter();
  const text =
    ms % 60_000 === 0
      ? t("identity.visitHeld", { count: ms / 60_000, n: ms / 60_000 })
      : t("identity.visitHeldSeconds", {
          count: Math.round(ms / 1000),
          n: Math.round(ms / 1000),
        });
  return (
    <p className="muted" data-testid="visit-note">
      {text}
    </p>
  );
}

/**
 * Back to the page the member wanted (`?next=`, from a locked page's link) once the key is
 * unlocked or brought here.
 */
function useReturnWhenUnlocked(): void {
  const identity = useIdentity();
  const { query } = useLocation();
  const next = safeNext(query.get("next"));
  const was = useRef(identity.unlocked);
  useEffect(() => {
    const before = was.current;
    was.current = identity.unlocked;
    if (!before && identity.unlocked && next !== null) navigate(next, true);
  }, [identity.unlocked, next]);
}

function CreateKey() {
  const { t } = useTranslation();
  const identity = useIdentity();
  const [name, setName] = useState("");
  const [pass, setPass] = useState("");
  const [again, setAgain] = useState("");
  const action = useAction();
  const ids = { name: useId() };
  const mismatch = passphrasesDiffer(pass, again);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (pass !== again || pass.length < MIN_PASSPHRASE) return;
    void action.run(
      () => identity.create(name.trim(), pass),
      t("identity.created"),
    );
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${ids.name}-h`}>
      <h2 id={`${ids.name}-h`}>{t("identity.createTitle")}</h2>
      <p className="muted">{t("identity.createText")}</p>
      <label htmlFor={ids.name}>{t("identity.name")}</label>
      <input
        id={ids.name}
        value={name}
        onChange={(e) => setName(e.target.value)}
        required
        maxLength={200}
        autoComplete="name"
      />
      <NewPassphrase
        pass={pass}
        again={again}
        onPass={setPass}
        onAgain={setAgain}
      />
      <button type="submit" disabled={action.busy || mismatch}>
        {action.busy ? t("common.working") : t("identity.create")}
      </button>
      <ActionStatus error={action.error} done={action.done} />
    </form>
  );
}

type BarcodeDetectorLike = {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
};

function ImportKey() {
  const { t } = useTranslation();
  const identity = useIdentity();
  const [text, setText] = useState("");
  const [file, setFile] = useState<Uint8Array | null>(null);
  const [pass, setPass] = useState("");
  const [scanning, setScanning] = useState(false);
  const action = useAction();
  const ids = { file: useId(), text: useId(), pass: useId() };
  const canScan =
    typeof (globalThis as { BarcodeDetector?: unknown }).BarcodeDetector ===
    "function";
  const scan = async () => {
    setScanning(true);
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: "environment" },
    });
    const video = document.createElement("video");
    video.srcObject = stream;
    await video.play();
    const Detector = (
      globalThis as unknown as {
        BarcodeDetector: new (o: object) => BarcodeDetectorLike;
      }
    ).BarcodeDetector;
    const detector = new Detector({ formats: ["qr_code"] });
    try {
      for (let i = 0; i < 300; i++) {
        const codes = await detector.detect(video);
        if (codes[0]) {
          setText(codes[0].rawValue);
          return;
        }
        await new Promise((r) => requestAnimationFrame(r));
      }
    } finally {
      for (const track of stream.getTracks()) track.stop();
      setScanning(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const ops = await cryptoOps();
      const sealed = file ?? ops.backupFromText(text);
      if (sealed === null) throw new SaidError(t("identity.backupUnreadable"));
      await identity.importBackup(sealed, pass);
    }, t("identity.imported"));
  };
  return (
    <form className="card" onSubmit={submit}>
      <h2>{t("identity.importTitle")}</h2>
      <p className="muted">{t("identity.importText")}</p>
      <label htmlFor={ids.file}>{t("identity.backupFile")}</label>
      <input
        id={ids.file}
        type="file"
        accept=".key,application/octet-stream"
        onChange={async (e) => {
          const f = e.target.files?.[0];
          setFile(f ? new Uint8Array(await f.arrayBuffer()) : null);
        }}
      />
      <label htmlFor={ids.text}>{t("identity.backupText")}</label>
      <textarea
        id={ids.text}
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={3}
        spellCheck={false}
        dir="ltr"
      />
      {canScan ? (
        <button
          type="button"
          className="secondary"
          onClick={() => void scan()}
          disabled={scanning}
        >
          {scanning ? t("common.working") : t("identity.scan")}
        </button>
      ) : null}
      <label htmlFor={ids.pass}>{t("identity.passphrase")}</label>
      <input
        id={ids.pass}
        type="password"
        value={pass}
        onChange={(e) => setPass(e.target.value)}
        required
        autoComplete="current-password"
      />
      <button
        type="submit"
        disabled={action.busy || (file === null && text.trim() === "")}
      >
        {action.busy ? t("common.working") : t("identity.import")}
      </button>
      <ActionStatus error={action.error} done={action.done} />
    </form>
  );
}

function ExportKey() {
  const { t } = useTranslation();
  const identity = useIdentity();
  const [pass, setPass] = useState("");
  const [backup, setBackup] = useState<{ text: string; url: string } | null>(
    null,
  );
  const action = useAction();
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const ops = await cryptoOps();
      const sealed = await identity.exportBackup(pass);
      const blob = new Blob([sealed as BlobPart], {
        type: "application/octet-stream",
      });
      setBackup({
        text: ops.backupText(sealed),
        url: URL.createObjectURL(blob),
      });
    });
  };
  const label = identity.stored?.label || "kenges";
  return (
    <section className="card">
      <h2>{t("identity.exportTitle")}</h2>
      <p className="muted">{t("identity.exportText")}</p>
      <form onSubmit={submit}>
        <label htmlFor={id}>{t("identity.backupPassphrase")}</label>
        <div className="row">
          <input
            id={id}
            type="password"
            value={pass}
            onChange={(e) => setPass(e.target.value)}
            required
            minLength={MIN_PASSPHRASE}
            autoComplete="new-password"
          />
          <button type="submit" disabled={action.busy}>
            {action.busy ? t("common.working") : t("identity.export")}
          </button>
        </div>
        <ActionStatus error={action.error} done={null} />
      </form>
      {backup ? (
        <div className="backup">
          <p>
            <a
              className="button"
              href={backup.url}
              download={`${label.replace(/[^\p{L}\p{N}_.-]+/gu, "-")}.key`}
            >
              {t("identity.download")}
            </a>
          </p>
          <QrCode text={backup.text} label={t("identity.qrLabel")} />
          <details>
            <summary>{t("identity.showText")}</summary>
            <p className="mono wrap" dir="ltr">
              {backup.text}
            </p>
          </details>
        </div>
      ) : null}
    </section>
  );
}

/** A browser with no key: become another device of a member who has one elsewhere. */
function UseAsDevice() {
  const { t } = useTranslation();
  return (
    <section className="card" data-testid="use-as-device">
      <h2>{t("device.useAnotherTitle")}</h2>
      <p className="muted">{t("device.useAnotherText")}</p>
      <PasteDeviceLink label={t("device.linkFromOther")} expect="offer" />
    </section>
  );
}

/** A member's devices: each has its own key; another is added from here. */
function Devices() {
  const { t } = useTranslation();
  return (
    <section className="card">
      <h2>{t("device.devicesTitle")}</h2>
      <p className="muted">{t("device.devicesText")}</p>
      <p>
        <Link to="/add-device" className="button">
          {t("device.title")}
        </Link>
      </p>
    </section>
  );
}

/** The hub refused this key after a fork: what happened, in words, and the ways back. */
function FrozenKey({ publicKey }: { publicKey: string }) {
  const { t } = useTranslation();
  return (
    <section className="card danger" role="alert" data-testid="key-frozen">
      <h2>{t("device.frozenTitle")}</h2>
      <p>{t("device.frozenText")}</p>
      <ol>
        <li>
          {t("device.frozenStepDevice")}
          <CommandLine lines={[`kenges key revoke ${publicKey}`]} />
        </li>
        <li>
          {t("device.frozenStepRotate")}
          <CommandLine
            lines={[
              `kenges key rotate ${publicKey} --body BODY --last-seq N`,
              "kenges key endorse-rotation REQUEST",
            ]}
          />
        </li>
        <li>{t("device.frozenStepChair")}</li>
      </ol>
    </section>
  );
}

/** What this device keeps for working offline: the replica and when it was last synced. */
function KeptHere() {
  const { t } = useTranslation();
  const { replica } = useOfflineStatus();
  const format = useFormat();
  if (replica === null) return null;
  return (
    <section
      className="card"
      data-testid="kept-here"
      data-syncing={replica.syncing ? "yes" : "no"}
      data-sync-error={replica.error ?? ""}
    >
      <h2>{t("offline.replicaTitle")}</h2>
      <p>
        {t("offline.replicaText", {
          n: format.number(replica.events),
          count: replica.events,
        })}
      </p>
      <p data-testid="kept-scopes" data-scopes={replica.scopes.join(" ")}>
        {t("offline.replicaScopes", {
          n: format.number(replica.scopes.length),
        })}
      </p>
      <p className="meta">
        {replica.syncing ? (
          t("offline.replicaSyncing")
        ) : replica.syncedAt !== null ? (
          <>
            {t("offline.replicaSynced")} <When ms={replica.syncedAt} />
          </>
        ) : (
          t("offline.replicaNever")
        )}
        {replica.error && !replica.syncing
          ? ` ${t("offline.replicaError", {
              why: problemWordsFor(t as Translate, replica.error),
            })}`
          : null}
      </p>
    </section>
  );
}

export default function IdentityPage() {
  const { t } = useTranslation();
  const identity = useIdentity();
  const [confirmForget, setConfirmForget] = useState(false);
  const { waiting } = useOfflineStatus();
  const stored = identity.stored;
  useReturnWhenUnlocked();
  return (
    <>
      <h1>{t("identity.title")}</h1>
      {identity.frozen && stored !== null ? (
        <FrozenKey publicKey={stored.publicKey} />
      ) : null}
      {stored === null ? (
        <div className="grid2">
          <UseAsDevice />
          <CreateKey />
          <ImportKey />
        </div>
      ) : (
        <>
          <section className="card">
            <h2>{t("identity.thisDevice")}</h2>
            <dl className="facts">
              <dt>{t("identity.name")}</dt>
              <dd>
                <bdi>{stored.label || identity.me?.names[0]?.name}</bdi>
              </dd>
              <dt>{t("identity.publicKey")}</dt>
              <dd>
                <ShortId id={stored.publicKey} />
              </dd>
              <dt>{t("identity.state")}</dt>
              <dd>
                {identity.unlocked
                  ? t("identity.unlocked")
                  : t("identity.lockedState")}
              </dd>
            </dl>
            {identity.unlocked ? <VisitNote /> : null}
            <NeedsKey>
              <button
                type="button"
                className="secondary"
                onClick={() => identity.lock()}
              >
                {t("identity.lock")}
              </button>
            </NeedsKey>
          </section>
          {identity.me && identity.me.joinRequests.length > 0 ? (
            <section className="card">
              <h2>{t("join.progressTitle")}</h2>
              {identity.me.joinRequests.map((r) => (
                <JoinProgress key={r.id} request={r} />
              ))}
            </section>
          ) : null}
          {identity.unlocked ? <KeptHere /> : null}
          {identity.unlocked ? <Devices /> : null}
          {identity.unlocked ? <ExportKey /> : null}
          <ImportKey />
          <section className="card danger">
            <h2>{t("identity.forgetTitle")}</h2>
            <p>{t("identity.forgetText")}</p>
            {waiting > 0 ? (
              <p className="warn">
                {t("offline.forgetWaiting", { n: waiting })}
              </p>
            ) : null}
            {confirmForget ? (
              <button
                type="button"
                className="danger"
                onClick={() => identity.forget()}
              >
                {t("identity.forgetConfirm")}
              </button>
            ) : (
              <button
                type="button"
                className="secondary"
                onClick={() => setConfirmForget(true)}
              >
                {t("identity.forget")}
              </button>
            )}
          </section>
        </>
      )}
    </>
  );
}
