import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDialect } from './build';
import { loadDefinitions, parseDefinitionXml } from './read-xml';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const build = (name: string) => buildDialect(loadDefinitions(fixture(name)));
const buildText = (xml: string) =>
  buildDialect([parseDefinitionXml(`<mavlink>${xml}</mavlink>`, 'inline.xml')]);

describe('assembling the dialect', () => {
  it('collects the messages of every included file, sorted by id', () => {
    expect(build('include-top.xml').messages.map((m) => `${m.id} ${m.name}`)).toEqual([
      '10 TOP_MSG',
      '11 MIDDLE_MSG',
      '12 BASE_MSG',
    ]);
  });

  it('refuses one id for two different messages, naming both files', () => {
    expect(() => build('duplicate-id.xml')).toThrow(
      'message id 42 defined differently in duplicate-id.xml (FIRST_TAKER, id 42) and ' +
        'duplicate-id-other.xml (SECOND_TAKER, id 42)',
    );
  });

  it('refuses one name for two different messages', () => {
    expect(() => build('duplicate-name.xml')).toThrow('message SAME_NAME defined differently');
  });

  it('accepts the same message defined identically in two files', () => {
    expect(build('duplicate-identical.xml').messages.map((m) => m.name)).toEqual(['SHARED']);
  });

  it('refuses a field name used twice in one message', () => {
    const xml =
      '<messages><message id="1" name="TWICE"><field type="uint8_t" name="a"/><field type="float" name="a"/></message></messages>';
    expect(() => buildText(xml)).toThrow('inline.xml: message TWICE: field a repeated');
  });

  it('refuses a payload longer than 255 bytes', () => {
    const xml =
      '<messages><message id="1" name="HUGE"><field type="uint8_t[200]" name="a"/><field type="uint8_t[56]" name="b"/></message></messages>';
    expect(() => buildText(xml)).toThrow(
      'inline.xml: message HUGE: payload of 256 bytes, at most 255',
    );
  });

  it('refuses names that cannot become TypeScript names', () => {
    expect(() => buildText('<messages><message id="1" name="has space"/></messages>')).toThrow(
      'cannot be used as a generated name',
    );
    expect(() => buildText('<messages><message id="1" name="MSG_ID"/></messages>')).toThrow(
      'cannot be used as a generated name',
    );
  });

  it('warns about a field that names an enum nobody defines', () => {
    const xml =
      '<messages><message id="1" name="LOST"><field type="uint8_t" name="a" enum="NOWHERE"/></message></messages>';
    expect(buildText(xml).warnings).toEqual([
      'inline.xml: message LOST: field a: unknown enum NOWHERE',
    ]);
  });
});
