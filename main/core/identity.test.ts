import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GCS_COMPID_RANGE,
  IDENTITY_FILE,
  loadIdentity,
  newIdentity,
  parseIdentity,
} from './identity';
import { startGcs } from './testing/gcs-and-sim';
import { tempDir } from '../testing/temp-dir';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('the GCS identity', () => {
  it('is system 255 with a private-use component id and a link id base', () => {
    for (let i = 0; i < 50; i++) {
      const identity = newIdentity();
      expect(identity.sysid).toBe(255);
      expect(identity.compid).toBeGreaterThanOrEqual(GCS_COMPID_RANGE.min);
      expect(identity.compid).toBeLessThanOrEqual(GCS_COMPID_RANGE.max);
      expect(identity.linkIdBase).toBeGreaterThanOrEqual(0);
      expect(identity.linkIdBase).toBeLessThanOrEqual(255);
    }
  });

  it('is chosen once per data folder and kept there, readable by its owner only', async () => {
    const dir = tempDir();
    const first = await loadIdentity(dir);
    expect(await loadIdentity(dir)).toEqual(first);
    expect(JSON.parse(readFileSync(join(dir, IDENTITY_FILE), 'utf8'))).toEqual(first);
    expect(statSync(join(dir, IDENTITY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('differs between two data folders', async () => {
    let n = 0;
    const counting = (min: number) => min + n++;
    expect(await loadIdentity(tempDir(), undefined, counting)).not.toEqual(
      await loadIdentity(tempDir(), undefined, counting),
    );
  });

  it('is what a person wrote in the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, IDENTITY_FILE), '{"sysid": 254, "compid": 190, "linkIdBase": 9}');
    expect(await loadIdentity(dir)).toEqual({ sysid: 254, compid: 190, linkIdBase: 9 });
  });

  it('leaves a file it cannot use for a person to mend, and says why', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, IDENTITY_FILE), '{"sysid": 0, "compid": 190, "linkIdBase": 9}');
    const said: string[] = [];
    const identity = await loadIdentity(dir, (m) => said.push(m));
    expect(identity.sysid).toBe(255);
    expect(said).toEqual([expect.stringMatching(/ignoring .*identity\.json: sysid must be/)]);
    expect(readFileSync(join(dir, IDENTITY_FILE), 'utf8')).toContain('"sysid": 0');
  });

  it('rejects what is not an identity', () => {
    expect(parseIdentity('nope')).toBe('it is not JSON');
    expect(parseIdentity('[]')).toMatch(/sysid/);
    expect(parseIdentity('{"sysid":1,"compid":1,"linkIdBase":256}')).toMatch(/linkIdBase/);
  });
});

describe('a GCS', () => {
  it('keeps the identity of its data folder across runs', async () => {
    const dataDir = tempDir();
    const first = await startGcs({ dataDir });
    const identity = first.identity;
    await first.close();
    const second = await startGcs({ dataDir });
    cleanup.push(() => second.close());
    expect(second.identity).toEqual(identity);
  });

  it('signs each link with the link id base plus its number', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, IDENTITY_FILE), '{"sysid": 255, "compid": 42, "linkIdBase": 254}');
    const gcs = await startGcs({ dataDir, record: false });
    cleanup.push(() => gcs.close());
    const links = [0, 1, 2].map((i) => gcs.openLink(`udpout:127.0.0.1:${40000 + i}`));
    expect(links.map((l) => l.signingLinkId)).toEqual([254, 255, 0]);
  });

  it('takes the identity its options give', async () => {
    const gcs = await startGcs({ sysid: 250, compid: 191, record: false });
    cleanup.push(() => gcs.close());
    expect(gcs.identity).toEqual({ sysid: 250, compid: 191, linkIdBase: 0 });
  });
});
