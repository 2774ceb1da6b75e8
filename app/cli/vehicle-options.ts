// The bounds on vehicles, which `sigil serve` and `sigil monitor` share:
// how many are tracked, how fast peers that have not verified may add new
// ones or draw answers, and when silent ones go (main/core/vehicle-table.ts).

import { DEFAULT_VEHICLE_LIMITS, type VehicleLimits } from '../../main/core/vehicle-table';
import { parseDuration } from './duration';
import { parseWhole } from './signing-options';

export const VEHICLE_OPTIONS = {
  'max-vehicles': { type: 'string' },
  'admit-rate': { type: 'string' },
  'admit-burst': { type: 'string' },
  'reply-rate': { type: 'string' },
  'reply-burst': { type: 'string' },
  'forget-silent': { type: 'string' },
  'replace-silent': { type: 'string' },
} as const;

const MAX_COUNT = 65_536;
const MAX_RATE = 10_000;

function seconds(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`;
}

const D = DEFAULT_VEHICLE_LIMITS;

const ENTRIES: readonly [string, string][] = [
  ['--max-vehicles N', `vehicles tracked at once, live and replayed (default ${D.maxVehicles})`],
  [
    '--admit-rate N',
    'new vehicles admitted per second per link on frames that did not verify ' +
      `(default ${D.admitPerSecond}); 0 with --admit-burst 0 admits only vehicles whose signed frames verified`,
  ],
  ['--admit-burst N', `as many at once before --admit-rate applies (default ${D.admitBurst})`],
  [
    '--reply-rate N',
    'frames sent per second per link in answer to frames that did not verify, ' +
      `such as telemetry requests to a new vehicle (default ${D.replyPerSecond})`,
  ],
  ['--reply-burst N', `as many at once before --reply-rate applies (default ${D.replyBurst})`],
  [
    '--forget-silent DURATION',
    `drop a vehicle silent this long: 90s, 10m, 1h (default ${seconds(D.forgetSilentMs)})`,
  ],
  [
    '--replace-silent DURATION',
    'when the table is full, a new vehicle takes the place of one that does not sign ' +
      `and has been silent this long (default ${seconds(D.replaceSilentMs)})`,
  ],
];

/** The options' help, descriptions starting at `column` and wrapped before 80. */
export function vehicleHelp(column: number): string {
  const lines: string[] = [];
  for (const [flag, text] of ENTRIES) {
    // "(default 5m)" stays on one line.
    const words = text.match(/\(default [^)]*\)\S*|\S+/g) ?? [];
    let line = `  ${flag}`;
    if (line.length + 1 > column) {
      lines.push(line);
      line = '';
    }
    line = line.padEnd(column);
    let first = true;
    for (const word of words) {
      if (!first && line.length + 1 + word.length > 78) {
        lines.push(line);
        line = ' '.repeat(column);
        first = true;
      }
      line += first ? word : ` ${word}`;
      first = false;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

/** The bounds given on the command line; those not given keep their defaults. */
export function parseVehicleLimits(values: {
  [K in keyof typeof VEHICLE_OPTIONS]?: string;
}): Partial<VehicleLimits> {
  const limits: Partial<VehicleLimits> = {};
  const set = <K extends keyof VehicleLimits>(key: K, value: number | undefined) => {
    if (value !== undefined) limits[key] = value;
  };
  set('maxVehicles', parseWhole('--max-vehicles', values['max-vehicles'], 1, MAX_COUNT));
  set('admitPerSecond', parseWhole('--admit-rate', values['admit-rate'], 0, MAX_RATE));
  set('admitBurst', parseWhole('--admit-burst', values['admit-burst'], 0, MAX_COUNT));
  set('replyPerSecond', parseWhole('--reply-rate', values['reply-rate'], 0, MAX_RATE));
  set('replyBurst', parseWhole('--reply-burst', values['reply-burst'], 0, MAX_COUNT));
  const forget = values['forget-silent'];
  if (forget !== undefined) limits.forgetSilentMs = parseDuration('--forget-silent', forget);
  const replace = values['replace-silent'];
  if (replace !== undefined) limits.replaceSilentMs = parseDuration('--replace-silent', replace);
  return limits;
}
