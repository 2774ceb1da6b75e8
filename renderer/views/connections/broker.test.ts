import { describe, expect, it } from 'vitest';
import { linkInfo, mqttLink } from '../../testing/link-info';
import { vehicleState } from '../../testing/vehicle-state';
import { brokerStateText, contactText, formatAgo, peersOf } from './broker';

const peer = { sysid: 255, compid: 31, lastMs: 900, signed: true };

describe('a broker link as the pilot reads it', () => {
  it('says the broker is unreachable, why, and in how long it tries again', () => {
    const link = mqttLink(
      { state: { status: 'error', message: 'connection refused by broker.local:1883' } },
      { retryAtMs: 5000, outages: 1 },
    );
    expect(brokerStateText(link, 2000)).toBe(
      'broker unreachable: connection refused by broker.local:1883; reconnecting in 3 s',
    );
  });

  it('tells a first connection from a reconnection', () => {
    expect(brokerStateText(mqttLink({ state: { status: 'connecting' } }, { connects: 0 }), 0)).toBe(
      'connecting…',
    );
    expect(brokerStateText(mqttLink({ state: { status: 'connecting' } }), 0)).toBe('reconnecting…');
  });

  it('says how long ago the broker was last heard, or that it never was', () => {
    expect(contactText(mqttLink({}, { lastContactMs: 1000 }), 4000)).toBe('last heard 3 s ago');
    expect(contactText(mqttLink({}, { lastContactMs: null }), 4000)).toBe('never heard');
    expect(formatAgo(150_000)).toBe('3 min');
  });
});

describe('the ground stations that can command a vehicle', () => {
  const links = [
    linkInfo({ id: 0, peers: [{ ...peer, compid: 40 }] }),
    mqttLink({ id: 1, peers: [peer] }),
    mqttLink({ id: 2, peers: [{ ...peer, compid: 32 }] }, { network: 'other' }),
  ];

  it('are those heard on its MQTT network', () => {
    const on = peersOf(vehicleState({ network: 'field' }), links);
    expect(on).toEqual([{ ...peer, linkId: 1, network: 'field' }]);
  });

  it('are those heard on a direct link for a vehicle of the direct links', () => {
    expect(peersOf(vehicleState(), links).map((p) => p.compid)).toEqual([40]);
  });

  it('are none for a replayed log’s vehicle', () => {
    expect(peersOf(vehicleState({ replay: { linkId: 3, file: 'a.tlog' } }), links)).toEqual([]);
  });
});
