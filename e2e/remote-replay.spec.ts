// A session proof is good once: the same `GET /api/session/check` headers
// sent twice are a replay, refused with 401, as MAVLink signing refuses a
// frame whose timestamp does not grow. At the HTTP level, with the browser
// client module in Node.

import WebSocket from 'ws';
import { SESSION_CHECK_PATH } from '../protocol/session';
import { signIn } from '../protocol/remote/client';
import type { SocketLike } from '../protocol/socket-like';
import { expect, test } from './support/remote';

test('a replayed session signature is refused', async ({ remote }) => {
  const session = await signIn(
    { baseUrl: remote.origin, openSocket: (url) => new WebSocket(url) as SocketLike },
    {
      identityKey: remote.keys.serverIdentityKey,
      authKey: remote.keys.authKey,
      clientName: 'replay test',
    },
  );
  const headers = await session.proofHeaders();
  const url = new URL(SESSION_CHECK_PATH, remote.origin).href;

  const first = await fetch(url, { headers });
  expect(first.status).toBe(200);
  expect(await first.json()).toEqual({ status: 200, role: 'control' });

  const again = await fetch(url, { headers });
  expect(again.status).toBe(401);
  expect(await again.json()).toMatchObject({
    status: 401,
    reason: expect.stringMatching(/replay/),
  });

  // The refusal changed nothing: a fresh proof still works.
  expect(await session.check()).toEqual({ status: 200, role: 'control' });
  await session.end();
});
