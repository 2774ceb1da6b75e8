// Figures over rounds run in turn: on a shared machine every contender
// meets the same slow spells, so each round's ratio means more than the
// rates, and the spread says how noisy the run was.

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { min: NaN, median: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted.at(-1)! };
}

/** Frames per second of one timed pass, by wall clock and by CPU time (this process, all threads). */
export interface PassRate {
  wall: number;
  cpu: number;
}

/** Times `pass` (which returns how many items it handled). */
export function timePass(pass: () => number): PassRate {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const items = pass();
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { wall: items / wallSeconds, cpu: items / ((used.user + used.system) / 1e6) };
}

export async function timePassAsync(pass: () => Promise<number>): Promise<PassRate> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const items = await pass();
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { wall: items / wallSeconds, cpu: items / ((used.user + used.system) / 1e6) };
}

const compact = (n: number) =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(0)}k` : n.toFixed(0);

/** `9.50M/s (8.10M-9.90M)`: the median and the range. */
export function rateText(s: Spread): string {
  return `${compact(s.median)}/s (${compact(s.min)}-${compact(s.max)})`;
}

/** `1.36 (1.20-1.41)` */
export function ratioText(s: Spread, digits = 2): string {
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}-${s.max.toFixed(digits)})`;
}

/** Sigil against node-mavlink, and against C when a C library was given, over the same rounds. */
export interface PeerFigures {
  frames: number;
  rounds: number;
  /** Frames per CPU second, over the rounds. */
  sigil: Spread;
  nodeMavlink: Spread;
  /** Absent without a C library; `cNote` says why. */
  c?: Spread;
  cNote: string;
  /** Per round: Sigil over C, by CPU time and by wall clock. */
  ratioC?: Spread;
  ratioCWall?: Spread;
  ratioNodeMavlink: Spread;
}

/** The figures of rounds taken in turn: `ours[i]`, `theirs[i]` and `cs[i]` ran in round i. */
export function peerFigures(
  frames: number,
  ours: readonly PassRate[],
  theirs: readonly PassRate[],
  cs: readonly PassRate[],
  cNote: string,
): PeerFigures {
  const figures: PeerFigures = {
    frames,
    rounds: ours.length,
    sigil: spread(ours.map((r) => r.cpu)),
    nodeMavlink: spread(theirs.map((r) => r.cpu)),
    cNote,
    ratioNodeMavlink: spread(ours.map((r, i) => r.cpu / theirs[i]!.cpu)),
  };
  if (cs.length > 0) {
    figures.c = spread(cs.map((r) => r.cpu));
    figures.ratioC = spread(ours.map((r, i) => r.cpu / cs[i]!.cpu));
    figures.ratioCWall = spread(ours.map((r, i) => r.wall / cs[i]!.wall));
  }
  return figures;
}
