/**
 * @module Adding a device without copying a key (docs/architecture.md, "Adding a device").
 * One page, three uses, told apart by what the link's fragment carries (never sent to the hub):
 * - nothing — on a device that acts for the member: the offer link and QR code for the new
 *   device, and a field for the link it shows back;
 * - an offer (`#member=…`) — on the new device: it makes its own key, signs its consent to act
 *   for the member and shows its answer link, QR code and compare code, then waits;
 * - an answer (`#key=…&proof=…`) — back on the member's device: compare the code, then sign
 *   `key.added` in every body the member acts in.
 */

import { type FormEvent, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type DeviceAnswer,
  type DeviceOffer,
  deviceAnswerLink,
  deviceCode,
  deviceOfferLink,
  isDeviceAnswerValid,
  parseDeviceLink,
} from "../../../src/core/index.js";
import { ActionStatus, NeedsKey, useAction } from "../components/action.js";
import { CommandLine } from "../components/command-line.js";
import {
  MIN_PASSPHRASE,
  NewPassphrase,
  passphrasesDiffer,
} from "../components/new-passphrase.js";
import { PasteDeviceLink } from "../components/paste-device-link.js";
import { QrCode } from "../components/qr-code.js";
import { Loading } from "../components/status.js";
import { errorMessage } from "../i18n/i18n.js";
import { useIdentity } from "../identity/identity.js";
import { Link } from "../router.js";

/** How often the new device asks the hub whether it was added yet (ms). */
const ADDED_POLL = 2_000;

/** The fragment of the address, following in-app navigation as well as the back button. */
function useHash(): string {
  const [hash, setHash] = useState(() => location.hash);
  useEffect(() => {
    const update = () => setHash(location.hash);
    window.addEventListener("hashchange", update);
    window.addEventListener("popstate", update);
    window.addEventListener("kenges:navigate", update);
    return () => {
      window.removeEventListener("hashchange", update);
      window.removeEventListener("popstate", update);
      window.removeEventListener("kenges:navigate", update);
    };
  }, []);
  return hash;
}

/** The code both screens show, large and kept left to right in every language. */
function CompareCode({ code }: { code: string }) {
  const { t } = useTranslation();
  return (
    <p className="device-code">
      <span>{t("device.codeLabel")}</span>{" "}
      <bdi dir="ltr" data-testid="device-code">
        {code}
      </bdi>
    </p>
  );
}

/** A link to copy, with its QR code. */
function LinkToShow({ link, label }: { link: string; label: string }) {
  return (
    <>
      <QrCode text={link} label={label} />
      <p className="mono wrap" dir="ltr" data-testid="device-link">
        {link}
      </p>
    </>
  );
}

/** On a device that acts for the member: the offer for the new device. */
function OfferDevice() {
  const { t } = useTranslation();
  const identity = useIdentity();
  const me = identity.me;
  return (
    <section className="card">
      <h2>{t("device.title")}</h2>
      <NeedsKey>
        {me === null ? (
          <Loading />
        ) : (
          <>
            <p>{t("device.offerText")}</p>
            <LinkToShow
              link={deviceOfferLink(location.origin, {
                kind: "offer",
                member: me.member,
                name: identity.stored?.label || me.names[0]?.name || "",
              })}
              label={t("device.offerQr")}
            />
            <PasteDeviceLink label={t("device.answerLabel")} expect="device" />
            <p className="hint">{t("device.cliHint")}</p>
            <CommandLine
              lines={[
                "kenges key add-device",
                "kenges key add-device 'LINK' --code CODE",
              ]}
            />
          </>
        )}
      </NeedsKey>
    </section>
  );
}

/** On the new device: make its own key, show the answer, wait to be added. */
function BecomeDevice({ offer }: { offer: DeviceOffer }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const [made, setMade] = useState(false);
  const [answer, setAnswer] = useState<DeviceAnswer | null>(null);
  const [name, setName] = useState(offer.name);
  const [pass, setPass] = useState("");
  const [again, setAgain] = useState("");
  const action = useAction();
  const ids = { name: useId() };
  const added = identity.me !== null && identity.me.member === offer.member;
  const stored = identity.stored;
  // A key kept here that acts for no member yet (made on this page before a reload, say)
  // may answer the offer as well as one made just now.
  const unaffiliated =
    identity.me !== null && identity.me.member === identity.me.key;
  const ready = stored !== null && identity.unlocked && (made || unaffiliated);

  // The consent is signed once the new key is unlocked.
  useEffect(() => {
    if (!ready || stored === null || answer !== null) return;
    let live = true;
    identity.consentFor(offer.member).then(
      (proof) =>
        live &&
        setAnswer({
          kind: "device",
          key: stored.publicKey,
          member: offer.member,
          proof,
          name: stored.label,
        }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [ready, identity, stored, offer.member, answer]);

  // Until the other device added this key, ask the hub now and then who this key acts for.
  useEffect(() => {
    if (answer === null || added) return;
    const timer = setInterval(() => identity.refreshMe(), ADDED_POLL);
    return () => clearInterval(timer);
  }, [answer, added, identity]);

  if (added)
    return (
      <section className="card" data-testid="device-added">
        <h2>{t("device.doneTitle")}</h2>
        <p className="ok">
          {t("device.done", {
            name: identity.me?.names[0]?.name ?? offer.name,
          })}
        </p>
        <p>
          <Link to="/">{t("nav.home")}</Link>
        </p>
      </section>
    );
  if (ready && answer === null) return <Loading />;
  if (stored !== null && !identity.unlocked)
    return (
      <section className="card">
        <h2>{t("device.newTitle", { name: offer.name })}</h2>
        <NeedsKey>{null}</NeedsKey>
      </section>
    );
  if (stored !== null && !ready && identity.me === null) return <Loading />;
  if (stored !== null && !ready)
    return (
      <section className="card">
        <h2>{t("device.newTitle", { name: offer.name })}</h2>
        <p className="warn">{t("device.hasKey", { name: stored.label })}</p>
        <p>
          <Link to="/identity">{t("identity.title")}</Link>
        </p>
      </section>
    );
  if (answer !== null) {
    const link = deviceAnswerLink(location.origin, answer);
    const code = deviceCode(answer.member, answer.key);
    return (
      <section className="card" data-testid="device-answer">
        <h2>{t("device.showTitle")}</h2>
        <p>{t("device.showText")}</p>
        <CompareCode code={code} />
        <p className="muted">{t("device.codeHint")}</p>
        <LinkToShow link={link} label={t("device.answerQr")} />
        <p className="hint">{t("device.cliHint")}</p>
        <CommandLine
          lines={[
            `kenges key add-device '${link}' --code ${code.replace(" ", "")}`,
          ]}
        />
        <p aria-live="polite">{t("device.waiting")}</p>
      </section>
    );
  }
  const mismatch = passphrasesDiffer(pass, again);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (pass !== again || pass.length < MIN_PASSPHRASE) return;
    void action.run(async () => {
      await identity.create(name.trim(), pass);
      setMade(true);
    });
  };
  return (
    <form className="card" onSubmit={submit}>
      <h2>{t("device.newTitle", { name: offer.name })}</h2>
      <p>{t("device.newText")}</p>
      <label htmlFor={ids.name}>{t("identity.name")}</label>
      <input
        id={ids.name}
        value={name}
        onChange={(e) => setName(e.target.value)}
        required
        maxLength={200}
      />
      <NewPassphrase
        pass={pass}
        again={again}
        onPass={setPass}
        onAgain={setAgain}
      />
      <button type="submit" disabled={action.busy || mismatch}>
        {action.busy ? t("common.working") : t("device.make")}
      </button>
      <ActionStatus error={action.error} done={null} />
    </form>
  );
}

/** Back on the member's device: compare the code, then add the new key in every body. */
function AddThisDevice({ answer }: { answer: DeviceAnswer }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const me = identity.me;
  const federation = identity.hub?.federation ?? null;
  const body = (() => {
    if (me === null || federation === null) return <Loading />;
    if (me.member !== answer.member)
      return (
        <p className="error" role="alert">
          {errorMessage("DEVICE_LINK_OTHER_MEMBER", {
            member: answer.member.slice(0, 10),
          })}
        </p>
      );
    if (!isDeviceAnswerValid(federation, answer))
      return (
        <p className="error" role="alert">
          {errorMessage("DEVICE_LINK_INVALID", { field: "proof" })}
        </p>
      );
    const scopes = me.deviceScopes;
    const add = () =>
      action.run(
        async () => {
          for (const scope of scopes)
            await identity.act(scope, "key.added", {
              key: answer.key,
              proof: answer.proof,
            });
        },
        t("device.added", { n: scopes.length }),
      );
    return (
      <>
        <p>
          {t("device.addText")} <bdi>{answer.name}</bdi>
        </p>
        <CompareCode code={deviceCode(answer.member, answer.key)} />
        <p className="warn">{t("device.addCheck")}</p>
        {action.done === null ? (
          <button
            type="button"
            onClick={() => void add()}
            disabled={action.busy || scopes.length === 0}
          >
            {action.busy ? t("common.working") : t("device.add")}
          </button>
        ) : null}
        <ActionStatus error={action.error} done={action.done} />
      </>
    );
  })();
  return (
    <section className="card" data-testid="add-this-device">
      <h2>{t("device.addTitle")}</h2>
      <NeedsKey>{body}</NeedsKey>
    </section>
  );
}

export default function AddDevicePage() {
  const { t } = useTranslation();
  const hash = useHash();
  const parsed = hash.length > 1 ? parseDeviceLink(hash) : null;
  return (
    <>
      <h1>{t("device.title")}</h1>
      {parsed === null ? (
        <OfferDevice />
      ) : !parsed.ok ? (
        <p className="error" role="alert">
          {errorMessage("DEVICE_LINK_INVALID", { field: parsed.field })}
        </p>
      ) : parsed.link.kind === "offer" ? (
        <BecomeDevice offer={parsed.link} />
      ) : (
        <AddThisDevice answer={parsed.link} />
      )}
    </>
  );
}
