import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDialect } from './build';
import { parseEnumValue } from './merge-enums';
import { loadDefinitions } from './read-xml';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const enumsOf = (name: string) => buildDialect(loadDefinitions(fixture(name))).enums;
const entriesOf = (enums: ReturnType<typeof enumsOf>, name: string) =>
  Object.fromEntries(enums.find((e) => e.name === name)!.entries.map((e) => [e.name, e.value]));

describe('enums', () => {
  it('merges the entries of an enum spread over included files, in value order', () => {
    const enums = enumsOf('include-top.xml');
    expect(enums.map((e) => e.name)).toEqual(['DEMO_CMD', 'DEMO_FLAGS']);
    expect(enums[0]!.entries).toEqual([
      { name: 'DEMO_CMD_FIRST', value: 1 },
      { name: 'DEMO_CMD_SECOND', value: 2 },
      { name: 'DEMO_CMD_MIDDLE', value: 100 },
      { name: 'DEMO_CMD_TOP', value: 200 },
    ]);
  });

  it('gives an entry without a value the previous value plus one, starting at 0', () => {
    expect(entriesOf(enumsOf('enum-values.xml'), 'COUNTED')).toEqual({
      COUNTED_FIRST: 0,
      COUNTED_SECOND: 1,
      COUNTED_TEN: 10,
      COUNTED_ELEVEN: 11,
    });
  });

  it('reads decimal, hex and 2**N values', () => {
    expect(entriesOf(enumsOf('enum-values.xml'), 'WRITTEN')).toEqual({
      WRITTEN_DECIMAL: 7,
      WRITTEN_HEX: 16,
      WRITTEN_POWER: 32,
      WRITTEN_AFTER_POWER: 33,
    });
    expect(parseEnumValue('2**40')).toBe(2 ** 40);
    expect(parseEnumValue('0xFFFFFF')).toBe(0xffffff);
    for (const bad of ['1.5', '1e3', '2**64', 'ten', '0x', ''])
      expect(parseEnumValue(bad), bad).toBeUndefined();
  });

  it('marks bitmask enums', () => {
    const enums = enumsOf('enum-values.xml');
    expect(enums.map((e) => [e.name, e.bitmask])).toEqual([
      ['COUNTED', false],
      ['FLAGS', true],
      ['WRITTEN', false],
    ]);
  });

  it('refuses one entry name with two values', () => {
    expect(() => enumsOf('enum-conflict.xml')).toThrow(
      'enum CLASH: entry CLASH_ONE is 1 in enum-conflict.xml but 2 in enum-conflict.xml',
    );
  });
});
