import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, USAGE } from './cli';
import { DEFAULT_XML_DIR, generateDialect, REPO_ROOT } from './generate';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: REPO_ROOT });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('generate-dialect command', () => {
  it('prints its usage for --help', () => {
    expect(run(['--help'])).toEqual({ code: 0, out: USAGE, err: '' });
  });

  it('exits 2 on an unknown argument or a flag without its folder', () => {
    expect(run(['--frobnicate'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown argument: --frobnicate'),
    });
    expect(run(['--xml'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--xml needs a folder'),
    });
  });

  it('exits 1 naming a missing XML folder', () => {
    const result = run(['--xml', '/no/such/mavlink-xml']);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      'generate-dialect: MAVLink XML folder not found: /no/such/mavlink-xml (use --xml DIR)',
    );
  });

  it('exits 1 naming the entry file when the folder lacks it', () => {
    const result = run(['--xml', fixtures, '--out', path.join(tmpdir(), 'never-written')]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/cannot read .*ardupilotmega\.xml: no such file/);
  });

  it.skipIf(!existsSync(DEFAULT_XML_DIR))('writes the four files and a one-line summary', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'sigil-dialect-'));
    temporary.push(out);
    const result = run([`--xml=${DEFAULT_XML_DIR}`, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /^generate-dialect: \d+ messages, \d+ enums from \d+ XML files -> 4 files in /,
    );
    expect(result.out).not.toContain('\n');
    for (const file of generateDialect(DEFAULT_XML_DIR).files) {
      expect(readFileSync(path.join(out, file.name), 'utf8'), file.name).toBe(file.text);
    }
  });

  it('runs through bin/run-ts.mjs with its own arguments', () => {
    const launch = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/run-ts.mjs', 'main/mavlink/generator/cli.ts', ...args], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      });
    const help = launch('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(`${USAGE}\n`);
    expect(launch('--bogus').status).toBe(2);
  });
});
