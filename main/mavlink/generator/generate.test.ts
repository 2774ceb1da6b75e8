import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OUT_DIR, DEFAULT_XML_DIR, generateDialect } from './generate';

describe('the committed dialect', () => {
  // Fails when a generated file was edited by hand, or the XML or the
  // generator changed without `npm run generate:dialect`.
  it.skipIf(!existsSync(DEFAULT_XML_DIR))('generated tables match the committed files', () => {
    const { files } = generateDialect(DEFAULT_XML_DIR);
    expect(readdirSync(DEFAULT_OUT_DIR).sort()).toEqual(files.map((f) => f.name).sort());
    for (const file of files) {
      const committed = readFileSync(path.join(DEFAULT_OUT_DIR, file.name));
      expect(
        committed.equals(Buffer.from(file.text, 'utf8')),
        `${file.name} differs: run npm run generate:dialect`,
      ).toBe(true);
    }
  });
});
