import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDialect } from './build';
import { layoutMessage, parseFieldType } from './layout';
import { loadDefinitions } from './read-xml';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function onlyMessage(name: string) {
  const [file] = loadDefinitions(fixture(name));
  return file!.messages[0]!;
}

describe('field types', () => {
  it('reads scalars, arrays and the version byte', () => {
    expect(parseFieldType('float')).toEqual({ type: 'float', arrayLength: 0 });
    expect(parseFieldType('char[16]')).toEqual({ type: 'char', arrayLength: 16 });
    expect(parseFieldType('uint8_t_mavlink_version')).toEqual({ type: 'uint8_t', arrayLength: 0 });
  });

  it('rejects what is not a MAVLink type', () => {
    for (const text of ['uint128_t', 'uint8', 'float[]', 'float[0]', 'int32_t[2][2]', '']) {
      expect(parseFieldType(text), text).toBeUndefined();
    }
  });

  it('names the file, message and field of an unknown type', () => {
    expect(() => buildDialect(loadDefinitions(fixture('bad-type.xml')))).toThrow(
      'bad-type.xml: message BAD_TYPE: field speed: unknown type "uint128_t"',
    );
  });
});

describe('wire order', () => {
  it('sorts base fields by element size, largest first, keeping XML order among equals', () => {
    const layout = layoutMessage(onlyMessage('mixed-sizes.xml'));
    expect(layout.wireOrder.map((f) => `${f.name}@${f.offset}`)).toEqual([
      'd@0',
      'g@8',
      'f@16',
      'i@20',
      'b@24',
      'e@26',
      'a@30',
      'c@31',
      'h@34',
      'v@35',
    ]);
    expect(layout.baseLength).toBe(36);
    expect(layout.length).toBe(36);
  });

  it('keeps the fields in XML order, each with its wire offset', () => {
    const layout = layoutMessage(onlyMessage('mixed-sizes.xml'));
    expect(layout.fields.map((f) => `${f.name}:${f.type}[${f.arrayLength}]@${f.offset}`)).toEqual([
      'a:uint8_t[0]@30',
      'b:uint16_t[0]@24',
      'c:char[3]@31',
      'd:double[0]@0',
      'e:int16_t[2]@26',
      'f:float[0]@16',
      'g:uint64_t[0]@8',
      'h:int8_t[0]@34',
      'i:uint32_t[0]@20',
      'v:uint8_t[0]@35',
    ]);
  });

  it('puts extension fields after the base fields in XML order, unsorted', () => {
    const layout = layoutMessage(onlyMessage('extended.xml'));
    expect(layout.wireOrder.map((f) => `${f.name}@${f.offset}${f.extension ? '+' : ''}`)).toEqual([
      'big@0',
      'small@4',
      'late_small@5+',
      'late_big@6+',
    ]);
  });

  it('gives baseLength without the extensions and length with them', () => {
    const layout = layoutMessage(onlyMessage('extended.xml'));
    expect(layout.baseLength).toBe(5);
    expect(layout.length).toBe(14);
  });
});
