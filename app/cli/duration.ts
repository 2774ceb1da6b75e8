// Durations on the command line: 90s, 10m, 1h or 1500ms; a bare number is
// seconds. Anything else, or a value out of range, is a usage error.

import { UsageError } from './command';

const MIN_MS = 1000;
const MAX_MS = 24 * 60 * 60 * 1000;

/** A duration from 1 s to 24 h, in milliseconds. */
export function parseDuration(option: string, text: string): number {
  const match = /^(\d{1,9})(ms|s|m|h)?$/.exec(text);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match?.[2] ?? 's'] ?? 1000;
  const ms = match === null ? NaN : Number(match[1]) * unit;
  if (!(ms >= MIN_MS && ms <= MAX_MS)) {
    throw new UsageError(`${option} must be a duration from 1s to 24h, such as 90s, 10m or 1h`);
  }
  return ms;
}
