import { describe, expect, it } from 'vitest';
import { parseConnection, type MqttConfig } from './connection';
import { describeMqttError } from './mqtt-session';

const config = parseConnection('mqtt://pilot:pw@broker.local/field') as MqttConfig;
const refused = (code: number, message = 'Connection refused: x') =>
  Object.assign(new Error(message), { code });

describe('describeMqttError', () => {
  it('says a user name or password was refused, naming the user (3.1.1 and 5)', () => {
    for (const code of [4, 0x86]) {
      expect(describeMqttError(refused(code), config, false)).toBe(
        "the broker at broker.local:1883 refused the user name or password (user 'pilot')",
      );
    }
  });

  it('says when no user name was given', () => {
    const anonymous = parseConnection('mqtt://broker.local/field') as MqttConfig;
    expect(describeMqttError(refused(5), anonymous, false)).toMatch(/\(no user name given\)$/);
  });

  it('points at ?ca=FILE for a certificate it cannot trust', () => {
    const error = Object.assign(new Error('self-signed certificate'), {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(describeMqttError(error, config, false)).toBe(
      'the certificate of the broker at broker.local:1883 is not trusted (self-signed certificate): name its CA with ?ca=FILE',
    );
  });

  it('tells a lost broker from one that never answered', () => {
    expect(describeMqttError(undefined, config, true)).toBe('lost the broker at broker.local:1883');
    const reset = Object.assign(new Error('x'), { code: 'ECONNRESET' });
    expect(describeMqttError(reset, config, true)).toBe('lost the broker at broker.local:1883');
    expect(describeMqttError(new Error('connack timeout'), config, false)).toBe(
      'no MQTT answer from the broker at broker.local:1883',
    );
  });

  it('reads socket errors as the other links do', () => {
    const error = Object.assign(new Error('x'), { code: 'ECONNREFUSED' });
    expect(describeMqttError(error, config, false)).toBe('connection refused by broker.local:1883');
  });
});
