import { spawnSync } from 'node:child_process';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LinkState } from './transport';
import { DEFAULT_RECV_BUFFER_BYTES, UdpTransport } from './udp';
import { freeUdpPort as freePort } from '../testing/ports';

const HOST = '127.0.0.1';
const FAST = { backoff: { initialMs: 20, maxMs: 40 } };

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

function track(transport: UdpTransport) {
  const states: LinkState[] = [];
  const received: string[] = [];
  transport.start({
    onData: (chunk) => received.push(Buffer.from(chunk).toString()),
    onState: (state) => states.push(state),
  });
  cleanup.push(() => transport.close());
  return { states, received, last: () => states.at(-1) };
}

async function peer(): Promise<{ socket: Socket; got: string[]; from: RemoteInfo[] }> {
  const socket = createSocket('udp4');
  const got: string[] = [];
  const from: RemoteInfo[] = [];
  socket.on('message', (data, info) => {
    got.push(data.toString());
    from.push(info);
  });
  await new Promise<void>((resolve) => socket.bind(0, HOST, resolve));
  cleanup.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return { socket, got, from };
}

describe('udpin', () => {
  it('does not write before a peer was heard', async () => {
    const port = await freePort();
    const link = new UdpTransport({ kind: 'udpin', host: HOST, port }, FAST);
    const { last } = track(link);
    await vi.waitFor(() => expect(last()).toEqual({ status: 'connected' }));
    expect(link.write(Buffer.from('x'))).toBe(false);
  });

  it('receives from several peers and replies to the last one heard', async () => {
    const port = await freePort();
    const link = new UdpTransport({ kind: 'udpin', host: HOST, port }, FAST);
    const { last, received } = track(link);
    await vi.waitFor(() => expect(last()).toEqual({ status: 'connected' }));
    const a = await peer();
    const b = await peer();

    a.socket.send('from a', port, HOST);
    await vi.waitFor(() => expect(received).toEqual(['from a']));
    expect(link.write(Buffer.from('to a'))).toBe(true);
    await vi.waitFor(() => expect(a.got).toEqual(['to a']));

    b.socket.send('from b', port, HOST);
    await vi.waitFor(() => expect(received).toEqual(['from a', 'from b']));
    expect(link.write(Buffer.from('to b'))).toBe(true);
    await vi.waitFor(() => expect(b.got).toEqual(['to b']));
    expect(a.got).toEqual(['to a']);
  });

  it('reports "port N is already in use" when another socket holds the port', async () => {
    const holder = await peer();
    const { port } = holder.socket.address() as AddressInfo;
    const { last } = track(new UdpTransport({ kind: 'udpin', host: HOST, port }, FAST));
    await vi.waitFor(() =>
      expect(last()).toEqual({ status: 'error', message: `port ${port} is already in use` }),
    );
  });

  it('binds once the port is free again', async () => {
    const holder = createSocket('udp4');
    await new Promise<void>((resolve) => holder.bind(0, HOST, resolve));
    const { port } = holder.address() as AddressInfo;
    const { states, last } = track(new UdpTransport({ kind: 'udpin', host: HOST, port }, FAST));
    await vi.waitFor(() => expect(last()?.status).toBe('error'));
    holder.close();
    await vi.waitFor(() => expect(last()).toEqual({ status: 'connected' }));
    expect(states.map((s) => s.status)).toContain('connecting');
  });

  it('releases the port on close and reports closed once', async () => {
    const port = await freePort();
    const link = new UdpTransport({ kind: 'udpin', host: HOST, port }, FAST);
    const { states, last } = track(link);
    await vi.waitFor(() => expect(last()).toEqual({ status: 'connected' }));
    await link.close();
    await link.close();
    expect(states.filter((s) => s.status === 'closed')).toHaveLength(1);
    expect(link.write(Buffer.from('x'))).toBe(false);
    const again = createSocket('udp4');
    await new Promise<void>((resolve) => again.bind(port, HOST, resolve));
    again.close();
  });
});

describe('udpout', () => {
  it('sends to the peer and hears its replies on the same socket', async () => {
    const listener = await peer();
    const { port } = listener.socket.address() as AddressInfo;
    const link = new UdpTransport({ kind: 'udpout', host: HOST, port }, FAST);
    const { last, received } = track(link);
    await vi.waitFor(() => expect(last()).toEqual({ status: 'connected' }));

    expect(link.write(Buffer.from('hello'))).toBe(true);
    await vi.waitFor(() => expect(listener.got).toEqual(['hello']));
    const from = listener.from[0]!;
    listener.socket.send('reply', from.port, from.address);
    await vi.waitFor(() => expect(received).toEqual(['reply']));
  });

  it('sends a copy, so the caller may reuse its buffer at once', async () => {
    const listener = await peer();
    const { port } = listener.socket.address() as AddressInfo;
    const link = new UdpTransport({ kind: 'udpout', host: HOST, port }, FAST);
    const { last } = track(link);
    await vi.waitFor(() => expect(last()).toEqual({ status: 'connected' }));
    const buffer = Buffer.from('first');
    link.write(buffer);
    buffer.write('XXXXX');
    await vi.waitFor(() => expect(listener.got).toEqual(['first']));
  });
});

/** Linux caps SO_RCVBUF at net.core.rmem_max; elsewhere 4 MiB is within the usual limits. */
function systemReceiveBufferMax(): number {
  try {
    return Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
  } catch {
    return Infinity;
  }
}

const BURST = { datagrams: 800, bytes: 1200 };

/**
 * Sends BURST to `port` from another process while this one's event loop
 * is blocked (spawnSync), so every datagram waits in the socket's receive
 * buffer until the loop runs again.
 */
function burstWhileBusy(port: number): void {
  const sender = `
    const socket = require('node:dgram').createSocket('udp4');
    const datagram = Buffer.alloc(${BURST.bytes}, 0x55);
    let sent = 0;
    socket.bind(0, '${HOST}', () => {
      for (let i = 0; i < ${BURST.datagrams}; i++)
        socket.send(datagram, ${port}, '${HOST}', () => { if (++sent === ${BURST.datagrams}) socket.close(); });
    });`;
  const result = spawnSync(process.execPath, ['-e', sender], { timeout: 10_000 });
  if (result.status !== 0) throw new Error(`the sender failed: ${result.stderr}`);
}

describe('receive buffer', () => {
  it.skipIf(systemReceiveBufferMax() < DEFAULT_RECV_BUFFER_BYTES)(
    'holds a burst of about 1 MB that arrives while the event loop is busy (skipped where net.core.rmem_max < 4 MiB)',
    async () => {
      const port = await freePort();
      const { last, received } = track(new UdpTransport({ kind: 'udpin', host: HOST, port }, FAST));
      await vi.waitFor(() => expect(last()).toEqual({ status: 'connected' }));
      burstWhileBusy(port);
      await vi.waitFor(() => expect(received).toHaveLength(BURST.datagrams));
    },
  );

  it('takes a smaller receive buffer from its options, which drops what overflows it', async () => {
    const port = await freePort();
    const small = { ...FAST, recvBufferSize: 64 * 1024 };
    const link = new UdpTransport({ kind: 'udpin', host: HOST, port }, small);
    const { last, received } = track(link);
    await vi.waitFor(() => expect(last()).toEqual({ status: 'connected' }));
    burstWhileBusy(port);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThan(BURST.datagrams);
  });
});
