// A vitest global setup: headless hosts on loopback for the renderer's
// component tests, which may not import the host (they import only
// protocol/ and their own folder). Each view under test gets a host and a
// core of its own, so one file's keys and links never meet another's. A
// host is handed over by the view's name, as its address and a session
// token (its one-time code already traded, as a page does first); `inject`
// reads it (the shape is declared in vitest.config.ts).
//
// Every core lists one real serial port (one end of a socat pair) and keeps
// one flight log to replay; a TCP listener stands for a vehicle's TCP port,
// and a UDP port held by a socket of this process for a port another
// program has.

import { createSocket } from 'node:dgram';
import { copyFile, mkdir } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import type { ProvidedContext } from 'vitest';
import type { TestProject } from 'vitest/node';
import { createSerialBinding, type SerialBinding } from '../../../native/serial';
import { startPtyPair, stopProcess } from '../../../native/testing/pty-pair';
import { ApiService } from '../../../main/api/service';
import { examplePath } from '../../../main/testing/captures';
import { freeUdpPort } from '../../../main/testing/ports';
import { tempDir } from '../../../main/testing/temp-dir';
import { startHost } from '../server';
import { fakeUi } from './fake-ui';
import { login } from './raw-clients';

type Hosts = ProvidedContext['localHosts']['hosts'];

/** The views with a host of their own. */
const VIEWS: readonly (keyof Hosts)[] = ['keySetup', 'linkForm', 'params'];

/** The flight log every core has in its log folder. */
const REPLAY_LOG = 'flight.tlog';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cleanup: (() => unknown)[] = [];
  const stop = async (): Promise<void> => {
    for (const step of cleanup.splice(0).reverse()) await step();
  };
  try {
    const ttys = tempDir('sigil-ttys-');
    const serialPort = join(ttys, 'ttyGCS');
    const socat = await startPtyPair(serialPort, join(ttys, 'ttyVehicle'));
    cleanup.push(() => stopProcess(socat));
    // serialport cannot enumerate a pty: the list names it, the real binding opens it.
    const serial: SerialBinding = {
      ...createSerialBinding(),
      list: () => Promise.resolve([{ path: serialPort, manufacturer: 'socat' }]),
    };

    // Something a TCP link can reach, as a vehicle's TCP port would be.
    const peers = new Set<Socket>();
    const tcp = createServer((socket) => {
      peers.add(socket);
      socket.on('close', () => peers.delete(socket));
      socket.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          tcp.close(() => resolve());
          // A peer still connected (a link that never finished its handshake) must not hold the run.
          for (const peer of peers) peer.destroy();
        }),
    );

    const busy = createSocket('udp4');
    await new Promise<void>((resolve) => busy.bind(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => busy.close(() => resolve())));

    const ui = await fakeUi();
    cleanup.push(() => ui.remove());
    const hosts = {} as Hosts;
    for (const view of VIEWS) {
      const dataDir = tempDir('sigil-view-');
      await mkdir(join(dataDir, 'logs'), { recursive: true });
      await copyFile(examplePath('vtol.tlog'), join(dataDir, 'logs', REPLAY_LOG));
      const service = await ApiService.start({
        dataDir,
        defaultLink: null,
        serial,
        sim: { gpsFixDelayMs: 0 },
        // The log folder holds the one log above, whatever the tests open.
        gcs: { record: false },
      });
      cleanup.push(() => service.close());
      const running = await startHost({ service, root: ui.root, host: '127.0.0.1', port: 0 });
      cleanup.push(() => running.close('the test run is over'));
      const answer = await login(running.port, running.issueLoginUrl().otp);
      const { token } = JSON.parse(answer.body) as { token: string };
      hosts[view] = { baseUrl: `http://127.0.0.1:${running.port}`, token };
    }

    project.provide('localHosts', {
      hosts,
      serialPort,
      replayLog: REPLAY_LOG,
      ports: {
        udp: await freeUdpPort(),
        tcp: (tcp.address() as AddressInfo).port,
        busyUdp: busy.address().port,
      },
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
