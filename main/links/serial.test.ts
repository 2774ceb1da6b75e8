import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPtyPair, stopProcess } from '../../native/testing/pty-pair';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSerialBinding, type SerialConnection } from '../../native/serial';
import { SerialTransport } from './serial';
import type { LinkState } from './transport';

const until = (check: () => void) => vi.waitFor(check, { timeout: 5000, interval: 10 });
const FAST = { backoff: { initialMs: 20, maxMs: 80 } };
const binding = createSerialBinding();

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sigil-serial-link-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Two linked real ttys; stopped after the test. */
async function ptyPair(a: string, b: string): Promise<ChildProcess> {
  const socat = await startPtyPair(a, b);
  cleanup.push(() => stopProcess(socat));
  return socat;
}

function track(transport: SerialTransport) {
  const states: LinkState[] = [];
  const chunks: Buffer[] = [];
  transport.start({
    onData: (chunk) => chunks.push(Buffer.from(chunk)),
    onState: (state) => states.push(state),
  });
  cleanup.push(() => transport.close());
  return { states, last: () => states.at(-1), text: () => Buffer.concat(chunks).toString() };
}

/** The vehicle's end of the cable. */
async function vehicle(path: string): Promise<{ port: SerialConnection; text: () => string }> {
  const chunks: Buffer[] = [];
  const port = await binding.open(path, 57600, {
    onData: (bytes) => chunks.push(Buffer.from(bytes)),
    onClose: () => undefined,
  });
  cleanup.push(() => port.close());
  return { port, text: () => Buffer.concat(chunks).toString() };
}

describe('serial link', () => {
  it('carries bytes both ways over a socat pty pair', async () => {
    const dir = await tempDir();
    await ptyPair(join(dir, 'A'), join(dir, 'B'));
    const link = new SerialTransport(
      { kind: 'serial', path: join(dir, 'A'), baud: 57600 },
      binding,
    );
    const { last, text } = track(link);
    await until(() => expect(last()).toEqual({ status: 'connected' }));
    const far = await vehicle(join(dir, 'B'));
    expect(link.write(Buffer.from('to vehicle'))).toBe(true);
    far.port.write(Buffer.from('to gcs'));
    await until(() => expect([text(), far.text()]).toEqual(['to gcs', 'to vehicle']));
  });

  it('reports the unplug and reopens the port when it comes back', async () => {
    const dir = await tempDir();
    const path = join(dir, 'A');
    const socat = await ptyPair(path, join(dir, 'B'));
    const link = new SerialTransport({ kind: 'serial', path, baud: 57600 }, binding, FAST);
    const { states, last, text } = track(link);
    await until(() => expect(last()).toEqual({ status: 'connected' }));

    await stopProcess(socat);
    await until(() =>
      expect(states).toContainEqual({
        status: 'error',
        message: `serial port ${path} was disconnected`,
      }),
    );
    await until(() =>
      expect(last()).toEqual({ status: 'error', message: `no such serial port ${path}` }),
    );
    expect(link.write(Buffer.from('lost'))).toBe(false);

    await ptyPair(path, join(dir, 'B'));
    await until(() => expect(last()).toEqual({ status: 'connected' }));
    const far = await vehicle(join(dir, 'B'));
    far.port.write(Buffer.from('back'));
    await until(() => expect(text()).toBe('back'));
  });

  it('says "no such serial port PATH" for a missing device', async () => {
    const path = join(await tempDir(), 'ttyUSB3');
    const { last } = track(new SerialTransport({ kind: 'serial', path, baud: 57600 }, binding));
    await until(() =>
      expect(last()).toEqual({ status: 'error', message: `no such serial port ${path}` }),
    );
  });

  it('says a port held by another program is in use', async () => {
    const dir = await tempDir();
    const path = join(dir, 'A');
    await ptyPair(path, join(dir, 'B'));
    await vehicle(path);
    const { last } = track(new SerialTransport({ kind: 'serial', path, baud: 57600 }, binding));
    await until(() =>
      expect(last()).toEqual({ status: 'error', message: `${path} is in use by another program` }),
    );
  });

  it('releases the port on close', async () => {
    const dir = await tempDir();
    const path = join(dir, 'A');
    await ptyPair(path, join(dir, 'B'));
    const link = new SerialTransport({ kind: 'serial', path, baud: 57600 }, binding, FAST);
    const { states, last } = track(link);
    await until(() => expect(last()).toEqual({ status: 'connected' }));
    await link.close();
    await link.close();
    expect(states.filter((s) => s.status === 'closed')).toHaveLength(1);
    // The lock is gone: another program may open it now.
    await vehicle(path);
  });

  it('releases a port whose open was still under way at close', async () => {
    const dir = await tempDir();
    const path = join(dir, 'A');
    await ptyPair(path, join(dir, 'B'));
    const link = new SerialTransport({ kind: 'serial', path, baud: 57600 }, binding, FAST);
    const { last } = track(link);
    await link.close();
    expect(last()).toEqual({ status: 'closed' });
    await vehicle(path);
  });
});
