// Output text gathered into large writes: a command adds lines as frames
// come and flushes between chunks of its input; a flush waits until the
// stream has taken the text, so however large the output, what waits in
// memory is at most the limit plus one chunk's lines.
//
// Lines are encoded into blocks of bytes as they come: one long string
// built by concatenation costs more to flatten and encode at the end than
// the lines themselves cost to make.

import type { Writable } from 'node:stream';
import { write } from './command';

export const TEXT_BATCH_LIMIT = 1 << 20;
const BLOCK = 1 << 20;

export class TextBatch {
  private full: Buffer[] = [];
  private fullBytes = 0;
  private block = Buffer.allocUnsafe(BLOCK);
  private used = 0;

  constructor(
    private readonly out: Writable,
    readonly limit = TEXT_BATCH_LIMIT,
  ) {}

  /** Bytes waiting to be written. */
  get pending(): number {
    return this.fullBytes + this.used;
  }

  add(line: string): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    const most = line.length * 3;
    if (this.used + most > this.block.length) {
      this.seal();
      if (most > this.block.length) this.block = Buffer.allocUnsafe(most);
    }
    this.used += this.block.write(line, this.used, 'utf8');
  }

  /** Writes once the limit is reached; call between chunks of input. */
  async flushIfFull(): Promise<void> {
    if (this.pending >= this.limit) await this.flush();
  }

  async flush(): Promise<void> {
    this.seal();
    const blocks = this.full;
    this.full = [];
    this.fullBytes = 0;
    for (const block of blocks) await write(this.out, block);
  }

  // The stream may hold on to what it was given: a sealed block is never written into again.
  private seal(): void {
    if (this.used === 0) return;
    this.full.push(this.block.subarray(0, this.used));
    this.fullBytes += this.used;
    this.block = Buffer.allocUnsafe(BLOCK);
    this.used = 0;
  }
}
