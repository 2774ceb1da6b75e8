// The HTTP half of remote sessions (protocol/session.ts, part B): the
// handshake's two endpoints and the proven session check and DELETE.

import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  HANDSHAKE_CONFIG_PATH,
  HANDSHAKE_PATH,
  REASON_DELETED,
  SESSION_CHECK_PATH,
  SESSION_PATH,
  SIGNATURE_HEADER,
  TIME_HEADER,
} from '../../protocol/session';
import { isJson, parseJson, readBody, sameOrigin, send } from './http-util';
import type { RemoteAuth } from './remote-auth';

/** Largest handshake body read; a real one is well under 1 KiB. */
export const MAX_HANDSHAKE_BYTES = 16 * 1024;

const REMOTE_OFF =
  'remote sessions are off: start sigil serve with SIGIL_SERVER_IDENTITY_KEY and SIGIL_AUTH_KEY';

const BEARER = /^Bearer ([A-Za-z0-9_-]{1,128})$/;

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

/** Answers the request if its path is one of remote sessions'; false when it is not. */
export async function remoteEndpoint(
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
  auth: RemoteAuth | null,
): Promise<boolean> {
  const method = request.method ?? 'GET';
  const isDelete = path === SESSION_PATH && method === 'DELETE';
  if (
    path !== HANDSHAKE_CONFIG_PATH &&
    path !== HANDSHAKE_PATH &&
    path !== SESSION_CHECK_PATH &&
    !isDelete
  ) {
    return false;
  }
  if (auth === null) {
    request.resume();
    send(response, 404, { status: 404, reason: REMOTE_OFF });
    return true;
  }
  if (path === HANDSHAKE_CONFIG_PATH) {
    request.resume();
    if (method !== 'GET') send(response, 405, { reason: 'use GET' }, { Allow: 'GET' });
    else send(response, 200, auth.config);
  } else if (path === HANDSHAKE_PATH) {
    await handshake(request, response, auth);
  } else {
    request.resume();
    if (path === SESSION_CHECK_PATH && method !== 'GET') {
      send(response, 405, { reason: 'use GET' }, { Allow: 'GET' });
    } else {
      proven(request, response, auth, isDelete);
    }
  }
  return true;
}

async function handshake(
  request: IncomingMessage,
  response: ServerResponse,
  auth: RemoteAuth,
): Promise<void> {
  auth.handshakeAttempts++;
  if (request.method !== 'POST') {
    request.resume();
    return send(response, 405, { reason: 'use POST' }, { Allow: 'POST' });
  }
  if (!sameOrigin(request)) {
    request.resume();
    return send(response, 403, {
      status: 403,
      reason: 'sign in from the page this host serves',
    });
  }
  if (!isJson(request)) {
    request.resume();
    return send(response, 403, {
      status: 403,
      reason: 'malformed handshake: the body must be JSON (application/json)',
    });
  }
  const body = await readBody(request, MAX_HANDSHAKE_BYTES);
  if (body === null) {
    return send(
      response,
      413,
      { status: 413, reason: `the body is larger than ${MAX_HANDSHAKE_BYTES} bytes` },
      { Connection: 'close' },
    );
  }
  const result = await auth.handshake(parseJson(body), request.socket.remoteAddress ?? 'unknown');
  const retry =
    'retryAfterSeconds' in result && result.retryAfterSeconds !== undefined
      ? { 'Retry-After': String(result.retryAfterSeconds) }
      : {};
  send(response, result.status, result.body, retry);
}

function proven(
  request: IncomingMessage,
  response: ServerResponse,
  auth: RemoteAuth,
  isDelete: boolean,
): void {
  const bearer = BEARER.exec(header(request, 'Authorization') ?? '');
  if (bearer === null) {
    return send(response, 401, { status: 401, reason: 'expected Authorization: Bearer TOKEN' });
  }
  const result = auth.prove(
    bearer[1],
    header(request, TIME_HEADER),
    header(request, SIGNATURE_HEADER),
  );
  if (!result.ok)
    return send(response, result.status, { status: result.status, reason: result.reason });
  if (isDelete) auth.end(result.session, REASON_DELETED);
  send(response, 200, { status: 200, role: result.session.role });
}
