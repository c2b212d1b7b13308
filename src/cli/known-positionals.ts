/**
 * @module The words a command takes after its name are the ones its usage shows, as its flags
 * are (known-flags.ts). An extra word — `kenges demo /tmp/federation`, which reads like a
 * directory but is not one — is refused before the command runs: silently ignored, that demo
 * would have been built into `./kenges-data` while its maker looked for it elsewhere.
 */
import type { ParsedArgs } from "./args.js";
import { CliError } from "./cli-error.js";
import type { Command } from "./command.js";

/** One form of a command, read from a synopsis line: its words after the command's name. */
export interface CommandForm {
  /** The first word when it is a literal subcommand (`create` in `kenges body create …`). */
  readonly verb: string | null;
  /** How many words the form takes at most (the verb counted); Infinity when the last repeats. */
  readonly most: number;
}

/** A token of a synopsis: a `<placeholder>` (spaces inside allowed) glued to what follows, or a word. */
const TOKEN = /(?:<[^>]*>|[^\s<])+/g;

/** Drops each bracketed group holding a flag (innermost first); a group without one is an optional word. */
function withoutOptionalFlags(synopsis: string): string {
  let s = synopsis;
  for (;;) {
    const next = s.replace(/\[([^[\]]*)\]/g, (_, inner: string) =>
      inner.includes("--") ? " " : ` <${inner.trim()}> `,
    );
    if (next === s) return s;
    s = next;
  }
}

/** The forms a usage text shows for `name`: every line that begins `kenges <name>`. */
export function commandForms(name: string, usage: string): CommandForm[] {
  const forms: CommandForm[] = [];
  const start = `kenges ${name}`;
  for (const line of usage.split("\n")) {
    const text = line.trimStart();
    if (text !== start && !text.startsWith(`${start} `)) continue;
    // The synopsis ends where its explanation begins: two spaces or more, or a parenthesis.
    const synopsis = text.slice(start.length).split(/\s{2,}|\s\(/)[0]!;
    const tokens = withoutOptionalFlags(synopsis).match(TOKEN) ?? [];
    const words: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token === "…") continue; // repeats what came before it: a flag here
      if (token.startsWith("--")) {
        // A flag's value follows it (`--seats N`, `--code C`), and may repeat (`--output <p>=<n> …`).
        if (i + 1 < tokens.length && !tokens[i + 1]!.startsWith("--")) i++;
        continue;
      }
      words.push(token);
    }
    const first = words[0];
    forms.push({
      verb:
        first === undefined || first.startsWith("<") || first.includes("|")
          ? null
          : first,
      most: words.some((w) => w.endsWith("…")) ? Infinity : words.length,
    });
  }
  return forms;
}

const cache = new WeakMap<Command, readonly CommandForm[]>();

/**
 * Throws ARGUMENT_UNEXPECTED when `command` was given more words than any of its forms that
 * fit takes. A verb no form names is left to the command (it says which verbs it has).
 */
export function refuseExtraArguments(command: Command, args: ParsedArgs): void {
  let forms = cache.get(command);
  if (forms === undefined) {
    forms = commandForms(command.name, command.usage);
    cache.set(command, forms);
  }
  const words = args.positionals.slice(1);
  const fitting = forms.filter((f) => f.verb === null || f.verb === words[0]);
  if (fitting.length === 0) return;
  const most = Math.max(...fitting.map((f) => f.most));
  if (words.length <= most) return;
  throw new CliError("ARGUMENT_UNEXPECTED", {
    argument: words[most]!,
    command: command.name,
    help: `kenges ${command.name} --help`,
  });
}
