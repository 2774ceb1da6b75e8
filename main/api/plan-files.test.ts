// missions.parseFile and missions.formatFile: the page reads and writes plan
// files through the same reader and writer as `sigil mission`.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call, closeServices, refused, startService } from './testing/services';

afterEach(closeServices);

const FIXTURES = join(import.meta.dirname, '..', 'vehicle', 'fixtures');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

describe('plan files through the Api', () => {
  it('reads a .plan into its three plans and writes it back unchanged', async () => {
    const service = await startService();
    const text = fixture('survey.plan');
    const { plan } = await call(service, 'missions.parseFile', { text });
    expect(Object.keys(plan).sort()).toEqual(['fence', 'mission', 'qgc', 'rally']);
    expect(plan.mission!.length).toBeGreaterThan(1);
    const again = await call(service, 'missions.formatFile', { format: 'qgc-plan', plan });
    expect(again.text).toBe(text);
  });

  it('carries NaN as null both ways', async () => {
    const service = await startService();
    const text = fixture('mission.waypoints');
    const { plan } = await call(service, 'missions.parseFile', { text });
    expect(plan.mission![2]!.param4).toBeNull();
    const again = await call(service, 'missions.formatFile', { format: 'waypoints', plan });
    expect(again.text).toBe(text);
  });

  it("refuses a file it cannot read, in the reader's words", async () => {
    const service = await startService();
    const answer = await refused(service, {
      packetId: 'p1',
      packetType: 'missions.parseFile',
      text: 'QGC WPL 110\n0\t1\n',
    });
    expect(answer.message).toBe('missions.parseFile: line 2: expected 12 fields, found 2');
  });

  it('refuses to write two plans into one QGC WPL file', async () => {
    const service = await startService();
    const { plan } = await call(service, 'missions.parseFile', { text: fixture('survey.plan') });
    const answer = await refused(service, {
      packetId: 'p2',
      packetType: 'missions.formatFile',
      format: 'waypoints',
      plan,
    });
    expect(answer.message).toMatch(
      /^missions\.formatFile: a QGC WPL file holds one plan, not mission, fence, rally/,
    );
  });
});
