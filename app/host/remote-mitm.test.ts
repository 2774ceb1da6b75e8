// Someone in the middle of the field network, played by a proxy between the
// browser client (protocol/remote/client.ts) and the host: it can read and
// change every byte, but it does not know the identity key or the shared
// key. It cannot pass for the host, nor alter, replay or inject frames
// without the session noticing.

import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { HANDSHAKE_CONFIG_PATH } from '../../protocol/session';
import { waitFor } from '../../main/testing/wait-for';
import { IDENTITY_MISMATCH, TAMPERED } from '../../protocol/remote/client';
import { exportPublicKey, generateAgreementKeys } from '../../protocol/remote/crypto';
import { toBase64Url } from '../../protocol/remote/encoding';
import { clientHost, remoteHost, signInAs, watch, type Cleanup } from './testing/remote-sessions';

const cleanup: Cleanup = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

interface Tampering {
  /** Rewrites an HTTP answer's body, by path. */
  answer?: (path: string, body: string) => string;
  /** Rewrites (or drops, with null) a frame from the host to the client. */
  toClient?: (text: string, send: (text: string) => void) => string | null;
}

/** A proxy on its own port that relays HTTP and the session socket to `port`. */
async function middle(
  port: number,
  tampering: Tampering,
): Promise<{ port: number; upstream: () => WebSocket }> {
  let upstreamSocket: WebSocket | undefined;
  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => {
      const forward = request(
        {
          host: '127.0.0.1',
          port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: `127.0.0.1:${port}` },
        },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const body =
              tampering.answer?.(incoming.url ?? '', Buffer.concat(parts).toString()) ??
              Buffer.concat(parts).toString();
            const headers = {
              ...answer.headers,
              'content-length': String(Buffer.byteLength(body)),
            };
            outgoing.writeHead(answer.statusCode ?? 502, headers);
            outgoing.end(body);
          });
        },
      );
      forward.end(Buffer.concat(chunks));
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (client) => {
      const upstream = new WebSocket(`ws://127.0.0.1:${port}${req.url ?? ''}`);
      upstreamSocket = upstream;
      const early: string[] = [];
      upstream.on('open', () => early.splice(0).forEach((m) => upstream.send(m)));
      client.on('message', (data) => {
        if (upstream.readyState === WebSocket.OPEN) upstream.send(data.toString());
        else early.push(data.toString());
      });
      const toClient = (text: string) => client.readyState === WebSocket.OPEN && client.send(text);
      upstream.on('message', (data) => {
        const text = tampering.toClient?.(data.toString(), toClient) ?? data.toString();
        if (text !== null) toClient(text);
      });
      upstream.on('close', (code, reason) => client.close(code, reason.toString()));
      client.on('close', () => upstream.close());
      upstream.on('error', () => {});
      client.on('error', () => {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { port: (server.address() as AddressInfo).port, upstream: () => upstreamSocket! };
}

describe('a man in the middle', () => {
  it('cannot pass its own key off as the host’s: the client stops before sending a secret', async () => {
    const { port, running } = await remoteHost(cleanup);
    const own = toBase64Url(await exportPublicKey((await generateAgreementKeys()).publicKey));
    const proxy = await middle(port, {
      answer: (path, body) =>
        path === HANDSHAKE_CONFIG_PATH
          ? JSON.stringify({ ...JSON.parse(body), publicKey: own })
          : body,
    });
    await expect(signInAs(clientHost(proxy.port))).rejects.toThrow(IDENTITY_MISMATCH);
    expect(running.remote?.handshakeAttempts).toBe(0);
  });

  it('relays a session untouched: it works', async () => {
    const { port } = await remoteHost(cleanup);
    const proxy = await middle(port, {});
    const watched = await watch(await signInAs(clientHost(proxy.port)), cleanup);
    expect((await watched.request({ packetId: 'p', packetType: 'links.list' })).packetType).toBe(
      'links.list.result',
    );
  });

  it('cannot alter what the host says: the client drops the socket', async () => {
    const { port } = await remoteHost(cleanup);
    let armed = false;
    const proxy = await middle(port, {
      toClient: (text) => {
        if (!armed || !text.includes('telemetry.snapshot')) return text;
        return text.replace('"vehicles":[]', '"vehicles":[{"sysid":9}]');
      },
    });
    const watched = await watch(await signInAs(clientHost(proxy.port)), cleanup);
    armed = true;
    const closed = await watched.closed;
    expect(closed).toMatchObject({ code: 1008, tampered: true });
    expect(watched.packets.some((p) => JSON.stringify(p).includes('"sysid":9'))).toBe(false);
    expect(TAMPERED).toContain('altering');
  });

  it('cannot replay what the host said: the client drops the socket', async () => {
    const { port } = await remoteHost(cleanup);
    let kept: string | undefined;
    const proxy = await middle(port, {
      toClient: (text, send) => {
        if (kept === undefined && text.includes('links.list.result')) kept = text;
        else if (kept !== undefined && text.includes('telemetry.snapshot')) send(kept);
        return text;
      },
    });
    const watched = await watch(await signInAs(clientHost(proxy.port)), cleanup);
    await watched.channel.send({ packetId: 'once', packetType: 'links.list' });
    expect((await watched.closed).tampered).toBe(true);
    expect(watched.packets.filter((p) => p.packetId === 'once')).toHaveLength(1);
  });

  it('cannot inject a command: the host ends the session', async () => {
    const { port, running, service } = await remoteHost(cleanup);
    const proxy = await middle(port, {});
    const watched = await watch(await signInAs(clientHost(proxy.port)), cleanup);
    proxy.upstream().send(
      JSON.stringify({
        mac: toBase64Url(new Uint8Array(32)),
        seq: 99,
        packet: { packetId: 'evil', packetType: 'sim.start' },
      }),
    );
    const closed = await watched.closed;
    expect(closed.interrupted).toBe('a frame failed its check (altered or forged)');
    await waitFor('the session to be gone', () => running.remote?.sessionCount === 0);
    expect(service.simRunning).toBe(false);
  });
});
