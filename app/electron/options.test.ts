// The desktop app's switches, among Electron's and Chromium's in process.argv.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, parseOptions, serviceOptions } from './options';

const CWD = join('/', 'home', 'pilot');
const parse = (...argv: string[]) => parseOptions(argv, CWD);

describe('parseOptions', () => {
  it('without switches gives the defaults', () => {
    expect(parse()).toEqual({
      options: {
        dataDir: undefined,
        sim: false,
        link: 'udpin:0.0.0.0:14550',
        keepSignatures: false,
      },
      problems: [],
    });
  });

  it('reads every switch, ignoring the executable, the app path and Chromium switches', () => {
    const { options, problems } = parse(
      '/opt/Sigil/sigil',
      '--no-sandbox',
      '--inspect=0',
      'out/electron/main.cjs',
      '--data-dir=/srv/sigil',
      '--sim',
      '--link=tcp:127.0.0.1:5760',
      '--keep-signatures',
      '--remote-debugging-port=0',
      '--similar',
      '--link-extra=1',
    );
    expect(problems).toEqual([]);
    expect(options).toEqual({
      dataDir: join('/', 'srv', 'sigil'),
      sim: true,
      link: 'tcp:127.0.0.1:5760',
      keepSignatures: true,
    });
  });

  it('takes a relative data folder from the working directory', () => {
    expect(parse('--data-dir=flights/today').options.dataDir).toBe(join(CWD, 'flights', 'today'));
    expect(parse('--data-dir=a=b').options.dataDir).toBe(join(CWD, 'a=b'));
  });

  it('opens no link for --link=none', () => {
    expect(parse('--link=none').options.link).toBeNull();
  });

  it('lets the last of a repeated switch win, and reads nothing after --', () => {
    expect(parse('--link=none', '--link=udpin:127.0.0.1:14551').options.link).toBe(
      'udpin:127.0.0.1:14551',
    );
    expect(parse('--', '--sim', '--data-dir=/x').options).toEqual(DEFAULT_OPTIONS);
  });

  it('reports a malformed value and uses the default instead', () => {
    const { options, problems } = parse(
      '--data-dir',
      '--data-dir=',
      '--link',
      '--link=',
      '--link=udpin:127.0.0.1:99999',
      '--sim=yes',
      '--keep-signatures=1',
    );
    expect(options).toEqual(DEFAULT_OPTIONS);
    expect(problems).toEqual([
      '--data-dir needs a folder: --data-dir=DIR; using the default data folder',
      '--data-dir needs a folder: --data-dir=DIR; using the default data folder',
      '--link: needs a connection or none: --link=CONNECTION or --link=none; opening udpin:0.0.0.0:14550 instead',
      '--link: needs a connection or none: --link=CONNECTION or --link=none; opening udpin:0.0.0.0:14550 instead',
      "--link: port 99999 is out of range (1-65535) in 'udpin:127.0.0.1:99999'; opening udpin:0.0.0.0:14550 instead",
      "--sim takes no value (got '--sim=yes'): it is off",
      "--keep-signatures takes no value (got '--keep-signatures=1'): it is off",
    ]);
  });

  it('lets a malformed switch undo an earlier good one (the default, as reported)', () => {
    const { options, problems } = parse('--data-dir=/srv/sigil', '--data-dir=', '--sim', '--sim=0');
    expect(options.dataDir).toBeUndefined();
    expect(options.sim).toBe(false);
    expect(problems).toHaveLength(2);
  });
});

describe('serviceOptions', () => {
  const log = (_message: string) => undefined;

  it('gives ApiService.start the data folder, the first link and keep-signatures', () => {
    const { options } = parse('--link=none', '--keep-signatures');
    expect(serviceOptions(options, '/data', log)).toMatchObject({
      dataDir: '/data',
      defaultLink: null,
      gcs: { keepSignatures: true },
    });
    expect(serviceOptions(DEFAULT_OPTIONS, '/data', log)).toMatchObject({
      dataDir: '/data',
      defaultLink: 'udpin:0.0.0.0:14550',
      gcs: { keepSignatures: false },
    });
  });

  it("hands the core the log for problems a person must know of (the signing clock's files)", () => {
    expect(serviceOptions(DEFAULT_OPTIONS, '/data', log).gcs?.log).toBe(log);
  });
});
