/** Attendance and quorum as a meeting's pages say them, against a hand count of those present. */
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** The attendance line a page should show for a hand count of those present. */
export function attendanceWords(
  present: number,
  voters: number,
  percent: number,
) {
  const required = Math.max(1, Math.ceil((voters * percent) / 100));
  return {
    present: `Present / voters: ${present} / ${voters}`,
    quorum: `${present >= required ? "Quorum is met." : "No quorum yet."} Quorum needs ${required} (${percent}%)`,
  };
}

/** Waits until the page says those words (the phones and the projector alike). */
export async function showsAttendance(
  page: Page,
  words: { present: string; quorum: string },
): Promise<void> {
  await expect
    .poll(() => page.getByTestId("meeting-present").first().textContent(), {
      timeout: 30_000,
    })
    .toBe(words.present);
  await expect
    .poll(() => page.getByTestId("meeting-quorum").first().textContent(), {
      timeout: 30_000,
    })
    .toBe(words.quorum);
}
