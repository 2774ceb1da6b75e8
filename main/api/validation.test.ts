// Every refusal path of the request check and of the handlers: a
// `service.error` carrying the request's packetId (null when it had none)
// and a message naming the field, and nothing changed.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiService } from './service';
import { call, closeServices, refused, startService } from './testing/services';
import { freeUdpPort } from '../testing/ports';

afterEach(closeServices);

/** What a refusal must leave as it was. */
async function state(service: ApiService) {
  const { links } = await call(service, 'links.list', {});
  const { fingerprint } = await call(service, 'signing.state', {});
  return { links: links.map((l) => l.connection), fingerprint, sim: service.simRunning };
}

async function expectRefusal(raw: unknown, packetId: string | null, message: string | RegExp) {
  const service = await startService();
  const before = await state(service);
  const answer = await refused(service, raw);
  expect(answer.packetId).toBe(packetId);
  if (typeof message === 'string') expect(answer.message).toBe(message);
  else expect(answer.message).toMatch(message);
  expect(await state(service)).toEqual(before);
  return answer;
}

describe('request check', () => {
  it.each([
    ['a string', 'links.list', 'got a string'],
    ['null', null, 'got null'],
    ['a list', [], 'got a list'],
    ['a number', 7, 'got 7'],
  ])('refuses %s instead of an object', async (_what, raw, got) => {
    await expectRefusal(raw, null, `a request is an object with packetId and packetType, ${got}`);
  });

  it('refuses a missing packetId', async () => {
    await expectRefusal(
      { packetType: 'links.list' },
      null,
      'packetId: expected a non-empty string of at most 64 characters, but it is missing',
    );
  });

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(65)],
    ['a number', 12],
  ])('refuses a packetId that is %s', async (_what, packetId) => {
    await expectRefusal({ packetId, packetType: 'links.list' }, null, /^packetId: expected/);
  });

  it('refuses a missing packetType, answering with the packetId', async () => {
    await expectRefusal(
      { packetId: 'p1' },
      'p1',
      'packetType: expected the name of a request, but it is missing',
    );
  });

  it('refuses an unknown packetType', async () => {
    await expectRefusal({ packetId: 'p1', packetType: 'x' }, 'p1', "unknown packetType 'x'");
  });

  it('refuses a packetType that names an Object property', async () => {
    await expectRefusal(
      { packetId: 'p1', packetType: 'toString' },
      'p1',
      "unknown packetType 'toString'",
    );
  });

  it('refuses a field of the wrong type, naming it', async () => {
    await expectRefusal(
      { packetId: 'p2', packetType: 'links.open', connection: 5 },
      'p2',
      'links.open: connection: expected a string, got 5',
    );
  });

  it('refuses a missing field, naming it', async () => {
    await expectRefusal(
      { packetId: 'p2', packetType: 'params.list', sysid: 1 },
      'p2',
      'params.list: compid: expected a number, but it is missing',
    );
  });

  it('refuses an unknown extra key instead of dropping it', async () => {
    await expectRefusal(
      { packetId: 'p3', packetType: 'links.open', connection: 'udpin:127.0.0.1:1', sgin: true },
      'p3',
      "links.open: unknown field 'sgin'",
    );
  });

  it('refuses a __proto__ key arriving from JSON', async () => {
    await expectRefusal(
      JSON.parse('{"packetId":"p3","packetType":"links.list","__proto__":{"x":1}}'),
      'p3',
      "links.list: unknown field '__proto__'",
    );
  });

  it('refuses an extra key in a request without payload', async () => {
    await expectRefusal(
      { packetId: 'p3', packetType: 'links.list', all: true },
      'p3',
      "links.list: unknown field 'all'",
    );
  });

  it('refuses an extra key in one branch of a command', async () => {
    await expectRefusal(
      {
        packetId: 'p3',
        packetType: 'vehicles.command',
        sysid: 1,
        compid: 1,
        command: 'land',
        altitude: 5,
      },
      'p3',
      "vehicles.command: unknown field 'altitude'",
    );
  });

  it('refuses an out-of-range link id', async () => {
    await expectRefusal(
      { packetId: 'p4', packetType: 'links.close', linkId: 256 },
      'p4',
      'links.close: linkId: must be at most 255, got 256',
    );
  });

  it('refuses a fractional system id', async () => {
    await expectRefusal(
      { packetId: 'p4', packetType: 'params.list', sysid: 1.5, compid: 1 },
      'p4',
      'params.list: sysid: expected a whole number, got 1.5',
    );
  });

  it('refuses a takeoff altitude below the minimum', async () => {
    await expectRefusal(
      {
        packetId: 'p4',
        packetType: 'vehicles.command',
        sysid: 1,
        compid: 1,
        command: 'takeoff',
        altitude: 0,
      },
      'p4',
      'vehicles.command: altitude: must be at least 1, got 0',
    );
  });

  it('refuses a parameter value that is not finite', async () => {
    await expectRefusal(
      {
        packetId: 'p4',
        packetType: 'params.set',
        sysid: 1,
        compid: 1,
        name: 'RTL_ALT',
        value: Infinity,
      },
      'p4',
      'params.set: value: expected a number, got Infinity',
    );
  });

  it('refuses a replay seek beyond the end', async () => {
    await expectRefusal(
      { packetId: 'p4', packetType: 'replay.control', linkId: 0, action: 'seek', fraction: 1.5 },
      'p4',
      'replay.control: fraction: must be at most 1, got 1.5',
    );
  });

  it('refuses an unknown command, listing the known ones', async () => {
    await expectRefusal(
      { packetId: 'p5', packetType: 'vehicles.command', sysid: 1, compid: 1, command: 'fly' },
      'p5',
      "vehicles.command: command: expected one of 'arm', 'disarm', 'setMode', 'takeoff', 'land', 'rtl', " +
        "'missionStart', 'missionPause', 'missionResume', 'missionSetCurrent', 'flyTo', got 'fly'",
    );
  });

  it('refuses an unknown key derivation', async () => {
    await expectRefusal(
      {
        packetId: 'p5',
        packetType: 'signing.setKey',
        source: 'passphrase',
        passphrase: 'x',
        kdf: 'md5',
      },
      'p5',
      "signing.setKey: kdf: expected one of 'sha256', 'qgc', got 'md5'",
    );
  });

  it('does not echo a secret given in the wrong shape', async () => {
    const secret = 'correct horse battery staple';
    const answer = await expectRefusal(
      { packetId: 'p5', packetType: 'signing.setKey', source: 'hex', hex: secret.repeat(10) },
      'p5',
      'signing.setKey: hex: must have at most 256 characters, it has 280',
    );
    expect(answer.message).not.toContain('horse');
  });

  it('refuses a message list entry of the wrong type, with its position', async () => {
    await expectRefusal(
      {
        packetId: 'p6',
        packetType: 'links.open',
        connection: 'udpin:127.0.0.1:1',
        allowUnsigned: ['RADIO', true],
      },
      'p6',
      'links.open: allowUnsigned[1]: expected a string or a number, got true',
    );
  });

  it.each([['../x.tlog'], ['..\\x.tlog'], ['/etc/x.tlog'], ['logs/x.tlog'], ['C:\\x.tlog']])(
    'refuses the log path %s',
    async (name) => {
      await expectRefusal(
        { packetId: 'p7', packetType: 'logs.replay', name },
        'p7',
        'logs.replay: name: a log is named by its file name, ending in .tlog',
      );
    },
  );

  it('refuses a log that is not a .tlog', async () => {
    await expectRefusal(
      { packetId: 'p7', packetType: 'logs.replay', name: 'signing-timestamp.json' },
      'p7',
      'logs.replay: name: a log is named by its file name, ending in .tlog',
    );
  });
});

describe('handler failures', () => {
  it('says what is wrong with a connection string and opens nothing', async () => {
    await expectRefusal(
      { packetId: 'h1', packetType: 'links.open', connection: 'udpin:127.0.0.1:99999' },
      'h1',
      "links.open: connection: port 99999 is out of range (1-65535) in 'udpin:127.0.0.1:99999'",
    );
  });

  it('refuses to open a file as a link', async () => {
    await expectRefusal(
      { packetId: 'h1', packetType: 'links.open', connection: 'tlog:/etc/passwd' },
      'h1',
      'links.open: connection: a flight log is replayed with logs.replay, by its name in logs.list',
    );
  });

  it('refuses an unknown message name in the allow list and opens nothing', async () => {
    await expectRefusal(
      {
        packetId: 'h2',
        packetType: 'links.open',
        connection: 'udpin:127.0.0.1:1',
        allowUnsigned: ['RADIO_STAT'],
      },
      'h2',
      "links.open: allowUnsigned: unknown message name 'RADIO_STAT'",
    );
  });

  it('refuses to open the same connection twice', async () => {
    const service = await startService();
    const port = await freeUdpPort();
    await call(service, 'links.open', { connection: `udpin:127.0.0.1:${port}` });
    const answer = await refused(service, {
      packetId: 'h3',
      packetType: 'links.open',
      connection: `udpin:127.0.0.1:${port}`,
    });
    expect(answer.message).toBe(`links.open: udpin:127.0.0.1:${port} is already open as link 0`);
    expect((await call(service, 'links.list', {})).links).toHaveLength(1);
  });

  it('refuses to close a link that does not exist', async () => {
    await expectRefusal(
      { packetId: 'h4', packetType: 'links.close', linkId: 9 },
      'h4',
      'links.close: there is no link 9 (links.list shows them)',
    );
  });

  it.each([
    ['vehicles.command', { command: 'arm' }],
    ['params.download', {}],
    ['params.list', {}],
    ['params.set', { name: 'RTL_ALT', value: 1 }],
    ['signing.sendToVehicle', {}],
    ['signing.disableOnVehicle', {}],
    ['missions.download', { missionType: 'mission' }],
    ['missions.upload', { missionType: 'fence', items: [] }],
    ['missions.clear', { missionType: 'rally' }],
    ['missions.list', { missionType: 'mission' }],
  ])('%s refuses an unknown vehicle', async (packetType, extra) => {
    await expectRefusal(
      { packetId: 'h5', packetType, sysid: 7, compid: 1, ...extra },
      'h5',
      `${packetType}: no vehicle 7/1 has been heard (vehicles.list shows the vehicles)`,
    );
  });

  it('refuses a hex key of the wrong length and keeps no key', async () => {
    await expectRefusal(
      { packetId: 'h6', packetType: 'signing.setKey', source: 'hex', hex: 'abcd' },
      'h6',
      'signing.setKey: hex: a hex key is 64 hex digits (32 bytes), not 4',
    );
  });

  it('refuses a hex key with a non-hex digit', async () => {
    await expectRefusal(
      { packetId: 'h6', packetType: 'signing.setKey', source: 'hex', hex: `${'0'.repeat(63)}g` },
      'h6',
      "signing.setKey: hex: a hex key has only 0-9 and a-f, found 'g' at position 64",
    );
  });

  it('refuses a link policy for a link that does not exist', async () => {
    await expectRefusal(
      {
        packetId: 'h7',
        packetType: 'signing.setLinkPolicy',
        linkId: 3,
        sign: true,
        require: true,
        allowUnsigned: [],
      },
      'h7',
      'signing.setLinkPolicy: there is no link 3 (links.list shows them)',
    );
  });

  it('refuses to replay a log that is not there', async () => {
    await expectRefusal(
      { packetId: 'h8', packetType: 'logs.replay', name: 'nothing.tlog' },
      'h8',
      "logs.replay: name: there is no log named 'nothing.tlog' (logs.list shows them)",
    );
  });

  it('refuses to replay a folder named like a log', async () => {
    const service = await startService();
    const dir = join(service.gcs.recorder!.path, '..', 'folder.tlog');
    mkdirSync(dir, { recursive: true });
    const answer = await refused(service, {
      packetId: 'h8',
      packetType: 'logs.replay',
      name: 'folder.tlog',
    });
    expect(answer.message).toBe("logs.replay: name: 'folder.tlog' is not a log file");
  });

  it('refuses replay controls for a link that is not a replay', async () => {
    const service = await startService();
    const port = await freeUdpPort();
    await call(service, 'links.open', { connection: `udpin:127.0.0.1:${port}` });
    const answer = await refused(service, {
      packetId: 'h9',
      packetType: 'replay.control',
      linkId: 0,
      action: 'pause',
    });
    expect(answer.message).toBe(
      `replay.control: link 0 (udpin:127.0.0.1:${port}) is not a log replay: only tlog links take replay controls`,
    );
  });

  it('refuses to stop a simulated vehicle that is not running', async () => {
    await expectRefusal(
      { packetId: 'h10', packetType: 'sim.stop' },
      'h10',
      'sim.stop: the simulated vehicle is not running',
    );
  });

  it('keeps the old key when the key store fails', async () => {
    const service = await startService({
      saveKey: () => Promise.reject(new Error('the key store is locked')),
    });
    const answer = await refused(service, {
      packetId: 'h11',
      packetType: 'signing.setKey',
      source: 'generate',
    });
    expect(answer.message).toBe('signing.setKey: the key store is locked');
    expect((await call(service, 'signing.state', {})).fingerprint).toBeNull();
  });

  it('answers every request with an error once closed', async () => {
    const service = await startService();
    await service.close();
    const answer = await refused(service, { packetId: 'h12', packetType: 'links.list' });
    expect(answer).toEqual({
      packetId: 'h12',
      packetType: 'service.error',
      message: 'links.list: the service is shut down',
    });
  });

  it('refuses a log outside the log folder even where that file exists', async () => {
    const service = await startService();
    const logs = join(service.gcs.recorder!.path, '..');
    mkdirSync(logs, { recursive: true });
    writeFileSync(join(logs, '..', 'outside.tlog'), 'not a log');
    const answer = await refused(service, {
      packetId: 'h13',
      packetType: 'logs.replay',
      name: '../outside.tlog',
    });
    expect(answer.packetId).toBe('h13');
    expect((await call(service, 'links.list', {})).links).toEqual([]);
  });
});
