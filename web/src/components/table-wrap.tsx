/**
 * @module A wide table in a box that scrolls sideways on a narrow phone. A region that scrolls
 * must be reachable by keyboard (WCAG 2.1.1): the box takes focus, and is named, so a screen
 * reader says what it is when it gets there. A group, not a region: a page may show many such
 * tables (one per demand), and landmarks must be few and unique.
 */
import type { ReactNode } from "react";

export function TableWrap({
  label,
  children,
}: {
  /** What the table shows, in the reader's language (its caption or heading). */
  label: string;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset is for form controls; this groups a table.
    <div
      className="table-wrap"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must take focus to scroll by keyboard.
      tabIndex={0}
      role="group"
      aria-label={label}
    >
      {children}
    </div>
  );
}
