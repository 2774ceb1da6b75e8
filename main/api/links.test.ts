// links.*: serial ports through the binding, links opened with their
// signing policy, listed with state and statistics, and closed; the first
// start's UDP listener.

import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { SerialBinding } from '../../native/serial';
import { ApiService } from './service';
import {
  call,
  closeServices,
  eventually,
  fakeSerial,
  refused,
  startService,
} from './testing/services';
import { freeUdpPort } from '../testing/ports';
import { tempDir } from '../testing/temp-dir';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
  await closeServices();
});

describe('links', () => {
  it('lists serial ports through the serial binding', async () => {
    const service = await startService();
    expect(await call(service, 'links.listSerialPorts', {})).toEqual({
      ports: [
        { path: '/dev/ttyACM0', manufacturer: 'ArduPilot', vendorId: '1209', productId: '5741' },
      ],
    });
  });

  it('answers an error, not a crash, when the ports cannot be listed', async () => {
    const broken: SerialBinding = {
      ...fakeSerial,
      list: () => Promise.reject(new Error('spawn udevadm ENOENT')),
    };
    const service = await startService({ serial: broken });
    const answer = await refused(service, { packetId: 's1', packetType: 'links.listSerialPorts' });
    expect(answer.message).toBe(
      'links.listSerialPorts: the serial ports could not be listed: spawn udevadm ENOENT',
    );
  });

  it('lists no serial ports without a serial binding', async () => {
    const service = await startService({ serial: undefined });
    expect(await call(service, 'links.listSerialPorts', {})).toEqual({ ports: [] });
  });

  it('opens a link with its signing policy, names and ids in the allow list', async () => {
    const service = await startService();
    const port = await freeUdpPort();
    const { link } = await call(service, 'links.open', {
      connection: `udpin:127.0.0.1:${port}`,
      sign: true,
      require: true,
      allowUnsigned: ['radio_status', 166, 'HEARTBEAT,0'],
    });
    expect(link).toMatchObject({
      id: 0,
      connection: `udpin:127.0.0.1:${port}`,
      kind: 'udpin',
      policy: { sign: true, require: true, allowUnsigned: [109, 166, 0] },
    });
  });

  it('opens a link with the default allow list when none is given', async () => {
    const service = await startService();
    const port = await freeUdpPort();
    const { link } = await call(service, 'links.open', { connection: `udp:127.0.0.1:${port}` });
    expect(link.policy).toEqual({ sign: false, require: false, allowUnsigned: [109, 166] });
  });

  it('lists links with their state and statistics', async () => {
    const service = await startService();
    const port = await freeUdpPort();
    await call(service, 'links.open', { connection: `udpin:127.0.0.1:${port}` });
    const link = await eventually('the link up', async () => {
      const { links } = await call(service, 'links.list', {});
      return links[0]?.state.status === 'connected' ? links[0] : undefined;
    });
    expect(link.stats).toMatchObject({ bytesIn: 0, framesIn: 0, verdicts: { ok: 0 } });
    expect(JSON.parse(JSON.stringify(link))).toEqual(link);
  });

  it('closes a link', async () => {
    const service = await startService();
    const port = await freeUdpPort();
    const { link } = await call(service, 'links.open', { connection: `udpin:127.0.0.1:${port}` });
    expect(await call(service, 'links.close', { linkId: link.id })).toEqual({});
    expect((await call(service, 'links.list', {})).links).toEqual([]);
  });

  it('shows a UDP port in use as the link error', async () => {
    const service = await startService();
    const port = await freeUdpPort();
    const holder = createSocket('udp4');
    await new Promise<void>((resolve) => holder.bind(port, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => holder.close(() => resolve())));
    await call(service, 'links.open', { connection: `udpin:127.0.0.1:${port}` });
    const state = await eventually('the error', async () => {
      const { links } = await call(service, 'links.list', {});
      return links[0]?.state.status === 'error' ? links[0].state : undefined;
    });
    expect(state).toEqual({ status: 'error', message: `port ${port} is already in use` });
  });
});

describe('first start', () => {
  it('opens the default UDP listener', async () => {
    const port = await freeUdpPort();
    const service = await ApiService.start({
      dataDir: tempDir('sigil-api-'),
      defaultLink: `udpin:127.0.0.1:${port}`,
    });
    cleanup.push(() => service.close());
    const { links } = await call(service, 'links.list', {});
    expect(links.map((l) => l.connection)).toEqual([`udpin:127.0.0.1:${port}`]);
  });

  it('starts even when the default port is in use, showing the error on the link', async () => {
    const port = await freeUdpPort();
    const holder = createSocket('udp4');
    await new Promise<void>((resolve) => holder.bind(port, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => holder.close(() => resolve())));
    const service = await ApiService.start({
      dataDir: tempDir('sigil-api-'),
      defaultLink: `udpin:127.0.0.1:${port}`,
    });
    cleanup.push(() => service.close());
    const state = await eventually('the error', async () => {
      const { links } = await call(service, 'links.list', {});
      return links[0]?.state.status === 'error' ? links[0].state : undefined;
    });
    expect(state.message).toBe(`port ${port} is already in use`);
  });

  it('opens no link when told not to', async () => {
    const service = await startService({ defaultLink: null });
    expect((await call(service, 'links.list', {})).links).toEqual([]);
  });
});
