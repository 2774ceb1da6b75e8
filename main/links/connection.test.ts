import { describe, expect, it } from 'vitest';
import {
  ConnectionError,
  DEFAULT_SERIAL_BAUD,
  formatConnection,
  parseConnection,
  type ConnectionConfig,
} from './connection';

describe('parseConnection', () => {
  const cases: [string, ConnectionConfig][] = [
    ['udpin:0.0.0.0:14550', { kind: 'udpin', host: '0.0.0.0', port: 14550 }],
    ['udp:127.0.0.1:14551', { kind: 'udpin', host: '127.0.0.1', port: 14551 }],
    ['udpin:14550', { kind: 'udpin', host: '0.0.0.0', port: 14550 }],
    ['udpin::14550', { kind: 'udpin', host: '0.0.0.0', port: 14550 }],
    ['udpin:[::]:14550', { kind: 'udpin', host: '::', port: 14550 }],
    ['udpout:192.168.4.1:14555', { kind: 'udpout', host: '192.168.4.1', port: 14555 }],
    ['UDPOUT:localhost:14550', { kind: 'udpout', host: 'localhost', port: 14550 }],
    ['tcp:127.0.0.1:5760', { kind: 'tcp', host: '127.0.0.1', port: 5760 }],
    ['tcp:[::1]:5762', { kind: 'tcp', host: '::1', port: 5762 }],
    ['tcpin:0.0.0.0:5760', { kind: 'tcpin', host: '0.0.0.0', port: 5760 }],
    ['tcpin:5760', { kind: 'tcpin', host: '0.0.0.0', port: 5760 }],
    ['serial:/dev/ttyUSB0', { kind: 'serial', path: '/dev/ttyUSB0', baud: DEFAULT_SERIAL_BAUD }],
    ['serial:/dev/ttyACM0:115200', { kind: 'serial', path: '/dev/ttyACM0', baud: 115200 }],
    ['serial:COM3,921600', { kind: 'serial', path: 'COM3', baud: 921600 }],
    ['/dev/ttyUSB0', { kind: 'serial', path: '/dev/ttyUSB0', baud: DEFAULT_SERIAL_BAUD }],
    ['/dev/ttyUSB0,115200', { kind: 'serial', path: '/dev/ttyUSB0', baud: 115200 }],
    ['/dev/ttyUSB0:115200', { kind: 'serial', path: '/dev/ttyUSB0', baud: 115200 }],
    ['com4', { kind: 'serial', path: 'com4', baud: DEFAULT_SERIAL_BAUD }],
    ['tlog:flight.tlog', { kind: 'tlog', path: 'flight.tlog' }],
    ['file:/logs/a b.tlog', { kind: 'tlog', path: '/logs/a b.tlog' }],
    ['/logs/2024-05-01.tlog', { kind: 'tlog', path: '/logs/2024-05-01.tlog' }],
    ['flight.TLOG', { kind: 'tlog', path: 'flight.TLOG' }],
    ['  tcp:localhost:5760  ', { kind: 'tcp', host: 'localhost', port: 5760 }],
  ];
  for (const [text, config] of cases) {
    it(`parses '${text}'`, () => {
      expect(parseConnection(text)).toEqual(config);
    });
  }

  const errors: [string, string][] = [
    ['', 'empty connection string'],
    ['   ', 'empty connection string'],
    ['udpin:0.0.0.0:0', "port 0 is out of range (1-65535) in 'udpin:0.0.0.0:0'"],
    ['udpin:0.0.0.0:65536', "port 65536 is out of range (1-65535) in 'udpin:0.0.0.0:65536'"],
    ['tcp:localhost:ab', "'ab' is not a port number in 'tcp:localhost:ab'"],
    ['tcp:localhost:', "'' is not a port number in 'tcp:localhost:'"],
    ['tcp:5760', "expected HOST:PORT in 'tcp:5760'"],
    ['udpout::14550', "missing host in 'udpout::14550'"],
    ['udpin:[::1]', "expected [HOST]:PORT in 'udpin:[::1]'"],
    ['serial:', "missing serial device in 'serial:'"],
    ['serial:/dev/ttyUSB0:0', "'0' is not a baud rate in 'serial:/dev/ttyUSB0:0'"],
    ['serial:/dev/ttyUSB0:', "'' is not a baud rate in 'serial:/dev/ttyUSB0:'"],
    ['tlog:', "missing file name in 'tlog:'"],
  ];
  for (const [text, message] of errors) {
    it(`rejects '${text}' with "${message}"`, () => {
      expect(() => parseConnection(text)).toThrow(new ConnectionError(message));
    });
  }

  it('names every form when the scheme is unknown', () => {
    expect(() => parseConnection('bluetooth:00:11')).toThrow(
      /^unknown connection 'bluetooth:00:11': use udpin:HOST:PORT, .*, tlog:FILE or mqtt:\/\/HOST\/NETWORK$/,
    );
  });

  it('throws ConnectionError, not a generic error', () => {
    expect(() => parseConnection('nope')).toThrow(ConnectionError);
  });
});

describe('formatConnection', () => {
  const texts = [
    'udpin:0.0.0.0:14550',
    'udpout:10.0.0.2:14555',
    'tcp:[::1]:5760',
    'tcpin:127.0.0.1:5763',
    'serial:/dev/ttyACM0:115200',
    'serial:COM3:57600',
    'tlog:/logs/flight.tlog',
  ];
  for (const text of texts) {
    it(`round-trips '${text}'`, () => {
      expect(formatConnection(parseConnection(text))).toBe(text);
    });
  }

  it('writes the default baud rate out', () => {
    expect(formatConnection(parseConnection('/dev/ttyUSB0'))).toBe('serial:/dev/ttyUSB0:57600');
  });
});

describe('MQTT connection strings', () => {
  const cases: [string, ConnectionConfig][] = [
    [
      'mqtt://broker.local/field',
      { kind: 'mqtt', tls: false, host: 'broker.local', port: 1883, network: 'field' },
    ],
    [
      'mqtt://pilot:s3cret@10.0.0.5:1884/fleet-a',
      {
        kind: 'mqtt',
        tls: false,
        host: '10.0.0.5',
        port: 1884,
        network: 'fleet-a',
        username: 'pilot',
        password: 's3cret',
      },
    ],
    [
      'mqtts://ops%40site:p%3Aw@[::1]/net',
      {
        kind: 'mqtt',
        tls: true,
        host: '::1',
        port: 8883,
        network: 'net',
        username: 'ops@site',
        password: 'p:w',
      },
    ],
    [
      'MQTTS://broker/net?ca=/etc/ca.pem&cert=/etc/me.pem&key=/etc/me.key',
      {
        kind: 'mqtt',
        tls: true,
        host: 'broker',
        port: 8883,
        network: 'net',
        ca: '/etc/ca.pem',
        cert: '/etc/me.pem',
        key: '/etc/me.key',
      },
    ],
  ];
  for (const [text, config] of cases) {
    it(`parses '${text}'`, () => {
      expect(parseConnection(text)).toEqual(config);
    });
  }

  const errors: [string, RegExp][] = [
    ['mqtt://broker', /^missing network name in 'mqtt:\/\/broker'/],
    ['mqtt://broker/', /^missing network name/],
    ['mqtt:///net', /^missing host in/],
    ['mqtt://broker/a/b', /network name 'a\/b' may not hold/],
    ['mqtt://broker/a%2Bb', /network name 'a\+b' may not hold/],
    ['mqtt://broker:0/net', /^port 0 is out of range/],
    ['mqtt://broker:99999/net', /^expected mqtt:\/\/\[USER/],
    ['mqtt://broker/net?ca=/ca.pem', /^'ca' needs mqtts:\/\//],
    ['mqtts://broker/net?cafile=/ca.pem', /^unknown option 'cafile'/],
    ['mqtts://broker/net?cert=/me.pem', /needs both cert and key/],
  ];
  for (const [text, message] of errors) {
    it(`rejects '${text}'`, () => {
      expect(() => parseConnection(text)).toThrow(message);
    });
  }

  it('shows the user but never the password', () => {
    expect(formatConnection(parseConnection('mqtt://pilot:s3cret@broker/net'))).toBe(
      'mqtt://pilot@broker:1883/net',
    );
  });

  it('round-trips TLS files and IPv6 hosts', () => {
    const text = 'mqtts://[::1]:8884/net?ca=/etc/ca.pem';
    expect(formatConnection(parseConnection(text))).toBe(text);
  });
});
