// Output text gathered into large writes: a command adds lines as frames
// come and flushes between chunks of its input; a flush waits until the
// stream has taken the text, so however large the output, what waits in
// memory is at most the limit plus one chunk's lines.

import type { Writable } from 'node:stream';
import { write } from './command';

export const TEXT_BATCH_LIMIT = 1 << 20;

export class TextBatch {
  private text = '';

  constructor(
    private readonly out: Writable,
    readonly limit = TEXT_BATCH_LIMIT,
  ) {}

  /** Characters waiting to be written. */
  get pending(): number {
    return this.text.length;
  }

  add(line: string): void {
    this.text += line;
  }

  /** Writes once the limit is reached; call between chunks of input. */
  async flushIfFull(): Promise<void> {
    if (this.text.length >= this.limit) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.text.length === 0) return;
    const text = this.text;
    this.text = '';
    await write(this.out, text);
  }
}
