// A progress line on stderr while a command works through a file, when
// stderr is a terminal (never in a pipe or a log): bytes read of the total,
// frames so far, redrawn at most four times a second and cleared at the end.

import type { Writable } from 'node:stream';

const REDRAW_MS = 250;

function size(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

export class Progress {
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(
    private readonly stderr: Writable,
    private readonly label: string,
    private readonly total: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether a progress line belongs on this stream. */
  static wanted(stderr: Writable): boolean {
    return (stderr as { isTTY?: boolean }).isTTY === true;
  }

  update(bytes: number, frames: number): void {
    const now = this.now();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const percent = this.total > 0 ? ` (${Math.floor((100 * bytes) / this.total)}%)` : '';
    this.stderr.write(
      `\r${this.label}: ${size(bytes)} of ${size(this.total)}${percent}, ` +
        `${frames.toLocaleString('en-US')} frames\x1b[K`,
    );
    this.drawn = true;
  }

  /** Clears the line, so what follows starts on a clean one. */
  done(): void {
    if (this.drawn) this.stderr.write('\r\x1b[K');
    this.drawn = false;
  }
}
