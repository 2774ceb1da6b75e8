// `sigil serve` run in this process as its tests drive it: on a free port,
// without a browser, until the test stops it; and a session signed in with
// the one-time code it prints, as the page signs in.

import { expect } from 'vitest';
import { AUTH_OK, AUTH_PACKET } from '../../../protocol/session';
import { waitFor } from '../../../main/testing/wait-for';
import { login, openClient, type Client } from '../../host/testing/raw-clients';
import { runServe, type ServeHooks } from '../serve';
import { captureIo, type CapturedIo } from './captured-io';

export const URL_LINE = /Sigil is running at (http:\/\/127\.0\.0\.1:(\d+)\/#otp=([\w-]+))\n/;

export interface ServeRun {
  readonly io: CapturedIo;
  /** The printed URL, with its one-time code. */
  readonly url: string;
  readonly port: number;
  readonly otp: string;
  /** Stops it (the first call) and gives its exit code. */
  stop(): Promise<number>;
}

/**
 * Starts `sigil serve --port 0 --no-open ARGS` and waits for its URL; one
 * that ends first fails with what it said. `cleanup` gets the stop.
 */
export async function serveInProcess(
  args: string[],
  hooks: ServeHooks,
  cleanup: (() => unknown)[],
): Promise<ServeRun> {
  const io = captureIo();
  const controller = new AbortController();
  const result = runServe(['--port', '0', '--no-open', ...args], io, controller.signal, hooks);
  let stopped = false;
  const stop = async () => {
    if (!stopped) controller.abort();
    stopped = true;
    return result;
  };
  cleanup.push(stop);
  const match = await Promise.race([
    waitFor('the URL', () => URL_LINE.exec(io.out()) ?? undefined),
    result.then(() => {
      throw new Error(`sigil serve ended before its URL: ${io.err()}`);
    }),
  ]);
  return { io, url: match[1]!, port: Number(match[2]), otp: match[3]!, stop };
}

/** A WebSocket session signed in with the one-time code. `cleanup` gets its end. */
export async function signedIn(
  port: number,
  otp: string,
  cleanup: (() => unknown)[],
): Promise<Client> {
  const answer = await login(port, otp);
  expect(answer.status).toBe(200);
  const { token } = JSON.parse(answer.body) as { token: string };
  const client = await openClient(port);
  cleanup.push(() => client.ws.terminate());
  client.send({ packetType: AUTH_PACKET, token });
  await client.next((m) => m.packetType === AUTH_OK);
  return client;
}
