/**
 * @module What scrolls sideways on a page as it stands: the page itself (its scrolling element
 * wider than the screen), and each element matched by `selector` whose content is wider than its
 * own box — so a phone test says which box is too wide, not only that one is.
 */
import type { Page } from "playwright-core";

export interface Sideways {
  /** The page's scrollWidth and clientWidth. */
  readonly page: readonly [number, number];
  /** The boxes (matched by the selector) wider inside than out: "tag.class scrollWidth > clientWidth". */
  readonly boxes: readonly string[];
}

export function sideways(p: Page, selector: string): Promise<Sideways> {
  return p.evaluate<Sideways>(`(() => {
    const s = document.scrollingElement;
    const boxes = [];
    for (const el of document.querySelectorAll(${JSON.stringify(selector)}))
      if (el.getClientRects().length > 0 && el.scrollWidth > el.clientWidth)
        boxes.push(el.tagName.toLowerCase() + "." + el.className + " " + el.scrollWidth + " > " + el.clientWidth);
    return { page: [s.scrollWidth, s.clientWidth], boxes };
  })()`);
}
