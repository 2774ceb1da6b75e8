// The command line as it runs: one ES module, out/cli/sigil.mjs, built by
// scripts/build.mjs or by bin/sigil.mjs when it is missing or older than a
// file it was built from. Built here into a temporary out/, with the
// checkout's node_modules beside it for the serial port's native addon.

import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes } from 'node:fs/promises';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, build, cliBundle, staleReason, type Bundle } from '../../scripts/bundles.mjs';
import { waitFor } from '../../main/testing/wait-for';
import { Mosquitto } from '../../main/testing/mosquitto';

const BUILD = join(ROOT, 'scripts', 'build.mjs');
const INDEX_HTML = '<!doctype html><title>Sigil</title>';

let base: string;
let bundle: Bundle;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'sigil-cli-bundle-'));
  await symlink(join(ROOT, 'node_modules'), join(base, 'node_modules'), 'dir');
  bundle = cliBundle(join(base, 'out'));
  expect(await build(bundle)).toEqual([]);
}, 60_000);

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** A copy of the built bundle and its inputs record in a folder of its own. */
async function copyOfBundle(name: string): Promise<Bundle> {
  const out = join(base, name);
  await cp(join(base, 'out', 'cli'), join(out, 'cli'), { recursive: true });
  return cliBundle(out);
}

const inputsOf = async (of: Bundle): Promise<string[]> =>
  JSON.parse(await readFile(join(of.outfile, '..', 'inputs.json'), 'utf8')) as string[];

describe('the command line bundle', () => {
  it('is fresh once built', () => {
    expect(staleReason(bundle)).toBeNull();
  });

  it('is stale where it is not built', () => {
    expect(staleReason(cliBundle(join(base, 'nothing-here')))).toBe('the bundle is not built');
  });

  it('records the sources it was built from, its build definition and the lockfile', async () => {
    const inputs = await inputsOf(bundle);
    expect(inputs).toEqual(
      expect.arrayContaining([
        'app/cli/sigil.ts',
        'app/cli/serve.ts',
        'main/mavlink/codec.ts',
        'scripts/bundles.mjs',
        'package-lock.json',
      ]),
    );
  });

  it('is stale when a file it was built from is newer than it', async () => {
    const copy = await copyOfBundle('older');
    await utimes(copy.outfile, new Date(1000), new Date(1000));
    const [first] = await inputsOf(copy);
    expect(staleReason(copy)).toBe(`${first} changed`);
  });

  it('is stale when a file it was built from is gone', async () => {
    const copy = await copyOfBundle('moved');
    const inputs = [...(await inputsOf(copy)), 'app/cli/moved-away.ts'];
    await writeFile(join(copy.outfile, '..', 'inputs.json'), JSON.stringify(inputs));
    await utimes(copy.outfile, new Date(), new Date());
    expect(staleReason(copy)).toBe('app/cli/moved-away.ts is gone');
  });

  it('comes out whole when several processes build it at once', async () => {
    const out = join(base, 'raced');
    const builds = [1, 2, 3].map(
      () =>
        new Promise<{ code: number | null; err: string }>((resolve) => {
          const child = spawn(process.execPath, [BUILD, '--out', out, 'cli']);
          let err = '';
          child.stderr.on('data', (d: Buffer) => (err += d.toString()));
          child.on('exit', (code) => resolve({ code, err }));
        }),
    );
    expect(await Promise.all(builds)).toEqual([1, 2, 3].map(() => ({ code: 0, err: '' })));
    expect((await readdir(join(out, 'cli'))).sort()).toEqual(['inputs.json', 'sigil.mjs']);
    const help = spawnSync(process.execPath, [join(out, 'cli', 'sigil.mjs'), '--help'], {
      encoding: 'utf8',
    });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: sigil <command>/);
    // Three whole builds at once on a small machine.
  }, 90_000);

  it('reaches an MQTT broker from out/cli (the MQTT client bundled in)', async () => {
    const broker = await Mosquitto.start();
    try {
      const dataDir = await mkdtemp(join(tmpdir(), 'sigil-cli-bundle-data-'));
      const args = [bundle.outfile, 'monitor', broker.url('field'), '--json', '--duration', '1'];
      const monitor = await new Promise<{ code: number | null; out: string; err: string }>(
        (resolve) => {
          const child = spawn(process.execPath, [...args, '--data-dir', dataDir, '--no-record']);
          let out = '';
          let err = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.stderr.on('data', (d: Buffer) => (err += d.toString()));
          child.on('exit', (code) => resolve({ code, out, err }));
        },
      );
      await rm(dataDir, { recursive: true, force: true });
      expect(monitor).toMatchObject({ code: 0, err: '' });
      const last = JSON.parse(monitor.out.trim().split('\n').at(-1)!) as { link: unknown };
      expect(last.link).toMatchObject({ state: { status: 'connected' } });
    } finally {
      await broker.close();
    }
  });

  it(
    'runs from out/cli: serves the user interface from out/renderer and stops on Ctrl-C ' +
      'with exit code 0',
    async () => {
      await mkdir(join(base, 'out', 'renderer'), { recursive: true });
      await writeFile(join(base, 'out', 'renderer', 'index.html'), INDEX_HTML);
      const dataDir = join(base, 'data');
      const child = spawn(
        process.execPath,
        [bundle.outfile, 'serve', '--port', '0', '--no-open', '--link', 'none'].concat([
          '--data-dir',
          dataDir,
        ]),
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
      try {
        const port = await waitFor(
          'the URL',
          () => /Sigil is running at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)?.[1],
          15_000,
        );
        const page = await fetch(`http://127.0.0.1:${port}/`);
        expect(await page.text()).toBe(INDEX_HTML);
        child.kill('SIGINT');
        expect(await exit).toBe(0);
        expect(err).toBe('');
        expect(out).toContain('Sigil stopped.');
      } finally {
        child.kill('SIGKILL');
      }
    },
  );
});
