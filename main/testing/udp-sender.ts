// A peer on loopback that sends whatever datagrams a test makes.

import { createSocket } from 'node:dgram';

/** A UDP socket on loopback that sends datagrams to `port`; close it when done. */
export async function udpSender(port: number) {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    send: (bytes: Uint8Array) =>
      new Promise<void>((resolve, reject) =>
        socket.send(bytes, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
      ),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
