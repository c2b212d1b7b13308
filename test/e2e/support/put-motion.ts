/** A chair puts a resolution from the body page, in English, and lands on the open motion. */
import type { Page } from "playwright-core";
import { go, idInPath } from "./navigate.js";

/** Puts a resolution in `body` through its form; returns the new motion's id. */
export async function putResolution(
  page: Page,
  body: string,
  title: string,
  text: string,
): Promise<string> {
  await go(page, `/bodies/${body}`);
  await page.getByRole("button", { name: "Put a motion" }).click();
  await page.getByLabel("Kind of motion").selectOption("resolution");
  await page.getByLabel("Title (English)").fill(title);
  await page.getByLabel("Text (English)").fill(text);
  await page.getByRole("button", { name: "Put the motion" }).click();
  await page.getByTestId("motion-status").getByText("open").waitFor();
  return idInPath(page);
}
