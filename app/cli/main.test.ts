import { describe, expect, it } from 'vitest';
import { run } from './main';
import { captureIo } from './testing/captured-io';

describe('sigil', () => {
  it('lists its commands with --help and exits 0', async () => {
    const io = captureIo();
    expect(await run(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/Commands:\n {2}decode/);
  });

  it('exits 2 with the command list when no command is given', async () => {
    const io = captureIo();
    expect(await run([], io)).toBe(2);
    expect(io.out()).toMatch(/Usage: sigil <command>/);
  });

  it('exits 2 on an unknown command', async () => {
    const io = captureIo();
    expect(await run(['fly'], io)).toBe(2);
    expect(io.err()).toMatch(/unknown command 'fly'/);
  });

  it('gives every command a --help', async () => {
    const list = captureIo();
    await run(['--help'], list);
    const names = [...list.out().matchAll(/^ {2}(\S+) /gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const io = captureIo();
      expect(await run([name, '--help'], io)).toBe(0);
      expect(io.out()).toMatch(new RegExp(`^Usage: sigil ${name}`));
    }
  });
});
