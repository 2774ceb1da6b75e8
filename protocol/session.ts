// How a browser reaches the Api of the headless host (`sigil serve`). There
// are two ways in; both end on the same WebSocket and the same contract.
//
// A. Local: the one-time code (loopback addresses only)
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
// The one-time code is only offered when the host listens on a loopback
// address: its URL and the plain frames after it would be readable, and
// the frames forgeable, by anyone on a field network.
//
// B. Remote: the authenticated handshake (any address, when the operator
//    gave the two secrets; on a loopback address both ways are on)
//
// The operator starts `sigil serve` with a server identity key and an
// authorization key (`SIGIL_SERVER_IDENTITY_KEY`, `SIGIL_AUTH_KEY`), and
// optionally a view key (`SIGIL_VIEW_KEY`), or `--config FILE`. The user
// types the identity key and the authorization (or view) key. Text is
// UTF-8; b64u is base64url without padding (RFC 4648 section 5), and a
// value with any other spelling is refused. P-256 public keys travel raw
// and uncompressed (65 bytes, 0x04 ‖ X ‖ Y); ‖ joins bytes.
//
// 1. GET HANDSHAKE_CONFIG_PATH -> 200 `{ publicKey, timeout, keySignature }`:
//    publicKey = b64u(the server's ECDH P-256 public key, fresh at every
//    start of the server), timeout = the session timeout in milliseconds,
//    keySignature = b64u(HMAC-SHA-256(key = identity key,
//    KEY_SIGNATURE_LABEL ‖ publicKey bytes)).
//    The client computes the same from the identity key its user typed and
//    stops on a mismatch, before it sends anything secret: the server could
//    not prove its identity (a wrong identity key, or someone in between).
// 2. The client makes a fresh ECDH P-256 pair (encryption) and a fresh ECDSA
//    P-256 pair (session proofs) and POSTs to HANDSHAKE_PATH (JSON)
//    `{ clientKey, verifyKey, iv, ciphertext }`: clientKey = b64u(its ECDH
//    public key), verifyKey = b64u(its ECDSA public key), iv = b64u(12
//    random bytes), ciphertext = b64u(AES-256-GCM, 128-bit tag appended, of
//    the JSON `{ authKey, sharedKey, clientName }`) with
//      key  = HKDF-SHA-256(IKM = the ECDH shared secret (the 32-byte X
//             coordinate), salt = HANDSHAKE_SALT, info = clientKey bytes ‖
//             server publicKey bytes, 32 bytes),
//      AAD  = verifyKey bytes,
//    authKey = the key the user typed, sharedKey = b64u(32 random bytes),
//    clientName = at most MAX_CLIENT_NAME characters, no control characters.
//    Answers: 200 `{ status: 200, token, role }` (role CONTROL_ROLE for the
//    authorization key, VIEW_ROLE for the view key); 403 `{ status: 403,
//    reason }` for a wrong key, a message that does not decrypt, or one that
//    is malformed; 429 `{ status: 429, reason }` (and Retry-After, seconds)
//    while an address is locked out after too many wrong keys (5 a minute,
//    then 1, 2, 4 ... 60 minutes); 503 `{ status: 503, reason }` when
//    64 sessions (app/host/remote-auth.ts) all have their socket open. Keys are
//    compared in constant time.
// 3. A session proof is a time and a signature: time = milliseconds since
//    the Unix epoch, signature = b64u(ECDSA-P256-SHA-256, IEEE P1363 (r ‖ s,
//    64 bytes) as WebCrypto makes it, over PROOF_LABEL + "\n" + token +
//    "\n" + time in decimal) with the client's ECDSA private key. The server
//    refuses a time more than PROOF_WINDOW_MS away from its clock, and any
//    time not strictly greater than the last it accepted for that session
//    (a replay): the rule MAVLink signing applies to a stream's timestamps.
//    A proof that fails changes nothing.
// 4. The WebSocket at SESSION_PATH: its first message is `{ packetType:
//    AUTH_PACKET, token, time, signature }`. A good proof gets the sealed
//    frame of `{ packetType: AUTH_OK, role }`; anything else closes the
//    socket with CLOSE_UNAUTHORIZED. A session has one socket at a time: a
//    newer one closes the older with CLOSE_REPLACED (a browser that lost
//    its connection comes back with a fresh proof).
// 5. From then on every text frame, both ways, is sealed: `{ mac, seq,
//    packet }` with mac = b64u(HMAC-SHA-256(key = sharedKey bytes,
//    direction + "\n" + seq + "\n" + JSON.stringify(packet))), direction
//    "c2s" (client to server) or "s2c", and seq an integer counting from 1
//    per direction per session (across its sockets), each greater than the
//    last one accepted. A frame with a bad mac, a seq that does not grow, or
//    that is not a sealed frame at all ends the session. There is no TLS on
//    a field network: the seal is what stops anyone on it injecting or
//    altering commands after the login. Frames are not encrypted: telemetry
//    can be read on the network (as it can on the radio).
// 6. GET SESSION_CHECK_PATH and DELETE SESSION_PATH carry a proof in
//    headers: `Authorization: Bearer TOKEN`, TIME_HEADER, SIGNATURE_HEADER.
//    200 `{ status: 200, role }` (DELETE ends the session), 401 `{ status,
//    reason }` for a missing or bad proof, a stale or replayed time, 404 for
//    no such session.
// 7. A session ends after `timeout` ms without traffic from its client (an
//    accepted proof or sealed frame), when the server shuts down, when the
//    key it was opened with changes (SIGHUP re-reads the config file), and
//    on DELETE. A connected socket then gets a sealed `service.interrupt`
//    with the reason, and is closed with CLOSE_INTERRUPTED.
// 8. A view session gets every event and the read-only requests; anything
//    that commands or changes something is answered with a `service.error`
//    (protocol/roles.ts). Requests and answers keep their packetId and
//    packetType as on any other transport.
//
// Nothing on the socket works before the first message is accepted: no
// request, no event.

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

export const HANDSHAKE_CONFIG_PATH = '/api/handshake/config';
export const HANDSHAKE_PATH = '/api/handshake';
export const SESSION_CHECK_PATH = '/api/session/check';
export const TIME_HEADER = 'X-SEC-Time';
export const SIGNATURE_HEADER = 'X-SEC-Signature';
export const KEY_SIGNATURE_LABEL = 'sigil-server-key-v1';
export const HANDSHAKE_SALT = 'sigil-handshake-v1';
export const PROOF_LABEL = 'sigil-session-v1';
/** How far a proof's time may be from the server's clock, either way. */
export const PROOF_WINDOW_MS = 30_000;
export const DEFAULT_SESSION_TIMEOUT_MS = 10 * 60 * 1000;
export const MAX_CLIENT_NAME = 64;
/** WebSocket close code for a socket whose session continued on a newer socket. */
export const CLOSE_REPLACED = 4409;

// Why the host ended a remote session: the reason of its service.interrupt (B 7).
export const REASON_EXPIRED = 'the session expired';
export const REASON_DELETED = 'the session was ended';
export const REASON_KEYS_CHANGED = 'the keys were changed';

export const CONTROL_ROLE = 'control';
export const VIEW_ROLE = 'view';
export type SessionRole = typeof CONTROL_ROLE | typeof VIEW_ROLE;
export type FrameDirection = 'c2s' | 's2c';

/** The answer of HANDSHAKE_CONFIG_PATH. */
export interface HandshakeConfig {
  publicKey: string;
  timeout: number;
  keySignature: string;
}

/** The body POSTed to HANDSHAKE_PATH. */
export interface HandshakeRequest {
  clientKey: string;
  verifyKey: string;
  iv: string;
  ciphertext: string;
}

/** What the handshake's ciphertext holds. */
export interface HandshakeSecrets {
  authKey: string;
  sharedKey: string;
  clientName: string;
}

export type HandshakeAnswer =
  { status: 200; token: string; role: SessionRole } | { status: 403 | 429; reason: string };

/** The answer of SESSION_CHECK_PATH and of DELETE SESSION_PATH. */
export type SessionCheckAnswer =
  { status: 200; role: SessionRole } | { status: 401 | 404; reason: string };

/** Every text frame of a remote session after its first message. */
export interface SealedFrame {
  mac: string;
  seq: number;
  packet: object;
}
