import { describe, expect, it } from 'vitest';
import type { SerialBinding } from '../../native/serial';
import { parseConnection } from './connection';
import { createTransport } from './create-transport';
import { ReplayTransport } from './replay';
import { SerialTransport } from './serial';
import { TcpClientTransport, TcpServerTransport } from './tcp';
import { UdpTransport } from './udp';

// Never opened here: the factory only hands it to the serial transport.
const binding: SerialBinding = {
  list: () => Promise.resolve([]),
  open: () => Promise.reject(new Error('not used')),
};

describe('createTransport', () => {
  const cases = [
    ['udpin:0.0.0.0:14550', UdpTransport],
    ['udpout:127.0.0.1:14550', UdpTransport],
    ['tcp:127.0.0.1:5760', TcpClientTransport],
    ['tcpin:127.0.0.1:5760', TcpServerTransport],
    ['serial:/dev/ttyACM0:115200', SerialTransport],
    ['tlog:flight.tlog', ReplayTransport],
  ] as const;
  for (const [text, kind] of cases) {
    it(`makes a ${kind.name} for '${text}'`, () => {
      const config = parseConnection(text);
      const transport = createTransport(config, binding);
      expect(transport).toBeInstanceOf(kind);
      expect(transport.config).toBe(config);
    });
  }
});
