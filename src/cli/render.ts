/** @module Human output: short ids, text in the reader's language, aligned tables, times. */

/** The first 10 hex characters of an id: enough to type back (commands take prefixes). */
export function short(id: string): string {
  return id.slice(0, 10);
}

/** Text in the preferred language, else English, else any. */
export function pickText(
  text: Readonly<Record<string, string>>,
  lang: string,
): string {
  return text[lang] ?? text.en ?? Object.values(text)[0] ?? "";
}

/** An ISO time without milliseconds, in UTC. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Columns padded to the widest cell (by code points). */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          i === row.length - 1
            ? cell
            : cell + " ".repeat(widths[i]! - [...cell].length),
        )
        .join("  "),
    )
    .join("\n");
}
