import { describe, expect, it } from 'vitest';
import { EMPTY_MQTT, buildMqttConnection } from './mqtt-form';

const form = { ...EMPTY_MQTT, network: 'field' };

describe('the MQTT fields of the add-link form', () => {
  it('build mqtt://HOST:PORT/NETWORK', () => {
    expect(buildMqttConnection('broker.local', '1884', form)).toEqual({
      ok: true,
      connection: 'mqtt://broker.local:1884/field',
    });
  });

  it('escape a user name and password as typed', () => {
    expect(
      buildMqttConnection('broker.local', '', { ...form, username: 'ops@site', password: 'p:w@1' }),
    ).toEqual({ ok: true, connection: 'mqtt://ops%40site:p%3Aw%401@broker.local/field' });
  });

  it('build mqtts:// with the CA and a client certificate', () => {
    expect(
      buildMqttConnection('::1', '8883', {
        ...form,
        tls: true,
        ca: '/etc/sigil/ca.pem',
        cert: '/etc/sigil/me & you.pem',
        key: '/etc/sigil/me.key',
      }),
    ).toEqual({
      ok: true,
      connection:
        'mqtts://[::1]:8883/field?ca=%2Fetc%2Fsigil%2Fca.pem&cert=%2Fetc%2Fsigil%2Fme%20%26%20you.pem&key=%2Fetc%2Fsigil%2Fme.key',
    });
  });

  it('refuse what the core would refuse, saying why', () => {
    expect(buildMqttConnection('', '', form)).toMatchObject({ ok: false });
    expect(buildMqttConnection('broker', '', { ...form, network: 'a/b' })).toEqual({
      ok: false,
      error: 'A network name has no /, + or #.',
    });
    expect(buildMqttConnection('broker', '', { ...form, ca: '/ca.pem' })).toEqual({
      ok: false,
      error: 'Certificate files need TLS (mqtts).',
    });
    expect(buildMqttConnection('broker', '', { ...form, tls: true, cert: '/me.pem' })).toEqual({
      ok: false,
      error: 'A client certificate needs both its file and its key.',
    });
    expect(buildMqttConnection('broker', '', { ...form, password: 'x' })).toEqual({
      ok: false,
      error: 'A password goes with a user name.',
    });
  });
});
