import { createSocket } from 'node:dgram';
import { open } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  describeConnectError,
  describeFileError,
  describeListenError,
  describeSerialError,
  formatEndpoint,
  sameState,
} from './errors';

/** The error Node raises for `code`, as far as these functions look at it. */
const errno = (code: string) => Object.assign(new Error(`${code} from node`), { code });

describe('errors from real sockets and files', () => {
  it('a second bind on a UDP port reads "port N is already in use"', async () => {
    const first = createSocket('udp4');
    await new Promise<void>((resolve) => first.bind(0, '127.0.0.1', resolve));
    const port = (first.address() as AddressInfo).port;
    const second = createSocket('udp4');
    const error = await new Promise<Error>((resolve) => {
      second.once('error', resolve);
      second.bind(port, '127.0.0.1');
    });
    second.close();
    first.close();
    expect(describeListenError(error, '127.0.0.1', port)).toBe(`port ${port} is already in use`);
  });

  it('a refused TCP connection reads "connection refused by HOST:PORT"', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await new Promise<Error>((resolve) => {
      connect(port, '127.0.0.1').once('error', resolve);
    });
    expect(describeConnectError(error, '127.0.0.1', port)).toBe(
      `connection refused by 127.0.0.1:${port}`,
    );
  });

  it('a missing file reads "file not found: PATH"', async () => {
    const error = await open('/nonexistent/x.tlog').catch((e: unknown) => e);
    expect(describeFileError(error, 'x.tlog')).toBe('file not found: x.tlog');
  });

  it('a directory reads "PATH is a directory, not a tlog file"', async () => {
    const handle = await open('/tmp');
    const error = await handle.read(Buffer.alloc(1), 0, 1, 0).catch((e: unknown) => e);
    await handle.close();
    expect(describeFileError(error, '/tmp')).toBe('/tmp is a directory, not a tlog file');
  });
});

describe('errors by code', () => {
  it('names an unresolvable host', () => {
    expect(describeConnectError(errno('ENOTFOUND'), 'foo', 5760)).toBe("cannot resolve host 'foo'");
    expect(describeConnectError(errno('EAI_AGAIN'), 'foo', 5760)).toBe("cannot resolve host 'foo'");
    expect(describeListenError(errno('ENOTFOUND'), 'foo', 14550)).toBe("cannot resolve host 'foo'");
  });

  it('names a connection lost or never answered', () => {
    expect(describeConnectError(errno('ETIMEDOUT'), '10.0.0.2', 5760)).toBe(
      'no answer from 10.0.0.2:5760',
    );
    expect(describeConnectError(errno('ECONNRESET'), '10.0.0.2', 5760)).toBe(
      'connection reset by 10.0.0.2:5760',
    );
    expect(describeConnectError(errno('EHOSTUNREACH'), '10.0.0.2', 5760)).toBe(
      'host 10.0.0.2 is unreachable',
    );
  });

  it('keeps the cause of anything else', () => {
    expect(describeConnectError(new Error('boom'), 'h', 1)).toBe('cannot connect to h:1: boom');
    expect(describeListenError(new Error('boom'), 'h', 1)).toBe('cannot listen on h:1: boom');
  });

  it('names a privileged or foreign listening address', () => {
    expect(describeListenError(errno('EACCES'), '0.0.0.0', 80)).toBe(
      'permission denied to listen on port 80',
    );
    expect(describeListenError(errno('EADDRNOTAVAIL'), '10.9.9.9', 14550)).toBe(
      '10.9.9.9 is not an address of this machine',
    );
  });

  it('gives the serial sentences the issue asks for', () => {
    expect(describeSerialError(errno('ENOENT'), '/dev/ttyUSB3')).toBe(
      'no such serial port /dev/ttyUSB3',
    );
    expect(describeSerialError(errno('EACCES'), '/dev/ttyACM0')).toBe(
      'permission denied on /dev/ttyACM0: add yourself to the dialout group',
    );
    expect(describeSerialError(errno('EBUSY'), '/dev/ttyACM0')).toBe(
      '/dev/ttyACM0 is in use by another program',
    );
  });

  it('does not name a serial port twice', () => {
    expect(describeSerialError(new Error('cannot open /dev/x: odd'), '/dev/x')).toBe(
      'cannot open /dev/x: odd',
    );
    expect(describeSerialError(new Error('odd'), '/dev/x')).toBe('cannot open /dev/x: odd');
  });

  it('brackets IPv6 endpoints', () => {
    expect(formatEndpoint('::1', 5760)).toBe('[::1]:5760');
    expect(formatEndpoint('localhost', 5760)).toBe('localhost:5760');
  });
});

describe('sameState', () => {
  it('tells error messages apart', () => {
    expect(sameState({ status: 'error', message: 'a' }, { status: 'error', message: 'a' })).toBe(
      true,
    );
    expect(sameState({ status: 'error', message: 'a' }, { status: 'error', message: 'b' })).toBe(
      false,
    );
    expect(sameState(undefined, { status: 'connecting' })).toBe(false);
    expect(sameState({ status: 'connected' }, { status: 'connected' })).toBe(true);
  });
});
