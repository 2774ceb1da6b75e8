// signing.*: keys by passphrase, hex or generated (the key itself never
// leaves but once, in the answer to `generate`), the signing state, the key
// put on the simulated vehicle, and link policies.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keyFromHex, keyFromPassphrase, keyFromQgcPassphrase } from '../signing/key';
import type { RequestPayload, RequestType, Responses } from '../../protocol/contract';
import type { ApiService } from './service';
import {
  call,
  closeServices,
  eventually,
  recordEvents,
  refused,
  startService,
  withSim,
} from './testing/services';
import { freeUdpPort } from '../testing/ports';

afterEach(closeServices);

const HEX = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

describe('signing keys', () => {
  it('sets a key from a passphrase and answers its fingerprint only', async () => {
    const service = await startService();
    const answer = await call(service, 'signing.setKey', {
      source: 'passphrase',
      passphrase: 'correct horse battery staple',
    });
    expect(answer).toEqual({
      fingerprint: keyFromPassphrase('correct horse battery staple').fingerprint,
    });
    expect((await call(service, 'signing.state', {})).fingerprint).toBe(answer.fingerprint);
  });

  it("derives QGroundControl's key from a passphrase when asked", async () => {
    const service = await startService();
    const answer = await call(service, 'signing.setKey', {
      source: 'passphrase',
      passphrase: 'qgc pass',
      kdf: 'qgc',
    });
    expect(answer.fingerprint).toBe((await keyFromQgcPassphrase('qgc pass')).fingerprint);
  });

  it('sets a key from hex', async () => {
    const service = await startService();
    const answer = await call(service, 'signing.setKey', { source: 'hex', hex: HEX });
    expect(answer).toEqual({ fingerprint: keyFromHex(HEX).fingerprint });
  });

  it('refuses the all-zero key: it is MAVLink\'s "signing off"', async () => {
    const service = await startService();
    const answer = await refused(service, {
      packetId: 'z',
      packetType: 'signing.setKey',
      source: 'hex',
      hex: '0'.repeat(64),
    });
    expect(answer.message).toBe(
      'signing.setKey: hex: the all-zero key is MAVLink\'s "signing off" (a vehicle given it ' +
        'stops signing); it cannot be a signing key',
    );
    expect((await call(service, 'signing.state', {})).fingerprint).toBeNull();
  });

  it('answers a generated key once and never again, in no answer and no event', async () => {
    const service = await startService();
    await withSim(service);
    const events = recordEvents(service);
    const answers: unknown[] = [];
    const ask = async <T extends RequestType>(type: T, payload: RequestPayload<T>) => {
      const answer: Responses[T] = await call(service, type, payload);
      answers.push(answer);
      return answer;
    };
    const generated = await ask('signing.setKey', { source: 'generate' });
    expect(generated.key).toMatch(/^[0-9a-f]{64}$/);
    expect(keyFromHex(generated.key!).fingerprint).toBe(generated.fingerprint);
    answers.shift();

    await ask('signing.state', {});
    await ask('links.list', {});
    await ask('vehicles.list', {});
    await ask('vehicles.inspector', {});
    expect(await ask('signing.sendToVehicle', { sysid: 1, compid: 1 })).toEqual({ ok: true });
    await ask('signing.state', {});
    await eventually('signed snapshots', async () =>
      events.of('telemetry.snapshot').some((e) => e.vehicles[0]?.heartbeatSigned === true),
    );

    const hex = generated.key!;
    const upper = hex.toUpperCase();
    for (const packet of [...answers, ...events.all]) {
      const json = JSON.stringify(packet);
      expect(json).not.toContain(hex);
      expect(json).not.toContain(upper);
    }
    expect(events.of('telemetry.snapshot').at(-1)!.signing.fingerprint).toBe(generated.fingerprint);
  });

  it('clears the key', async () => {
    const service = await startService();
    await call(service, 'signing.setKey', { source: 'generate' });
    expect(await call(service, 'signing.clearKey', {})).toEqual({});
    expect((await call(service, 'signing.state', {})).fingerprint).toBeNull();
  });

  it('hands every new key to the key store before using it', async () => {
    const saved: (string | null)[] = [];
    const service = await startService({
      saveKey: async (key) => void saved.push(key?.fingerprint ?? null),
    });
    const { fingerprint } = await call(service, 'signing.setKey', { source: 'hex', hex: HEX });
    await call(service, 'signing.clearKey', {});
    expect(saved).toEqual([fingerprint, null]);
  });

  it('starts with the key it is given', async () => {
    const key = keyFromPassphrase('stored');
    const service = await startService({ key });
    expect((await call(service, 'signing.state', {})).fingerprint).toBe(key.fingerprint);
  });
});

describe('signing on the vehicle', () => {
  async function signedSim(service: ApiService) {
    const sim = await withSim(service);
    await call(service, 'signing.setKey', { source: 'passphrase', passphrase: 'api signing' });
    expect(await call(service, 'signing.sendToVehicle', { sysid: 1, compid: 1 })).toEqual({
      ok: true,
    });
    return sim;
  }

  it('says commands will be ignored when the key is gone from a link that requires it, and why a command got no answer', async () => {
    const service = await startService();
    await signedSim(service);
    await call(service, 'signing.clearKey', {});
    const vehicle = await eventually('the warning', async () => {
      const { vehicles } = await call(service, 'vehicles.list', {});
      return vehicles[0]?.signingKeyMissing === true ? vehicles[0] : undefined;
    });
    expect(vehicle.heartbeatSigned).toBe(true);
    const { result } = await call(service, 'vehicles.command', {
      sysid: 1,
      compid: 1,
      command: 'setMode',
      mode: 'ALT_HOLD',
    });
    expect(result).toMatchObject({
      status: 'timed-out',
      message: expect.stringContaining(
        'likely because signing key not set: commands to this vehicle will be ignored',
      ),
    });
  });

  it('puts the key on the vehicle, then a mode change goes signed', async () => {
    const service = await startService();
    const { linkId } = await signedSim(service);
    const { links } = await call(service, 'links.list', {});
    expect(links.find((l) => l.id === linkId)!.policy).toMatchObject({ sign: true, require: true });
    const { result } = await call(service, 'vehicles.command', {
      sysid: 1,
      compid: 1,
      command: 'setMode',
      mode: 'LOITER',
    });
    expect(result).toMatchObject({ status: 'accepted' });
    const vehicle = await eventually('LOITER, signed', async () => {
      const { vehicles } = await call(service, 'vehicles.list', {});
      return vehicles[0]!.mode === 'LOITER' ? vehicles[0] : undefined;
    });
    expect(vehicle.heartbeatSigned).toBe(true);
  });

  it('shows streams and per-link verdicts in the signing state', async () => {
    const service = await startService();
    const { linkId } = await signedSim(service);
    const state = await eventually('signed frames counted', async () => {
      const state = await call(service, 'signing.state', {});
      return state.links[0]!.verdicts.ok > 3 ? state : undefined;
    });
    expect(state.streams).toContainEqual(
      expect.objectContaining({ sysid: 1, compid: 1, linkId: expect.any(Number) }),
    );
    expect(state.links).toEqual([
      expect.objectContaining({ linkId, recentRejections: expect.any(Array) }),
    ]);
    expect(state.localTimestamp).toBeGreaterThan(0);
  });

  it('keeps the simulated vehicle signing state in the data folder', async () => {
    const service = await startService();
    await signedSim(service);
    const dataDir = join(service.gcs.recorder!.path, '..', '..');
    expect(existsSync(join(dataDir, 'sim', 'sim-1'))).toBe(true);
  });

  it('turns signing off on the vehicle', async () => {
    const service = await startService();
    const { linkId } = await signedSim(service);
    expect(await call(service, 'signing.disableOnVehicle', { sysid: 1, compid: 1 })).toEqual({
      ok: true,
    });
    const { links } = await call(service, 'links.list', {});
    expect(links.find((l) => l.id === linkId)!.policy).toMatchObject({
      sign: false,
      require: false,
    });
  });

  it('answers why the key cannot go to the vehicle when none is set', async () => {
    const service = await startService();
    await withSim(service);
    expect(await call(service, 'signing.sendToVehicle', { sysid: 1, compid: 1 })).toEqual({
      ok: false,
      reason: 'no key is set',
    });
  });

  it('refuses a new key while a vehicle signing change is under way', async () => {
    const service = await startService();
    await withSim(service);
    await call(service, 'signing.setKey', { source: 'passphrase', passphrase: 'first' });
    const state = await call(service, 'signing.state', {});
    const change = service.handle({
      packetId: 'c',
      packetType: 'signing.sendToVehicle',
      sysid: 1,
      compid: 1,
    });
    const answer = await refused(service, {
      packetId: 'k',
      packetType: 'signing.setKey',
      source: 'generate',
    });
    expect(answer.message).toMatch(/^signing\.setKey: a vehicle signing change is under way/);
    expect(await change).toMatchObject({ packetType: 'signing.sendToVehicle.result', ok: true });
    expect((await call(service, 'signing.state', {})).fingerprint).toBe(state.fingerprint);
  });
});

describe('link policy', () => {
  it('changes what a link signs and requires', async () => {
    const service = await startService();
    const port = await freeUdpPort();
    const { link } = await call(service, 'links.open', { connection: `udpin:127.0.0.1:${port}` });
    const answer = await call(service, 'signing.setLinkPolicy', {
      linkId: link.id,
      sign: true,
      require: true,
      allowUnsigned: ['RADIO_STATUS'],
    });
    expect(answer.link.policy).toEqual({ sign: true, require: true, allowUnsigned: [109] });
    const { links } = await call(service, 'links.list', {});
    expect(links[0]!.policy).toEqual(answer.link.policy);
  });

  it('counts and shows the unsigned frames a link that requires signing rejects', async () => {
    const service = await startService();
    const { linkId } = await withSim(service);
    await call(service, 'signing.setKey', { source: 'passphrase', passphrase: 'required' });
    await call(service, 'signing.setLinkPolicy', {
      linkId,
      sign: true,
      require: true,
      allowUnsigned: [],
    });
    const state = await eventually('rejections', async () => {
      const state = await call(service, 'signing.state', {});
      return state.links[0]!.recentRejections.length > 0 ? state : undefined;
    });
    expect(state.links[0]!.verdicts.unsigned).toBeGreaterThan(0);
    expect(state.links[0]!.recentRejections[0]).toMatchObject({
      verdict: 'unsigned',
      sysid: 1,
      name: expect.stringMatching(/^[A-Z_0-9]+$/),
    });
  });

  it('refuses an unknown message name and keeps the old policy', async () => {
    const service = await startService();
    const port = await freeUdpPort();
    const { link } = await call(service, 'links.open', { connection: `udpin:127.0.0.1:${port}` });
    const answer = await refused(service, {
      packetId: 'lp',
      packetType: 'signing.setLinkPolicy',
      linkId: link.id,
      sign: true,
      require: true,
      allowUnsigned: ['NOT_A_MESSAGE'],
    });
    expect(answer.message).toBe(
      "signing.setLinkPolicy: allowUnsigned: unknown message name 'NOT_A_MESSAGE'",
    );
    expect((await call(service, 'links.list', {})).links[0]!.policy).toEqual(link.policy);
  });
});
