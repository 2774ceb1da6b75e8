// Numbers and times the way a pilot reads them. Unknown is an em dash, never 0.

export const UNKNOWN = '—';

/** MAVLink signing timestamps count 10 µs units from 2015-01-01T00:00:00Z. */
export const SIGNING_EPOCH_UNIX_S = 1420070400;

export function signingTimestampToDate(timestamp: number): Date {
  return new Date((timestamp / 100000 + SIGNING_EPOCH_UNIX_S) * 1000);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Local date and time, `2024-05-01 14:03:07`. */
export function formatDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) return UNKNOWN;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** Local time of day with milliseconds, `14:03:07.250`. */
export function formatTimeOfDay(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return UNKNOWN;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatSigningTimestamp(timestamp: number): string {
  return formatDateTime(signingTimestampToDate(timestamp));
}

export function formatNumber(value: number | null | undefined, digits = 1, unit = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return UNKNOWN;
  const text = value.toFixed(digits);
  // -0.0 reads as a sign error on a display.
  const clean = /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
  return unit === '' ? clean : `${clean} ${unit}`;
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return UNKNOWN;
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** Heading in whole degrees 0-359. */
export function formatHeading(degrees: number | null | undefined): string {
  if (degrees === null || degrees === undefined || !Number.isFinite(degrees)) return UNKNOWN;
  const d = ((Math.round(degrees) % 360) + 360) % 360;
  return `${pad(d, 3)}°`;
}

/** Microseconds as m:ss (replay position and length). */
export function formatDuration(us: number): string {
  if (!Number.isFinite(us) || us < 0) return UNKNOWN;
  const s = Math.floor(us / 1e6);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/**
 * An error as a person reads it: without the request type the core puts in
 * front ("params.set: ", "links.open: "), which names an internal request,
 * not anything on the screen.
 */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^(?:[a-z][A-Za-z]*\.)+[a-z][A-Za-z]*: /, '');
}

/**
 * A vehicle as the pilot names it: "system 1", "system 1/2" for another
 * component, "system 1 on field" for one of the MQTT network `field`, and
 * "replay of FILE (system 1)" for a replayed log's vehicle.
 */
export function vehicleLabel(v: {
  sysid: number;
  compid: number;
  network?: string;
  replay?: { file: string };
}): string {
  const component = `system ${v.sysid}${v.compid !== 1 ? `/${v.compid}` : ''}`;
  const system = v.network === undefined ? component : `${component} on ${v.network}`;
  return v.replay === undefined ? system : `replay of ${v.replay.file} (${system})`;
}

/** Signing timestamp units (10 µs) as a span a person reads: "24 hours", "90 seconds". */
export function formatHorizon(units: number): string {
  const seconds = units / 100_000;
  if (!Number.isFinite(seconds) || seconds < 0) return UNKNOWN;
  // [unit, name, from]: a day reads as 24 hours, as the default is known.
  const spans: [number, string, number][] = [
    [86_400, 'day', 2 * 86_400],
    [3600, 'hour', 3600],
    [60, 'minute', 60],
  ];
  for (const [size, name, from] of spans) {
    if (seconds >= from && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${formatNumber(seconds, Number.isInteger(seconds) ? 0 : 2)} seconds`;
}
