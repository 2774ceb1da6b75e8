import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDefinitions, parseDefinitionXml } from './read-xml';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('reading definition files', () => {
  it('follows includes depth first and loads each file once, cycles included', () => {
    const files = loadDefinitions(fixture('include-top.xml'));
    expect(files.map((f) => f.file)).toEqual([
      'include-top.xml',
      'include-middle.xml',
      'include-base.xml',
    ]);
  });

  it('marks the fields after <extensions/> as extensions', () => {
    const [file] = loadDefinitions(fixture('extended.xml'));
    expect(file!.messages[0]!.fields.map((f) => [f.name, f.extension])).toEqual([
      ['small', false],
      ['big', false],
      ['late_small', true],
      ['late_big', true],
    ]);
  });

  it('keeps units, enum and display and drops description prose', () => {
    const [, middle, base] = loadDefinitions(fixture('include-top.xml'));
    expect(middle!.messages[0]!.fields[0]).toEqual({
      name: 'flags',
      type: 'uint8_t',
      extension: false,
      enum: 'DEMO_FLAGS',
      display: 'bitmask',
    });
    expect(base!.messages[0]!.fields[0]).toEqual({
      name: 'value',
      type: 'float',
      extension: false,
      units: 'm',
    });
  });

  it('names the missing file and the file that included it', () => {
    expect(() => loadDefinitions(fixture('missing-include.xml'))).toThrow(
      /cannot read .*nowhere\.xml \(included from missing-include\.xml\): no such file/,
    );
  });

  it('reports malformed XML with file, line and column', () => {
    expect(() => loadDefinitions(fixture('malformed.xml'))).toThrow(
      /^malformed\.xml:\d+:\d+: malformed XML/,
    );
  });

  it('requires a message id that is a decimal integer', () => {
    const text = '<mavlink><messages><message id="0x10" name="HEX_ID"/></messages></mavlink>';
    expect(() => parseDefinitionXml(text, 'inline.xml')).toThrow(
      'inline.xml: message HEX_ID: id "0x10" is not a decimal integer',
    );
  });

  it('requires the attributes every definition needs', () => {
    const text =
      '<mavlink><messages><message id="3" name="NO_TYPE"><field name="x"/></message></messages></mavlink>';
    expect(() => parseDefinitionXml(text, 'inline.xml')).toThrow(
      'inline.xml: message NO_TYPE: field x: missing attribute "type"',
    );
  });
});
