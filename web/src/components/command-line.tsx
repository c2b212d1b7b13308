/** @module Commands to type, shown left to right in every language and never translated. */
export function CommandLine({ lines }: { lines: readonly string[] }) {
  return (
    <pre className="command-line" dir="ltr">
      <code>{lines.join("\n")}</code>
    </pre>
  );
}
