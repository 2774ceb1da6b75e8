// The replay's sparse index of a tlog: one record offset and time per
// INDEX_STRIDE bytes, which seeking starts reading from, and the extent of
// the recording, which the progress bar's ends come from.

const INDEX_STRIDE = 64 * 1024;

/** Sparse map from record time to file offset, and the recording's extent. */
export class TlogIndex {
  readonly offsets: number[] = [];
  readonly times: number[] = [];
  startUs = Infinity;
  endUs = -Infinity;
  frames = 0;

  add(timeUs: number, offset: number): void {
    const last = this.offsets.at(-1);
    if (last === undefined || offset - last >= INDEX_STRIDE) {
      this.offsets.push(offset);
      this.times.push(timeUs);
    }
    this.frames++;
    if (timeUs < this.startUs) this.startUs = timeUs;
    if (timeUs > this.endUs) this.endUs = timeUs;
  }

  /** Offset to read from to reach `timeUs`: the last entry not after it (times mostly rise). */
  offsetBefore(timeUs: number): number {
    let found = 0;
    for (let i = 1; i < this.times.length && this.times[i]! <= timeUs; i++) found = i;
    return this.offsets[found] ?? 0;
  }
}
