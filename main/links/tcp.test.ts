import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TcpClientTransport, TcpServerTransport } from './tcp';
import type { LinkState, Transport } from './transport';

const HOST = '127.0.0.1';
const FAST = { backoff: { initialMs: 20, maxMs: 80 } };

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

function track(transport: Transport) {
  const states: LinkState[] = [];
  const chunks: Buffer[] = [];
  transport.start({
    onData: (chunk) => chunks.push(Buffer.from(chunk)),
    onState: (state) => states.push(state),
  });
  cleanup.push(() => transport.close());
  return {
    states,
    last: () => states.at(-1),
    text: () => Buffer.concat(chunks).toString(),
  };
}

interface TestServer {
  server: Server;
  port: number;
  sockets: Socket[];
  text: () => string;
  stop: () => Promise<void>;
}

async function listen(port = 0): Promise<TestServer> {
  const sockets: Socket[] = [];
  const chunks: Buffer[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (data) => chunks.push(data));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, HOST, resolve));
  const stop = async () => {
    for (const socket of sockets) socket.destroy();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  cleanup.push(stop);
  const actual = (server.address() as AddressInfo).port;
  return { server, port: actual, sockets, text: () => Buffer.concat(chunks).toString(), stop };
}

async function freePort(): Promise<number> {
  const { port, stop } = await listen();
  await stop();
  return port;
}

async function client(port: number): Promise<{ socket: Socket; text: () => string }> {
  const socket = connect(port, HOST);
  const chunks: Buffer[] = [];
  socket.on('data', (data) => chunks.push(data));
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  cleanup.push(() => socket.destroy());
  return { socket, text: () => Buffer.concat(chunks).toString() };
}

describe('tcp client', () => {
  it('exchanges bytes with the server', async () => {
    const server = await listen();
    const link = new TcpClientTransport({ kind: 'tcp', host: HOST, port: server.port }, FAST);
    const { last, text } = track(link);
    await vi.waitFor(() => expect(last()).toEqual({ status: 'connected' }));
    expect(link.write(Buffer.from('ping'))).toBe(true);
    await vi.waitFor(() => expect(server.text()).toBe('ping'));
    server.sockets[0]!.write('pong');
    await vi.waitFor(() => expect(text()).toBe('pong'));
  });

  it('reports "connection refused by HOST:PORT" and keeps trying', async () => {
    const port = await freePort();
    const link = new TcpClientTransport({ kind: 'tcp', host: HOST, port }, FAST);
    const { states } = track(link);
    const refused = { status: 'error', message: `connection refused by ${HOST}:${port}` };
    // The fast backoff may already be on a third try when the check runs: the first four count.
    await vi.waitFor(() =>
      expect(states.slice(0, 4).map((s) => s.status)).toEqual([
        'connecting',
        'error',
        'connecting',
        'error',
      ]),
    );
    expect(states[1]).toEqual(refused);
    expect(link.write(Buffer.from('x'))).toBe(false);
  });

  it('reconnects with backoff after the server goes away and comes back', async () => {
    const first = await listen();
    const port = first.port;
    const link = new TcpClientTransport({ kind: 'tcp', host: HOST, port }, FAST);
    const { last, text } = track(link);
    await vi.waitFor(() => expect(last()).toEqual({ status: 'connected' }));

    await first.stop();
    await vi.waitFor(() => expect(last()?.status).toBe('error'));
    // Tries go on while the server is away: several refusals pass.
    await vi.waitFor(() =>
      expect(last()).toEqual({ status: 'error', message: `connection refused by ${HOST}:${port}` }),
    );

    const second = await listen(port);
    await vi.waitFor(() => expect(last()).toEqual({ status: 'connected' }));
    await vi.waitFor(() => expect(second.sockets).toHaveLength(1));
    second.sockets[0]!.write('back');
    await vi.waitFor(() => expect(text()).toBe('back'));
  });

  it('says the server closed the connection when it does', async () => {
    const server = await listen();
    const link = new TcpClientTransport({ kind: 'tcp', host: HOST, port: server.port }, FAST);
    const { states, last } = track(link);
    await vi.waitFor(() => expect(last()).toEqual({ status: 'connected' }));
    server.sockets[0]!.end();
    await vi.waitFor(() =>
      expect(states).toContainEqual({
        status: 'error',
        message: `connection closed by ${HOST}:${server.port}`,
      }),
    );
  });

  it('stops trying once closed', async () => {
    const port = await freePort();
    const link = new TcpClientTransport({ kind: 'tcp', host: HOST, port }, FAST);
    const { states, last } = track(link);
    await vi.waitFor(() => expect(last()?.status).toBe('error'));
    await link.close();
    const count = states.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(states).toHaveLength(count);
    expect(last()).toEqual({ status: 'closed' });
  });
});

describe('tcpin', () => {
  it('listens, accepts two clients, hears both and writes to both', async () => {
    const port = await freePort();
    const link = new TcpServerTransport({ kind: 'tcpin', host: HOST, port }, FAST);
    const { last, text } = track(link);
    await vi.waitFor(() => expect(last()).toEqual({ status: 'connected' }));
    expect(link.write(Buffer.from('nobody'))).toBe(false);

    const a = await client(port);
    const b = await client(port);
    await vi.waitFor(() => expect(link.clientCount).toBe(2));
    a.socket.write('A');
    await vi.waitFor(() => expect(text()).toBe('A'));
    b.socket.write('B');
    await vi.waitFor(() => expect(text()).toBe('AB'));

    expect(link.write(Buffer.from('all'))).toBe(true);
    await vi.waitFor(() => expect([a.text(), b.text()]).toEqual(['all', 'all']));
  });

  it('keeps serving the others when one client leaves', async () => {
    const port = await freePort();
    const link = new TcpServerTransport({ kind: 'tcpin', host: HOST, port }, FAST);
    const { last } = track(link);
    await vi.waitFor(() => expect(last()).toEqual({ status: 'connected' }));
    const a = await client(port);
    const b = await client(port);
    await vi.waitFor(() => expect(link.clientCount).toBe(2));
    a.socket.resetAndDestroy();
    await vi.waitFor(() => expect(link.clientCount).toBe(1));
    expect(link.write(Buffer.from('still'))).toBe(true);
    await vi.waitFor(() => expect(b.text()).toBe('still'));
    expect(last()).toEqual({ status: 'connected' });
  });

  it('reports "port N is already in use" when another server holds the port', async () => {
    const holder = await listen();
    const link = new TcpServerTransport({ kind: 'tcpin', host: HOST, port: holder.port }, FAST);
    const { last } = track(link);
    await vi.waitFor(() =>
      expect(last()).toEqual({ status: 'error', message: `port ${holder.port} is already in use` }),
    );
  });

  it('disconnects its clients and frees the port on close', async () => {
    const port = await freePort();
    const link = new TcpServerTransport({ kind: 'tcpin', host: HOST, port }, FAST);
    const { last } = track(link);
    await vi.waitFor(() => expect(last()).toEqual({ status: 'connected' }));
    const a = await client(port);
    const closed = new Promise<void>((resolve) => a.socket.once('close', () => resolve()));
    await link.close();
    await closed;
    expect(last()).toEqual({ status: 'closed' });
    const again = await listen(port);
    expect(again.port).toBe(port);
  });
});
