// Round trips with the simulated vehicle over real UDP on loopback:
// sim.start, the vehicle list, commands, the inspector and parameters.

import { afterEach, describe, expect, it } from 'vitest';
import { availableModes } from '../sim/modes';
import {
  call,
  closeServices,
  eventually,
  recordEvents,
  refused,
  startService,
  withSim,
} from './testing/services';
import { waitFor } from '../testing/wait-for';

afterEach(closeServices);

describe('the simulated vehicle', () => {
  it('shows up in vehicles.list once started on a UDP listener', async () => {
    const service = await startService();
    await withSim(service);
    const { vehicles } = await call(service, 'vehicles.list', {});
    expect(vehicles).toHaveLength(1);
    expect(vehicles[0]).toMatchObject({
      sysid: 1,
      compid: 1,
      autopilot: 'ARDUPILOTMEGA',
      type: 'QUADROTOR',
      armed: false,
    });
  });

  it('offers the modes the simulator lists in AVAILABLE_MODES, without SPORT', async () => {
    const service = await startService();
    await withSim(service);
    const names = availableModes().map((m) => m.name);
    const modes = await eventually('the modes from the vehicle', async () => {
      const { vehicles } = await call(service, 'vehicles.list', {});
      const listed = vehicles[0]!.modes;
      return listed.length === names.length ? listed : undefined;
    });
    expect(modes).toEqual(names);
    expect(modes).not.toContain('SPORT');
  });

  it('says whether it runs', async () => {
    const service = await startService();
    expect(await call(service, 'sim.status', {})).toEqual({ running: false });
    await withSim(service);
    expect(await call(service, 'sim.status', {})).toEqual({ running: true });
    await call(service, 'sim.stop', {});
    expect(await call(service, 'sim.status', {})).toEqual({ running: false });
  });

  it('uses the first UDP listener of the GCS', async () => {
    const service = await startService();
    const { linkId } = await withSim(service);
    const { links } = await call(service, 'links.list', {});
    expect(links).toHaveLength(1);
    await eventually('frames on the listener', async () => {
      const { links } = await call(service, 'links.list', {});
      return links.find((l) => l.id === linkId)!.stats.framesIn > 0;
    });
  });

  it('opens a loopback listener of its own when the GCS has none', async () => {
    const service = await startService();
    expect(await call(service, 'sim.start', {})).toEqual({ sysid: 1 });
    const { links } = await call(service, 'links.list', {});
    expect(links).toHaveLength(1);
    expect(links[0]!.connection).toMatch(/^udpin:127\.0\.0\.1:\d+$/);
    await eventually('the vehicle', async () => {
      const { vehicles } = await call(service, 'vehicles.list', {});
      return vehicles.length === 1;
    });
  });

  it('refuses a second start', async () => {
    const service = await startService();
    await withSim(service);
    const answer = await refused(service, { packetId: 'again', packetType: 'sim.start' });
    expect(answer).toEqual({
      packetId: 'again',
      packetType: 'service.error',
      message: 'sim.start: the simulated vehicle is already running',
    });
  });

  it('refuses a second start asked for while the first is starting', async () => {
    const service = await startService();
    const [first, second] = await Promise.all([
      service.handle({ packetId: 'a', packetType: 'sim.start' }),
      service.handle({ packetId: 'b', packetType: 'sim.start' }),
    ]);
    expect(first.packetType).toBe('sim.start.result');
    expect(second).toMatchObject({
      packetType: 'service.error',
      message: 'sim.start: the simulated vehicle is already running',
    });
  });

  it('stops and can start again', async () => {
    const service = await startService();
    await withSim(service);
    expect(await call(service, 'sim.stop', {})).toEqual({});
    expect(service.simRunning).toBe(false);
    expect(await call(service, 'sim.start', {})).toEqual({ sysid: 1 });
  });
});

describe('commands', () => {
  it('changes the mode', async () => {
    const service = await startService();
    await withSim(service);
    const { result } = await call(service, 'vehicles.command', {
      sysid: 1,
      compid: 1,
      command: 'setMode',
      mode: 'GUIDED',
    });
    expect(result).toMatchObject({ status: 'accepted' });
    await eventually('GUIDED', async () => {
      const { vehicles } = await call(service, 'vehicles.list', {});
      return vehicles[0]!.mode === 'GUIDED';
    });
  });

  it('arms and takes off', async () => {
    const service = await startService();
    await withSim(service);
    const command = { sysid: 1, compid: 1 } as const;
    await call(service, 'vehicles.command', { ...command, command: 'setMode', mode: 'GUIDED' });
    const armed = await call(service, 'vehicles.command', { ...command, command: 'arm' });
    expect(armed.result).toMatchObject({ status: 'accepted' });
    const takeoff = await call(service, 'vehicles.command', {
      ...command,
      command: 'takeoff',
      altitude: 10,
    });
    expect(takeoff.result).toMatchObject({ status: 'accepted' });
    await eventually('a climb', async () => {
      const { vehicles } = await call(service, 'vehicles.list', {});
      return (vehicles[0]!.position?.altRelative ?? 0) > 1;
    });
  });

  it('answers an unknown mode with a refused result naming the modes', async () => {
    const service = await startService();
    await withSim(service);
    const { result } = await call(service, 'vehicles.command', {
      sysid: 1,
      compid: 1,
      command: 'setMode',
      mode: 'WARP',
    });
    expect(result).toMatchObject({ status: 'refused', message: expect.stringMatching(/GUIDED/) });
  });

  it('shows the inspector for one system', async () => {
    const service = await startService();
    await withSim(service);
    const { components } = await call(service, 'vehicles.inspector', { sysid: 1 });
    expect(components.map((c) => [c.sysid, c.compid])).toEqual([[1, 1]]);
    expect(components[0]!.messages.map((m) => m.name)).toContain('HEARTBEAT');
  });
});

describe('parameters', () => {
  it('downloads every parameter with progress events', async () => {
    const service = await startService();
    await withSim(service);
    const events = recordEvents(service);
    const { count } = await call(service, 'params.download', { sysid: 1, compid: 1 });
    expect(count).toBeGreaterThanOrEqual(300);
    const progress = events.of('params.progress');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({
      packetType: 'params.progress',
      sysid: 1,
      compid: 1,
      received: count,
      total: count,
    });
    const { params } = await call(service, 'params.list', { sysid: 1, compid: 1 });
    expect(params).toHaveLength(count);
  });

  it('sets a parameter', async () => {
    const service = await startService();
    await withSim(service);
    await call(service, 'params.download', { sysid: 1, compid: 1 });
    const { param } = await call(service, 'params.set', {
      sysid: 1,
      compid: 1,
      name: 'RTL_ALT',
      value: 2500,
    });
    expect(param).toMatchObject({ name: 'RTL_ALT', value: 2500 });
  });

  it('refuses an unknown parameter with the reason', async () => {
    const service = await startService();
    await withSim(service);
    const answer = await refused(service, {
      packetId: 'p',
      packetType: 'params.set',
      sysid: 1,
      compid: 1,
      name: 'NOPE',
      value: 1,
    });
    expect(answer.message).toBe(
      'params.set: no PARAM_VALUE for NOPE after 3 tries: the vehicle has no such parameter, ' +
        'or did not answer',
    );
  });

  it('reads and sets one parameter without downloading them all', async () => {
    const service = await startService();
    await withSim(service);
    const read = await call(service, 'params.get', { sysid: 1, compid: 1, name: 'RTL_ALT' });
    expect(read.param).toMatchObject({ name: 'RTL_ALT', type: expect.any(String) });
    const set = await call(service, 'params.set', {
      sysid: 1,
      compid: 1,
      name: 'WPNAV_SPEED',
      value: 750,
    });
    expect(set.param).toMatchObject({ name: 'WPNAV_SPEED', value: 750 });
    const { params } = await call(service, 'params.list', { sysid: 1, compid: 1 });
    expect(params.length).toBeLessThan(10);
  });
});

describe('status text', () => {
  it('sends each status text as an event', async () => {
    const service = await startService();
    const events = recordEvents(service);
    await withSim(service);
    await call(service, 'vehicles.command', {
      sysid: 1,
      compid: 1,
      command: 'setMode',
      mode: 'GUIDED',
    });
    await call(service, 'vehicles.command', { sysid: 1, compid: 1, command: 'arm' });
    const text = await waitFor('a status text', () => events.of('statustext')[0]);
    expect(text).toMatchObject({ sysid: 1, compid: 1, entry: { text: expect.any(String) } });
  });
});
