/** @module A benchmark's `--name N` flag: a positive whole number, or the fallback when absent. */
export function wholeNumberFlag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const n = Number(process.argv[at + 1]);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`--${name} takes a positive whole number`);
  return n;
}
