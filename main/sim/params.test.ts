import { describe, expect, it } from 'vitest';
import { MAV_PARAM_TYPE, MAV_SEVERITY } from '../mavlink/dialect';
import { PARAM_DEFS, ParamStore } from './params';
import { TestGcs, type Received } from './testing/scripted-gcs';

const REAL32 = MAV_PARAM_TYPE.MAV_PARAM_TYPE_REAL32;

async function ready(options: Parameters<typeof TestGcs.start>[0] = {}): Promise<TestGcs> {
  const gcs = await TestGcs.start(options);
  gcs.run(1000);
  gcs.clear();
  return gcs;
}

function requestList(gcs: TestGcs): void {
  gcs.send('PARAM_REQUEST_LIST', { target_system: 1, target_component: 1 });
}

function values(gcs: TestGcs): Received['fields'][] {
  return gcs.named('PARAM_VALUE').map((r) => r.fields);
}

describe('sim parameters', () => {
  it('has at least 300 parameters with unique ArduPilot-style names of at most 16 characters', () => {
    expect(PARAM_DEFS.length).toBeGreaterThanOrEqual(300);
    const names = PARAM_DEFS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Z0-9_]{0,15}$/);
    for (const name of ['ARMING_CHECK', 'BATT_CAPACITY', 'WPNAV_SPEED', 'RTL_ALT', 'ATC_RAT_RLL_P'])
      expect(names).toContain(name);
    expect(names).toContain('SERVO16_FUNCTION');
    expect(names).toContain('RC16_REVERSED');
  });

  it('holds every default inside its own range and type', () => {
    const store = new ParamStore();
    for (const def of PARAM_DEFS)
      expect(store.set(def.name, def.value)).toMatchObject({ ok: true });
  });

  it('streams every index exactly once with the right count on PARAM_REQUEST_LIST', async () => {
    const gcs = await ready();
    requestList(gcs);
    gcs.run(2000);
    const all = values(gcs);
    const count = gcs.sim.params.count;
    expect(count).toBeGreaterThanOrEqual(300);
    expect(all).toHaveLength(count);
    expect(all.map((v) => v.param_index).sort((a, b) => (a as number) - (b as number))).toEqual(
      Array.from({ length: count }, (_, i) => i),
    );
    for (const v of all) expect(v.param_count).toBe(count);
    const sysid = all.find((v) => v.param_id === 'SYSID_THISMAV')!;
    expect(sysid).toMatchObject({
      param_value: 1,
      param_type: MAV_PARAM_TYPE.MAV_PARAM_TYPE_INT16,
    });
  });

  it('paces the list in bursts rather than sending it at once', async () => {
    const gcs = await ready();
    requestList(gcs);
    gcs.run(20);
    expect(values(gcs)).toHaveLength(20);
    gcs.run(100);
    expect(values(gcs).length).toBeLessThan(120);
  });

  it('answers PARAM_REQUEST_READ by name and by index', async () => {
    const gcs = await ready();
    gcs.send('PARAM_REQUEST_READ', {
      target_system: 1,
      target_component: 1,
      param_id: 'RTL_ALT',
      param_index: -1,
    });
    gcs.send('PARAM_REQUEST_READ', { target_system: 1, target_component: 1, param_index: 0 });
    expect(values(gcs)).toEqual([
      expect.objectContaining({ param_id: 'RTL_ALT', param_value: 1500 }),
      expect.objectContaining({ param_id: PARAM_DEFS[0]!.name, param_index: 0 }),
    ]);
  });

  it('changes a value on PARAM_SET and echoes it', async () => {
    const gcs = await ready();
    gcs.send('PARAM_SET', {
      target_system: 1,
      target_component: 1,
      param_id: 'WPNAV_SPEED',
      param_value: 750,
      param_type: REAL32,
    });
    expect(values(gcs)).toEqual([
      expect.objectContaining({ param_id: 'WPNAV_SPEED', param_value: 750, param_type: REAL32 }),
    ]);
    expect(gcs.sim.params.get('WPNAV_SPEED')).toBe(750);
  });

  it('refuses an out-of-range PARAM_SET, echoing the value it keeps', async () => {
    const gcs = await ready();
    gcs.send('PARAM_SET', {
      target_system: 1,
      target_component: 1,
      param_id: 'SYSID_THISMAV',
      param_value: 300,
      param_type: MAV_PARAM_TYPE.MAV_PARAM_TYPE_INT16,
    });
    expect(values(gcs)).toEqual([
      expect.objectContaining({ param_id: 'SYSID_THISMAV', param_value: 1 }),
    ]);
    expect(gcs.last('STATUSTEXT')!.fields.severity).toBe(MAV_SEVERITY.MAV_SEVERITY_WARNING);
    expect(gcs.sim.paramStats.rejectedSets).toBe(1);
  });

  it('rounds an integer parameter set with a fraction', () => {
    const store = new ParamStore();
    store.set('RTL_ALT', 2000.6);
    expect(store.get('RTL_ALT')).toBe(2001);
  });

  it('leaves out the configured fraction of listed values for re-request tests', async () => {
    let i = 0;
    // Every fourth draw is below 0.25: exactly a quarter dropped.
    const gcs = await ready({ paramStream: { dropRate: 0.25, random: () => (i++ % 4) / 4 } });
    requestList(gcs);
    gcs.run(2000);
    const count = gcs.sim.params.count;
    expect(gcs.sim.paramStats.dropped).toBe(Math.ceil(count / 4));
    expect(values(gcs)).toHaveLength(count - Math.ceil(count / 4));
  });

  it('starts with the parameter values it is given, refusing invalid ones', async () => {
    const gcs = await TestGcs.start({ params: { CIRCLE_RADIUS: 8000 } });
    expect(gcs.sim.params.get('CIRCLE_RADIUS')).toBe(8000);
    await expect(TestGcs.start({ params: { NO_SUCH_PARAM: 1 } })).rejects.toThrow(/NO_SUCH_PARAM/);
  });
});
