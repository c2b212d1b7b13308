/**
 * @module The invite link and QR code of a body, and where it leads. In a hall with no internet
 * the hub runs on a laptop and phones reach it over the Wi-Fi: a link made on the laptop's own
 * browser (127.0.0.1, localhost) would open nothing on a phone. So the link is made on an
 * address other devices can reach when the hub listens on one, and the member is told plainly
 * when it listens only on this computer.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { BodyView, HubInfo } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { useIdentity } from "../identity/identity.js";
import { CommandLine } from "./command-line.js";
import { openedOnLoopback } from "./loopback.js";
import { QrCode } from "./qr-code.js";
import { textFor } from "./text.js";

export function Invite({ body }: { body: BodyView }) {
  const { t, i18n } = useTranslation();
  const { hub } = useIdentity();
  const [shown, setShown] = useState(false);
  const local = openedOnLoopback();
  // Asked only when needed, and as the signed-in member: the hub tells its addresses to
  // those who take part.
  const reach = useApi<HubInfo>(shown && local ? "/api/hub" : null);
  const lan = reach.data?.networkOrigins ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const origin = local
    ? (chosen ?? lan[0] ?? location.origin)
    : location.origin;
  const url = new URL(`/join/${body.id}`, origin);
  url.searchParams.set("n", textFor(body.name, i18n.language));
  if (hub) url.searchParams.set("fed", hub.federation);
  if (hub?.fingerprint) url.searchParams.set("fp", hub.fingerprint);
  const link = url.toString();
  return (
    <section className="card" data-testid="invite">
      <h2>{t("body.invite")}</h2>
      <p className="muted">{t("body.inviteText")}</p>
      {shown ? (
        <div className="invite">
          {local && reach.data !== null && lan.length === 0 ? (
            <div
              className="warning"
              role="note"
              data-testid="invite-local-only"
            >
              <p>{t("body.inviteLocalOnly")}</p>
              <CommandLine lines={["kenges serve --host 0.0.0.0 --tls"]} />
            </div>
          ) : null}
          {local && lan.length > 0 ? (
            <p className="muted" data-testid="invite-lan">
              {t("body.inviteLan")}
              {lan.length > 1 ? (
                <select
                  aria-label={t("body.inviteAddress")}
                  value={origin}
                  onChange={(e) => setChosen(e.target.value)}
                >
                  {lan.map((o) => (
                    <option key={o} value={o} dir="ltr">
                      {o}
                    </option>
                  ))}
                </select>
              ) : null}
            </p>
          ) : null}
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
