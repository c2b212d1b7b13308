/**
 * @module A meeting's minutes on its page: a link to the minutes as one HTML page in the
 * reader's language (from the hub's events, never written by hand), their fingerprint (the hash
 * a `minutes` motion names), and whether the meeting adopted them — and if so, whether the
 * record still matches what was adopted. A chair asks the meeting to adopt them by a vote: in
 * this meeting while it is open, else in an open later meeting of the body (docs/events.md
 * §6.7: a `minutes` motion is always opened in some meeting).
 *
 * The session lives in the app's memory only (web/src/api/client.ts), so a plain link in a
 * new tab would reach the hub as an outsider: a signed-in reader's link fetches the page with
 * the session and opens it in the new tab from a blob. "Print or save as PDF" opens the same
 * page and asks that tab to print: the page's own print stylesheet lays it out on A4, and the
 * browser's print dialog saves it as a PDF (no PDF library on the hub or the phone).
 */
import type { MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, sessionToken } from "../api/client.js";
import type {
  MeetingList,
  MeetingMinutesView,
  MeetingView,
} from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { useIdentity } from "../identity/identity.js";
import { Link } from "../router.js";
import { ActionStatus, NeedsKey, useSaidAction } from "./action.js";
import { openInMeeting } from "./meeting-motion.js";
import { textFor } from "./text.js";

/** The minutes page, fetched with the session, as a blob URL a new tab can open. */
async function minutesBlob(
  href: string,
  token: string,
  offline: string,
): Promise<string> {
  let r: Response;
  try {
    r = await fetch(href, {
      headers: { authorization: `Bearer ${token}`, accept: "text/html" },
    });
  } catch {
    // No hub in reach: said as every other read says it (web/src/api/client.ts).
    throw new ApiError("NETWORK", offline, 0);
  }
  if (!r.ok) {
    const body = (await r.json().catch(() => null)) as {
      code?: string;
      message?: string;
    } | null;
    throw new ApiError(
      body?.code ?? "INTERNAL",
      body?.message ?? r.statusText,
      r.status,
    );
  }
  const html = await r.text();
  return URL.createObjectURL(
    new Blob([html], { type: "text/html;charset=utf-8" }),
  );
}

/** Asks `tab` to print once it shows `url` whole (polled: the tab's window may be a new one then). */
function printWhenShown(tab: Window, url: string): void {
  const until = Date.now() + 30_000;
  const look = () => {
    try {
      if (tab.closed) return;
      if (tab.location.href === url && tab.document.readyState === "complete") {
        tab.focus();
        tab.print();
        return;
      }
    } catch {
      // Not this app's page (any more): nothing to print from here.
      return;
    }
    if (Date.now() < until) setTimeout(look, 100);
  };
  look();
}

export function MeetingMinutes({ m }: { m: MeetingView }) {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const action = useSaidAction();
  const minutes = useApi<MeetingMinutesView>(`/api/meetings/${m.id}/minutes`, {
    scopes: [m.body],
  });
  // A closed meeting's minutes are adopted in a later one (read only when a chair needs it).
  const later = useApi<MeetingList>(
    m.viewer.chairs && m.status === "closed"
      ? `/api/bodies/${m.body}/meetings`
      : null,
  );
  // The meeting that votes on them, with the quorum a vote in it needs (MEETING_NOT_QUORATE).
  const votingMeeting =
    m.status === "open"
      ? m
      : (later.data?.meetings.find((x) => x.status === "open") ?? null);
  const votesIn = votingMeeting?.id ?? null;
  const quorate = votingMeeting?.quorum.met ?? false;
  const v = minutes.data;
  const adopted = v?.adopted ?? null;
  const lang = i18n.language;
  const href = `/api/meetings/${m.id}/minutes.html?lang=${encodeURIComponent(lang)}`;
  /** Opens the minutes in a new tab (with the session when signed in), and prints them there. */
  const show = (print: boolean) => {
    const token = sessionToken();
    // Opened now, while the click still counts as the reader's, and filled when fetched.
    const tab = window.open("", "_blank");
    void action.run(async () => {
      try {
        // Signed out, the plain page serves: the hub answers as to any outsider.
        const url =
          token === null
            ? new URL(href, location.href).href
            : await minutesBlob(href, token, t("common.offline"));
        if (tab === null) {
          window.open(url, "_blank");
          return;
        }
        tab.location.href = url;
        if (print) printWhenShown(tab, url);
      } catch (error) {
        tab?.close();
        throw error;
      }
    });
  };
  const read = (e: MouseEvent) => {
    // Signed out, the plain link serves as it is.
    if (sessionToken() === null) return;
    e.preventDefault();
    show(false);
  };
  const adopt = (hash: string, meeting: string) =>
    void action.run(
      () =>
        openInMeeting(identity, m.body, meeting, {
          kind: "minutes",
          title: {
            [lang]: t("meeting.minutesMotionTitle", {
              title: textFor(m.title, lang),
            }),
          },
          text: { [lang]: t("meeting.minutesMotionText", { hash }) },
          subject: { kind: "minutes", meeting: m.id, hash },
        }),
      "meeting.minutesVoteOpened",
    );
  return (
    <section className="card" data-testid="minutes">
      <h2>{t("meeting.minutes")}</h2>
      <p>
        {/* The hub's page, not the app's: a plain link, in the reader's language. */}
        <a
          href={href}
          target="_blank"
          rel="noopener"
          onClick={read}
          data-testid="minutes-link"
        >
          {t("meeting.readMinutes")}
        </a>{" "}
        <button
          type="button"
          className="secondary"
          onClick={() => show(true)}
          data-testid="minutes-print"
        >
          {t("meeting.printMinutes")}
        </button>
      </p>
      <p className="hint">{t("meeting.printMinutesHint")}</p>
      {v !== null ? (
        <>
          <p className="meta">
            {t("meeting.minutesHash")}{" "}
            <code lang="en" dir="ltr" data-testid="minutes-hash">
              {v.hash.slice(0, 16)}
            </code>
          </p>
          {adopted === null ? (
            <p data-testid="minutes-adopted" data-state="no">
              {t("meeting.minutesNotAdopted")}
            </p>
          ) : (
            <p
              data-testid="minutes-adopted"
              data-state={adopted.matches ? "matches" : "changed"}
              className={adopted.matches ? "ok" : "warn"}
            >
              {adopted.matches
                ? t("meeting.minutesAdopted")
                : t("meeting.minutesChanged")}{" "}
              <Link to={`/motions/${adopted.motion}`}>
                {t("meeting.toMotion")}
              </Link>
            </p>
          )}
          {m.viewer.chairs && !(adopted?.matches ?? false) ? (
            <NeedsKey>
              {votesIn !== null && !quorate ? (
                <p className="hint">{t("meeting.voteNeedsQuorum")}</p>
              ) : votesIn !== null ? (
                <button
                  type="button"
                  disabled={action.busy}
                  onClick={() => adopt(v.hash, votesIn)}
                >
                  {t("meeting.adoptMinutes")}
                </button>
              ) : later.data !== null ? (
                <p className="hint">{t("meeting.minutesInLaterMeeting")}</p>
              ) : null}
            </NeedsKey>
          ) : null}
        </>
      ) : null}
      <ActionStatus error={action.error} done={action.done} />
    </section>
  );
}
