// How a browser reaches the Api of the headless host (`sigil serve`):
//
// 1. `sigil serve` prints `http://HOST:PORT/#otp=CODE`. The code is good for
//    one login and a few minutes.
// 2. The page POSTs `{ otp }` to LOGIN_PATH and gets `{ token }` (200) or
//    `{ reason }` (401). The token lives in sessionStorage, never in a URL.
// 3. The page opens a WebSocket at SESSION_PATH and sends, as its first
//    message, `{ packetType: AUTH_PACKET, token }`. The host answers
//    `{ packetType: AUTH_OK }` and from then on the socket carries the
//    contract's packets as JSON text frames; anything else first, or a bad
//    token, closes the socket with CLOSE_UNAUTHORIZED.
//
// Nothing on the socket works before step 3: no request, no event.

export const LOGIN_PATH = '/api/session/login';
export const SESSION_PATH = '/api/session';
export const AUTH_PACKET = 'session.auth';
export const AUTH_OK = 'session.ready';
/** WebSocket close code for a missing or bad token (4000-4999 are the application's). */
export const CLOSE_UNAUTHORIZED = 4401;
/** WebSocket close code when the host ends the session (after a service.interrupt event). */
export const CLOSE_INTERRUPTED = 4000;
/** How long a printed one-time code stays good. */
export const OTP_LIFETIME_MS = 10 * 60 * 1000;
