/**
 * @module "Waiting for you" on the home page: open votes the member has not cast, mandates
 * before a council vote, join requests to vouch for, calls their bodies have not answered,
 * their delegates' new ballots — each a link to where it is acted on. From the hub
 * (`/api/me/waiting`) while it answers; from this browser's own copy, by the same function,
 * when it does not. The count goes on the app's icon where the browser allows, and — when the
 * member asked — a new item raises a notification through the service worker, with no push
 * service in between (docs/threat-model.md).
 */
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import {
  waitingKey as keyOf,
  newSinceSeen,
  type WaitingItem,
  type WaitingShown,
} from "../../../src/core/index.js";
import { useApi } from "../api/use-api.js";
import { formatFor } from "../i18n/format.js";
import { useIdentity } from "../identity/identity.js";
import { useLocalChecks } from "../offline/local-fold.js";
import { useSeenMarks } from "../offline/seen.js";
import { useOfflineStatus } from "../offline/status.js";
import { Link } from "../router.js";
import { ChoiceText } from "./choice-text.js";
import { ErrorNote } from "./status.js";
import { LangText, Name, Num, textFor, When } from "./text.js";

/** Where each item is acted on. */
function linkOf(item: WaitingShown): string {
  switch (item.kind) {
    case "vote":
    case "mandate":
      return `/motions/${item.motion}`;
    case "vouch":
      return `/bodies/${item.body}`;
    case "call":
      return `/calls/${item.call}`;
    case "delegate-ballots":
      return `/delegates/${item.delegate}?council=${item.council}`;
  }
}

/** A vote's closing time, and once it has passed, that it has (the vote stays open until closed). */
function ClosingTime({ closesAt }: { closesAt: number | null }) {
  const { t } = useTranslation();
  if (closesAt === null) return null;
  return (
    <span className="meta waiting-closes" data-testid="waiting-closes">
      {t("waiting.closesAt")} <When ms={closesAt} />
      {Date.now() >= closesAt ? (
        <>
          {" · "}
          <span className="warn">{t("waiting.closed")}</span>
        </>
      ) : null}
    </span>
  );
}

/** How long before a vote's closing time the member is reminded of it. */
const REMIND_BEFORE_MS = 60 * 60_000;

function ItemText({ item }: { item: WaitingShown }) {
  const { t } = useTranslation();
  switch (item.kind) {
    case "vote":
      return (
        <>
          <span className="waiting-kind">{t("waiting.vote")}</span>{" "}
          <Link to={linkOf(item)}>
            <LangText text={item.title} />
          </Link>
          <span className="meta waiting-where">
            <LangText text={item.bodyName} /> · <When ms={item.openedAt} />
          </span>
          <ClosingTime closesAt={item.closesAt} />
        </>
      );
    case "mandate":
      return (
        <>
          <span className="waiting-kind">{t("waiting.mandate")}</span>{" "}
          <Link to={linkOf(item)}>
            <LangText text={item.title} />
          </Link>
          <span className="meta waiting-where">
            {t("waiting.boundBy")} <LangText text={item.forName} />
            {t("common.separator")}
            <ChoiceText choice={item.bound} />
          </span>
          <span className="meta waiting-where">
            <LangText text={item.bodyName} /> · <When ms={item.openedAt} />
          </span>
          <ClosingTime closesAt={item.closesAt} />
        </>
      );
    case "vouch":
      return (
        <>
          <span className="waiting-kind">{t("waiting.vouch")}</span>{" "}
          <Link to={linkOf(item)}>
            <Name>{item.name}</Name>
          </Link>
          <span className="meta waiting-where">
            <LangText text={item.bodyName} /> ·{" "}
            {t("waiting.vouches", {
              n: item.endorsements,
              needed: item.needed,
            })}
          </span>
        </>
      );
    case "call":
      return (
        <>
          <span className="waiting-kind">{t("waiting.call")}</span>{" "}
          <Link to={linkOf(item)}>
            <LangText text={item.title} />
          </Link>
          <span className="meta waiting-where">
            {t("waiting.answerFor")} <LangText text={item.bodyName} /> ·{" "}
            <LangText text={item.councilName} />
          </span>
        </>
      );
    case "delegate-ballots":
      return (
        <>
          <span className="waiting-kind">{t("waiting.delegate")}</span>{" "}
          <Link to={linkOf(item)}>
            {item.name === null ? (
              t("waiting.yourDelegate")
            ) : (
              <Name>{item.name}</Name>
            )}
          </Link>
          <span className="meta waiting-where">
            {t("waiting.newBallots", { count: item.fresh, n: item.fresh })} ·{" "}
            <LangText text={item.councilName} />
          </span>
        </>
      );
  }
}

/** Shows the count on the app's icon where the browser can (installed apps), clears it at zero. */
function useAppBadge(count: number | null): void {
  useEffect(() => {
    if (count === null) return;
    const nav = navigator as Navigator & {
      setAppBadge?: (n: number) => Promise<void>;
      clearAppBadge?: () => Promise<void>;
    };
    if (typeof nav.setAppBadge !== "function") return;
    const done = count > 0 ? nav.setAppBadge(count) : nav.clearAppBadge?.();
    done?.catch(() => {});
  }, [count]);
}

function canNotify(): boolean {
  return (
    typeof Notification !== "undefined" &&
    "serviceWorker" in navigator &&
    isSecureContext
  );
}

/**
 * While the app is open: each item that appears after the list was first shown raises a
 * notification through the service worker (one per item, replaced by its key).
 */
function useNotifyNew(items: readonly WaitingShown[] | null, on: boolean) {
  const { t, i18n } = useTranslation();
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (items === null) return;
    const keys = new Set(items.map(keyOf));
    const before = known.current;
    known.current = keys;
    if (before === null || !on || !canNotify()) return;
    if (Notification.permission !== "granted") return;
    const fresh = items.filter((i) => !before.has(keyOf(i)));
    if (fresh.length === 0) return;
    // `ready`: the worker may still be installing (it keeps the app's files first), and only an
    // active one can show a notification.
    void navigator.serviceWorker.ready.then((reg) => {
      for (const item of fresh) {
        const what =
          item.kind === "vouch"
            ? item.name
            : item.kind === "delegate-ballots"
              ? (item.name ?? "")
              : textFor(item.title, i18n.language);
        void reg
          .showNotification(t("waiting.notifyTitle"), {
            body: `${t(`waiting.${item.kind === "delegate-ballots" ? "delegate" : item.kind}`)}: ${what}`,
            tag: keyOf(item),
            lang: i18n.language,
            dir: i18n.dir(),
            data: { url: linkOf(item) },
          })
          .catch(() => {});
      }
    });
  }, [items, on, t, i18n]);
}

/**
 * While the app is open and the member asked for notifications: a vote they have not cast that
 * closes within the hour raises one reminder (per vote and page visit), through the service
 * worker like any new item. Checked every half minute.
 */
function useRemindClosing(items: readonly WaitingShown[] | null, on: boolean) {
  const { t, i18n } = useTranslation();
  const reminded = useRef(new Set<string>());
  useEffect(() => {
    if (items === null || !on || !canNotify()) return;
    const check = () => {
      if (Notification.permission !== "granted") return;
      const now = Date.now();
      const due = items.filter(
        (i) =>
          (i.kind === "vote" || i.kind === "mandate") &&
          i.closesAt !== null &&
          i.closesAt > now &&
          i.closesAt - now <= REMIND_BEFORE_MS &&
          !reminded.current.has(keyOf(i)),
      );
      if (due.length === 0) return;
      for (const i of due) reminded.current.add(keyOf(i));
      const format = formatFor(i18n.language);
      void navigator.serviceWorker.ready.then((reg) => {
        for (const item of due) {
          if (item.kind !== "vote" && item.kind !== "mandate") continue;
          void reg
            .showNotification(t("waiting.remindTitle"), {
              body: t("waiting.remindBody", {
                title: textFor(item.title, i18n.language),
                time: format.dateTime(item.closesAt!),
              }),
              tag: `closing ${keyOf(item)}`,
              lang: i18n.language,
              dir: i18n.dir(),
              data: { url: linkOf(item) },
            })
            .catch(() => {});
        }
      });
    };
    check();
    const timer = setInterval(check, 30_000);
    return () => clearInterval(timer);
  }, [items, on, t, i18n]);
}

function NotifyOptIn() {
  const { t } = useTranslation();
  const seen = useSeenMarks();
  if (seen === null || !canNotify()) return null;
  if (seen.notify && Notification.permission === "granted")
    return (
      <p className="hint">
        {t("waiting.notifyOn")}{" "}
        <button
          type="button"
          className="secondary"
          onClick={() => seen.setNotify(false)}
        >
          {t("waiting.notifyStop")}
        </button>
      </p>
    );
  if (Notification.permission === "denied")
    return <p className="hint">{t("waiting.notifyBlocked")}</p>;
  return (
    <p>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          void Notification.requestPermission().then((p) =>
            seen.setNotify(p === "granted"),
          )
        }
      >
        {t("waiting.notifyAsk")}
      </button>
    </p>
  );
}

export function WaitingForYou() {
  const { t } = useTranslation();
  const identity = useIdentity();
  const checks = useLocalChecks();
  const seen = useSeenMarks();
  const { reachable } = useOfflineStatus();
  // The live feed tells of news in any scope the key reads: the list may change with any.
  const hub = useApi<{ items: WaitingItem[] }>(
    identity.signedIn ? "/api/me/waiting" : null,
    { any: true },
  );
  // Out of reach (or not signed in yet): this browser's copy, by the hub's own function.
  const local = !reachable || !identity.signedIn;
  const items: readonly WaitingItem[] | null =
    local && checks !== null
      ? checks.waiting()
      : (hub.data?.items ?? checks?.waiting() ?? null);
  const list = items === null ? null : newSinceSeen(items, (k) => seen?.get(k));
  useAppBadge(list === null ? null : list.length);
  useNotifyNew(list, seen?.notify === true);
  useRemindClosing(list, seen?.notify === true);
  return (
    <section
      className="card waiting-for-you"
      data-testid="waiting"
      data-source={local && checks !== null ? "copy" : "hub"}
      aria-busy={list === null && hub.error === null}
    >
      <h2>
        {t("waiting.title")}
        {list !== null && list.length > 0 ? (
          <span className="badge warn" data-testid="waiting-count">
            <Num value={list.length} />
          </span>
        ) : null}
      </h2>
      {list === null ? (
        hub.error !== null ? (
          // In words, with what to do next (status.tsx): never a code.
          <ErrorNote error={hub.error} />
        ) : (
          <p className="muted">{t("common.loading")}</p>
        )
      ) : list.length === 0 ? (
        <p className="muted" data-testid="waiting-empty">
          {t("waiting.nothing")}
        </p>
      ) : (
        <ul className="list">
          {list.map((item) => (
            <li
              key={keyOf(item)}
              data-testid="waiting-item"
              data-kind={item.kind}
              data-key={keyOf(item)}
            >
              <ItemText item={item} />
            </li>
          ))}
        </ul>
      )}
      {local && checks !== null ? (
        <p className="hint" data-testid="waiting-offline">
          {t("waiting.fromCopy")}
        </p>
      ) : null}
      <NotifyOptIn />
    </section>
  );
}
