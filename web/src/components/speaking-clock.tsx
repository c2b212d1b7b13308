/**
 * @module The current speaker's time left, counted down each second from `speakingUntil` (the
 * floor-given's claimed time plus the meeting's speaking time). A display, never a rule: at
 * zero it says the time is up and nothing is blocked — the chair decides when to move on.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Num } from "./text.js";

/** The time now, read again every second while `active`. */
function useSecondTick(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

export function SpeakingClock({
  until,
  large = false,
}: {
  until: number | null;
  large?: boolean;
}) {
  const { t } = useTranslation();
  const now = useSecondTick(until !== null);
  if (until === null) return null;
  const left = Math.max(0, Math.ceil((until - now) / 1_000));
  const minutes = Math.floor(left / 60);
  const seconds = left % 60;
  return (
    <p
      className={`speaking-clock${large ? " large" : ""}${left === 0 ? " warn" : ""}`}
      data-testid="speaking-clock"
      data-left={left}
      // Announced once when the time is up, not every second.
      aria-live={left === 0 ? "polite" : "off"}
    >
      {left === 0 ? (
        t("meeting.timeIsUp")
      ) : (
        <>
          {t("meeting.timeLeft")}{" "}
          <bdi className="clock-digits" dir="ltr">
            <Num value={minutes} />:{seconds < 10 ? <Num value={0} /> : null}
            <Num value={seconds} />
          </bdi>
        </>
      )}
    </p>
  );
}
