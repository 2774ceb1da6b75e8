import { describe, expect, it } from 'vitest';
import type { LinkInfo } from '../../../protocol/wire-types';
import { BAUD_RATES, buildConnection, type LinkForm } from './link-form';
import { linkSummary, lossPercent } from './link-stats';

const base: LinkForm = {
  kind: 'udpin',
  host: '0.0.0.0',
  port: '14550',
  serialPath: '',
  baud: '57600',
  logName: '',
  rate: '1',
};

describe('the add-link form', () => {
  it('opens a TCP listener (tcpin), as SITL and MAVProxy connect out to one', () => {
    expect(buildConnection({ ...base, kind: 'tcpin', host: '0.0.0.0', port: '5760' })).toEqual({
      ok: true,
      connection: 'tcpin:0.0.0.0:5760',
    });
  });

  it('takes a typed serial port as well as a picked one', () => {
    expect(
      buildConnection({
        ...base,
        kind: 'serial',
        serialPath: ' /dev/serial/by-id/usb-CubeOrange ',
      }),
    ).toEqual({ ok: true, connection: 'serial:/dev/serial/by-id/usb-CubeOrange:57600' });
    expect(buildConnection({ ...base, kind: 'serial', serialPath: '/dev/tty USB0' })).toEqual({
      ok: false,
      error: 'A serial port path has no spaces.',
    });
  });

  it('builds the connection strings the core parses', () => {
    expect(buildConnection(base)).toEqual({ ok: true, connection: 'udpin:0.0.0.0:14550' });
    expect(
      buildConnection({ ...base, kind: 'udpout', host: '192.168.1.5', port: '14555' }),
    ).toEqual({
      ok: true,
      connection: 'udpout:192.168.1.5:14555',
    });
    expect(buildConnection({ ...base, kind: 'tcp', host: '::1', port: '5760' })).toEqual({
      ok: true,
      connection: 'tcp:[::1]:5760',
    });
    expect(
      buildConnection({ ...base, kind: 'serial', serialPath: '/dev/ttyACM0', baud: '115200' }),
    ).toEqual({
      ok: true,
      connection: 'serial:/dev/ttyACM0:115200',
    });
    expect(buildConnection({ ...base, kind: 'tlog', logName: 'flight.tlog', rate: '5' })).toEqual({
      ok: true,
      replay: { name: 'flight.tlog', rate: 5 },
    });
  });

  it('explains what is wrong, and stays quiet while nothing is picked', () => {
    expect(buildConnection({ ...base, port: '70000' })).toEqual({
      ok: false,
      error: 'The port is a number from 1 to 65535.',
    });
    expect(buildConnection({ ...base, host: ' ' })).toEqual({
      ok: false,
      error: 'Enter a host or address.',
    });
    expect(buildConnection({ ...base, kind: 'serial' })).toEqual({ ok: false, error: '' });
    expect(buildConnection({ ...base, kind: 'tlog' })).toEqual({ ok: false, error: '' });
  });

  it('offers radio and USB baud rates first', () => {
    expect(BAUD_RATES.slice(0, 2)).toEqual([57600, 115200]);
    expect(BAUD_RATES).toContain(9600);
    expect(BAUD_RATES).toContain(921600);
  });
});

describe('link statistics', () => {
  it('loss is lost over expected, across components', () => {
    expect(lossPercent([])).toBeNull();
    expect(
      lossPercent([
        { sysid: 1, compid: 1, received: 90, lost: 5 },
        { sysid: 1, compid: 2, received: 0, lost: 5 },
      ]),
    ).toBe(10);
  });

  it('summarises links for the top bar', () => {
    const l = (status: LinkInfo['state']['status']) =>
      ({ state: status === 'error' ? { status, message: 'x' } : { status } }) as LinkInfo;
    expect(linkSummary([])).toEqual({ text: 'no links', tone: 'none' });
    expect(linkSummary([l('connected')])).toEqual({ text: '1 of 1 link up', tone: 'good' });
    expect(linkSummary([l('connected'), l('error'), l('closed')])).toEqual({
      text: '1 of 2 links up, 1 failing',
      tone: 'bad',
    });
  });
});
