// How old each telemetry group is, and whether it is stale: older than a
// few of its own periods (the interval it has been arriving at), or from
// before the vehicle's last reboot. A value that stopped changing must not
// look like one that is still true.

export const TELEMETRY_GROUPS = [
  'attitude',
  'position',
  'gps',
  'battery',
  'hud',
  'sysStatus',
  'home',
] as const;

/** A part of the snapshot fed by one message. */
export type TelemetryGroup = (typeof TELEMETRY_GROUPS)[number];

const GROUP_OF: Readonly<Record<string, TelemetryGroup>> = {
  ATTITUDE: 'attitude',
  GLOBAL_POSITION_INT: 'position',
  GPS_RAW_INT: 'gps',
  BATTERY_STATUS: 'battery',
  VFR_HUD: 'hud',
  SYS_STATUS: 'sysStatus',
  HOME_POSITION: 'home',
};

/** HOME_POSITION comes when asked or when home moves: it has no period to miss. */
const UNSTREAMED: ReadonlySet<TelemetryGroup> = new Set(['home']);

/** Periods a group may miss before it is stale. */
export const STALE_PERIODS = 3;
/** Never stale sooner: a 50 Hz stream is not lost after 60 ms of jitter. */
export const MIN_STALE_MS = 1000;
/** The period of a group heard once. */
const FIRST_PERIOD_MS = 1000;
/** Weight of the newest interval in the running average of the period. */
const SMOOTHING = 0.25;
/** One interval counts as at most this: a long silence must not make silence look normal. */
const LONGEST_INTERVAL_MS = 5000;

export interface GroupAge {
  /** Milliseconds since the group's message last arrived. */
  ageMs: number;
  stale: boolean;
}

export type TelemetryAges = Record<TelemetryGroup, GroupAge | null>;

interface Heard {
  lastMs: number;
  periodMs: number;
}

export class Freshness {
  private readonly heard = new Map<TelemetryGroup, Heard>();
  /** What arrived before this (the last reboot) is stale whatever its age. */
  private epochMs = -Infinity;

  /** Notes a message's arrival; its group, or undefined for a message of none. */
  note(name: string, nowMs: number): TelemetryGroup | undefined {
    const group = GROUP_OF[name];
    if (group === undefined) return undefined;
    const last = this.heard.get(group);
    if (last === undefined) {
      this.heard.set(group, { lastMs: nowMs, periodMs: FIRST_PERIOD_MS });
    } else {
      const interval = Math.min(Math.max(0, nowMs - last.lastMs), LONGEST_INTERVAL_MS);
      last.periodMs += SMOOTHING * (interval - last.periodMs);
      last.lastMs = nowMs;
    }
    return group;
  }

  /** The vehicle rebooted: everything heard so far is of its previous life. */
  restart(nowMs: number): void {
    this.epochMs = nowMs;
  }

  /** How long a group may go unheard before it is stale. */
  staleAfterMs(group: TelemetryGroup): number {
    if (UNSTREAMED.has(group)) return Infinity;
    const period = this.heard.get(group)?.periodMs ?? FIRST_PERIOD_MS;
    return Math.max(MIN_STALE_MS, STALE_PERIODS * period);
  }

  /** Null for a group never heard. */
  age(group: TelemetryGroup, nowMs: number): GroupAge | null {
    const heard = this.heard.get(group);
    if (heard === undefined) return null;
    return { ageMs: Math.max(0, nowMs - heard.lastMs), stale: this.isStale(group, heard, nowMs) };
  }

  /** One bit per group (in TELEMETRY_GROUPS order), set while it is stale: cheap to compare. */
  staleMask(nowMs: number): number {
    let mask = 0;
    for (let bit = 0; bit < TELEMETRY_GROUPS.length; bit++) {
      const group = TELEMETRY_GROUPS[bit]!;
      const heard = this.heard.get(group);
      if (heard !== undefined && this.isStale(group, heard, nowMs)) mask |= 1 << bit;
    }
    return mask;
  }

  private isStale(group: TelemetryGroup, heard: Heard, nowMs: number): boolean {
    return heard.lastMs < this.epochMs || nowMs - heard.lastMs > this.staleAfterMs(group);
  }

  ages(nowMs: number): TelemetryAges {
    const out = {} as TelemetryAges;
    for (const group of TELEMETRY_GROUPS) out[group] = this.age(group, nowMs);
    return out;
  }

  /**
   * Whether streamed telemetry is missing: none heard yet, or a group heard
   * before has gone stale. Groups the vehicle never sent are not missed:
   * not every vehicle has a battery monitor or a GPS.
   */
  missing(nowMs: number): boolean {
    let any = false;
    for (const group of this.heard.keys()) {
      if (UNSTREAMED.has(group)) continue;
      if (this.age(group, nowMs)!.stale) return true;
      any = true;
    }
    return !any;
  }
}
