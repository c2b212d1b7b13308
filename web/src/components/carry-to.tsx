/**
 * @module The councils above that a demand may be carried to by attestation: for each, carried
 * already (and where to see it), or — for a key that attests for the body — carried now, as a
 * new demand there or endorsing one already on its board. The motion page (a body's adopted
 * demand) and the demands board (a council's demand, carried further up) show the same list.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { DemandList } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { useIdentity } from "../identity/identity.js";
import { Link } from "../router.js";
import { ActionStatus, NeedsKey, useAction } from "./action.js";
import { LangText, textFor } from "./text.js";

/** Where a demand was carried, by council. */
export interface Carried {
  readonly council: string;
  readonly councilName: Record<string, string>;
  readonly into: string | null;
}

/**
 * Every council above `body` that its demand `demand` may rise to, with the way to carry it
 * for this key's attesters; nothing when there is no council above. `card` draws it as a card
 * of its own (the motion page), else as a part of the demand's card (the board).
 */
export function CarryUp({
  body,
  demand,
  carried,
  card,
}: {
  body: string;
  demand: string;
  carried: readonly Carried[];
  card: boolean;
}) {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const action = useAction();
  const [into, setInto] = useState<Record<string, string>>({});
  const attests = new Set(
    (identity.me?.attests ?? [])
      .filter((a) => a.body === body)
      .map((a) => a.council),
  );
  if (carried.length === 0) return null;
  const list = carried.map((c) => (
    <CarryTo
      key={c.council}
      council={c.council}
      name={c.councilName}
      done={c.into}
      canCarry={attests.has(c.council)}
      into={into[c.council] ?? ""}
      onInto={(v) => setInto((x) => ({ ...x, [c.council]: v }))}
      busy={action.busy}
      carry={() =>
        void action.run(
          () =>
            identity.carryDemand(
              body,
              demand,
              c.council,
              into[c.council] || undefined,
            ),
          t("demands.forwarded"),
        )
      }
      lang={i18n.language}
    />
  ));
  const status = <ActionStatus error={action.error} done={action.done} />;
  return card ? (
    <section className="card" data-testid="carried">
      <h2>{t("demands.forwardTitle")}</h2>
      {list}
      {status}
    </section>
  ) : (
    <div className="forward-up">
      <h3>{t("demands.forwardTitle")}</h3>
      {list}
      {status}
    </div>
  );
}

/** One council a demand may be carried to. */
export function CarryTo({
  council,
  name,
  done,
  canCarry,
  into,
  onInto,
  busy,
  carry,
  lang,
}: {
  council: string;
  name: Record<string, string>;
  done: string | null;
  canCarry: boolean;
  into: string;
  onInto: (v: string) => void;
  busy: boolean;
  carry: () => void;
  lang: string;
}) {
  const { t } = useTranslation();
  const board = useApi<DemandList>(
    canCarry && !done ? `/api/demands?council=${council}` : null,
  );
  return (
    <div className="forward" data-council={council}>
      <p>
        <Link to={`/bodies/${council}`}>
          <LangText text={name} />
        </Link>
      </p>
      {done ? (
        <p className="ok">
          {t("demands.forwarded")}{" "}
          <Link to={`/demands?council=${council}`}>
            {t("demands.seeBoard")}
          </Link>
        </p>
      ) : canCarry ? (
        <NeedsKey>
          <label>
            {t("demands.as")}
            <select value={into} onChange={(e) => onInto(e.target.value)}>
              <option value="">{t("demands.asNew")}</option>
              {(board.data?.demands ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {t("demands.endorse")} {textFor(d.title, lang)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={busy} onClick={carry}>
            {t("demands.forward")}
          </button>
        </NeedsKey>
      ) : (
        <p className="muted">{t("demands.notCarried")}</p>
      )}
    </div>
  );
}
