import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SIGIL_VERSION } from './version';

describe('version', () => {
  it('is the version package.json gives', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(SIGIL_VERSION).toBe(pkg.version);
  });
});
