/**
 * @module Unread markers: a body or motion that changed since the member last opened it, by
 * this browser's copy (activity.ts) against the marks kept sealed on this device (seen.ts).
 * Opening the page marks it seen; nothing is shown while the copy or the marks are not loaded.
 */
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useLocalChecks } from "../offline/local-fold.js";
import { seenKey, useSeenMarks } from "../offline/seen.js";

type Kind = "body" | "motion";

/** Marks the body or motion seen as it is now, and again while the page stays open. */
export function useMarkSeen(kind: Kind, id: string | null): void {
  const checks = useLocalChecks();
  const seen = useSeenMarks();
  const activity = id === null ? null : (checks?.activity(id) ?? null);
  useEffect(() => {
    if (id === null || activity === null || seen === null) return;
    seen.mark(seenKey[kind](id), activity);
  }, [kind, id, activity, seen]);
}

/** Marks a delegate's ballots on a council seen (the count the member looks at). */
export function useMarkDelegateSeen(
  council: string,
  delegate: string,
  ballots: number,
): void {
  const seen = useSeenMarks();
  useEffect(() => {
    seen?.mark(seenKey.delegate(council, delegate), ballots);
  }, [seen, council, delegate, ballots]);
}

/** "new" beside a body or motion that changed since the member last opened it. */
export function UnreadMarker({ kind, id }: { kind: Kind; id: string }) {
  const { t } = useTranslation();
  const checks = useLocalChecks();
  const seen = useSeenMarks();
  const activity = checks?.activity(id) ?? null;
  if (activity === null || seen === null) return null;
  const before = seen.get(seenKey[kind](id));
  if (before !== undefined && activity <= before) return null;
  return (
    <span
      className="badge unread"
      data-testid="unread"
      title={t("waiting.newLabel")}
    >
      {t("waiting.new")}
    </span>
  );
}
