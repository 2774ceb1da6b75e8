import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { examplePath } from '../../main/testing/captures';
import { run } from './main';
import { captureIo } from './testing/captured-io';

const dir = mkdtempSync(join(tmpdir(), 'sigil-streaming-'));
const KEY = 'ab'.repeat(32);

/** vtol.tlog four times over: about 4 MB of log, 96,000 frames. */
function bigLog(): string {
  const path = join(dir, 'big.tlog');
  const one = readFileSync(examplePath('vtol.tlog'));
  writeFileSync(path, Buffer.concat([one, one, one, one]));
  return path;
}

/**
 * A stdout that takes its time: each write completes 40 ms later, far longer
 * than reading a chunk of the log takes. It remembers the most bytes ever waiting in it, which is
 * what a command that ignored backpressure would pile up.
 */
function slowStdout() {
  let written = 0;
  let mostWaiting = 0;
  const stream = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      written += chunk.length;
      mostWaiting = Math.max(mostWaiting, stream.writableLength);
      setTimeout(callback, 40);
    },
  });
  return {
    stream,
    /** Bytes written, once everything the command wrote has gone through. */
    written: () => new Promise<number>((resolve) => stream.end(() => resolve(written))),
    mostWaiting: () => mostWaiting,
  };
}

/** A stderr that says it is a terminal. */
function terminal() {
  const parts: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        parts.push(chunk.toString());
        callback();
      },
    }),
    { isTTY: true },
  );
  return { stream, text: () => parts.join('') };
}

const MB = 1024 * 1024;

describe('commands stream logs of any size', () => {
  it('sigil decode keeps under 2 MB of output waiting while it prints tens of MB', async () => {
    const log = bigLog();
    const stdout = slowStdout();
    const code = await run(['decode', log], { stdout: stdout.stream, stderr: captureIo().stderr });
    expect(code).toBe(0);
    expect(await stdout.written()).toBeGreaterThan(25 * MB);
    expect(stdout.mostWaiting()).toBeLessThan(2 * MB);
  });

  it('sigil verify keeps under 2 MB of output waiting while it prints tens of MB', async () => {
    const log = bigLog();
    const stdout = slowStdout();
    const code = await run(['verify', log, '--key', KEY], {
      stdout: stdout.stream,
      stderr: captureIo().stderr,
    });
    expect(code).toBe(0);
    expect(await stdout.written()).toBeGreaterThan(8 * MB);
    expect(stdout.mostWaiting()).toBeLessThan(2 * MB);
  });
});

describe('progress on a terminal', () => {
  it('sigil decode shows bytes and frames on stderr and clears the line at the end', async () => {
    const stderr = terminal();
    const io = captureIo();
    const code = await run(['decode', examplePath('vtol.tlog')], {
      stdout: io.stdout,
      stderr: stderr.stream,
    });
    expect(code).toBe(0);
    expect(stderr.text()).toMatch(
      // Each redraw returns to the line's start and erases what is left of it (ESC [ K).
      new RegExp(
        String.raw`^\rsigil decode: \d+ kB of 957 kB \(\d+%\), [\d,]+ frames` + '\x1b\\[K',
      ),
    );
    expect(stderr.text().endsWith('\r\x1b[K')).toBe(true);
    expect(io.out().split('\n')).toHaveLength(23_896);
  });

  it('sigil sign and sigil verify show theirs too', async () => {
    const signed = join(dir, 'signed.tlog');
    for (const args of [
      [
        'sign',
        examplePath('vtol.tlog'),
        signed,
        '--key',
        KEY,
        '--link-id',
        '1',
        '--timestamp',
        '1',
      ],
      ['verify', examplePath('vtol.tlog'), '--key', KEY],
    ]) {
      const stderr = terminal();
      expect(await run(args, { stdout: captureIo().stdout, stderr: stderr.stream })).toBe(0);
      expect(stderr.text()).toContain(`\rsigil ${args[0]}: `);
    }
  });

  it('shows nothing when stderr is not a terminal', async () => {
    const io = captureIo();
    expect(await run(['decode', examplePath('vtol.tlog')], io)).toBe(0);
    expect(io.err()).toBe('');
  });
});
