import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { MODULE_PATH, sha256ModuleText } from './generate';

it('the committed WebAssembly SHA-256 module is what the generator writes', () => {
  expect(readFileSync(MODULE_PATH, 'utf8')).toBe(sha256ModuleText());
});
