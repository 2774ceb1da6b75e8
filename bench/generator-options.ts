// What the load generators (children of a benchmark, see child.ts) share:
// reading a positive number from their command line.

/** `--name`'s value as a positive finite number, or `fallback` when absent. */
export function option(
  values: Record<string, string | undefined>,
  name: string,
  fallback: number,
): number {
  const text = values[name];
  if (text === undefined) return fallback;
  const number = Number(text);
  if (!(number > 0) || !Number.isFinite(number)) throw new Error(`--${name}: not '${text}'`);
  return number;
}
