import { describe, expect, it } from 'vitest';
import { REQUESTS } from './contract';
import { REMOTE_KEY_REFUSAL, REQUEST_KINDS, VIEW_REFUSAL, refusal } from './roles';

describe('roles', () => {
  it('classify every request of the contract', () => {
    expect(Object.keys(REQUEST_KINDS).sort()).toEqual(Object.keys(REQUESTS).sort());
  });

  it('let a view session read and nothing else', () => {
    const reads = Object.entries(REQUEST_KINDS)
      .filter(([, kind]) => kind === 'read')
      .map(([type]) => type)
      .sort();
    expect(reads).toEqual([
      'links.list',
      'links.listSerialPorts',
      'logs.list',
      'missions.formatFile',
      'missions.list',
      'missions.parseFile',
      'params.list',
      'signing.state',
      'sim.status',
      'tiles.estimate',
      'tiles.source',
      'tiles.stats',
      'vehicles.inspector',
      'vehicles.list',
    ]);
    for (const type of reads) expect(refusal('view', type, true)).toBeNull();
    for (const type of Object.keys(REQUEST_KINDS).filter((t) => !reads.includes(t))) {
      expect(refusal('view', type, true)).toBe(VIEW_REFUSAL);
      expect(refusal('view', type, false)).toBe(VIEW_REFUSAL);
    }
  });

  it('let a control session do everything but send a key over a remote session', () => {
    for (const type of Object.keys(REQUEST_KINDS)) {
      expect(refusal('control', type, false)).toBeNull();
      expect(refusal('control', type, true)).toBe(
        type === 'signing.setKey' ? REMOTE_KEY_REFUSAL : null,
      );
    }
  });

  it('leave unknown and malformed packet types to the service, which refuses them', () => {
    for (const type of ['nope', '__proto__', 'toString', undefined, 42]) {
      expect(refusal('view', type, true)).toBeNull();
    }
  });
});
