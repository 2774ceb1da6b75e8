// The rooms rule of eslint.config.js, on fixture sources: code in renderer/
// or protocol/ that reaches out of its rooms, or into Node, is an error;
// code that stays inside passes.

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('renderer/', () => {
  const file = 'renderer/views/Fixture.tsx';

  it.each([
    ['the core', "import type { Gcs } from '../../main/core/gcs';\nexport type G = Gcs;\n"],
    [
      'a shell',
      "import { startHost } from '../../app/host/server';\nexport const s = startHost;\n",
    ],
    [
      'native/',
      "import { createSerialBinding } from '../../native/serial';\nexport const c = createSerialBinding;\n",
    ],
    ['e2e/', "import { test } from '../../e2e/fixtures';\nexport const t = test;\n"],
    ['a file at the top', "import config from '../../vite.config';\nexport const c = config;\n"],
  ])('may not import %s', async (_what, code) => {
    expect(await problems(file, code)).toEqual([expect.stringMatching(/^sigil\/imports-within: /)]);
  });

  it('may not import Node', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n";
    expect(await problems(file, code)).toEqual([expect.stringMatching(/^no-restricted-imports: /)]);
  });

  it('may import protocol/ and itself, types and values', async () => {
    const code = [
      "import type { LinkInfo } from '../../protocol/wire-types';",
      "import { VIEW_ROLE } from '../../protocol/session';",
      "import { useTelemetry } from '../store/telemetry';",
      'export type L = LinkInfo;',
      'export const used = [VIEW_ROLE, useTelemetry];',
      '',
    ].join('\n');
    expect(await problems(file, code)).toEqual([]);
  });
});

describe('protocol/', () => {
  const file = 'protocol/remote/fixture.ts';

  it.each([
    ['the core', "import type { Gcs } from '../../main/core/gcs';\nexport type G = Gcs;\n"],
    [
      'the renderer',
      "import { useTelemetry } from '../../renderer/store/telemetry';\nexport const u = useTelemetry;\n",
    ],
    [
      'a shell',
      "import { startHost } from '../../app/host/server';\nexport const s = startHost;\n",
    ],
  ])('may not import %s', async (_what, code) => {
    expect(await problems(file, code)).toEqual([expect.stringMatching(/^sigil\/imports-within: /)]);
  });

  it('may not import Node nor use its globals', async () => {
    const code =
      "import { createHash } from 'node:crypto';\nexport const b = [createHash, Buffer];\n";
    expect(await problems(file, code)).toEqual([
      expect.stringMatching(/^no-restricted-imports: /),
      expect.stringMatching(/^no-restricted-globals: /),
    ]);
  });

  it('may import itself and zod', async () => {
    const code = [
      "import { z } from 'zod';",
      "import type { LinkInfo } from '../wire-types';",
      "import { toBase64Url } from './encoding';",
      'export type L = LinkInfo;',
      'export const used = [z, toBase64Url];',
      '',
    ].join('\n');
    expect(await problems(file, code)).toEqual([]);
  });
});

describe('testing/ folders', () => {
  const code = (source: string) =>
    `import { ManualClock } from '${source}';\nexport const c = ManualClock;\n`;

  it.each([
    ['the core', 'main/core/fixture.ts', '../testing/manual-clock'],
    ['a shell', 'app/host/fixture.ts', '../../main/testing/manual-clock'],
    ['the renderer', 'renderer/views/fixture.tsx', '../testing/fixture'],
  ])('are out of reach of %s', async (_what, file, source) => {
    expect(await problems(file, code(source))).toEqual([
      expect.stringMatching(/^sigil\/no-testing-imports: /),
    ]);
  });

  it.each([
    ['a test', 'main/core/fixture.test.ts', '../testing/manual-clock'],
    ['another testing/ module', 'main/core/testing/fixture.ts', '../../testing/manual-clock'],
    ['a benchmark', 'bench/fixture.ts', '../main/testing/manual-clock'],
  ])('serve %s', async (_what, file, source) => {
    expect(await problems(file, code(source))).toEqual([]);
  });
});
