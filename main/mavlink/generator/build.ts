// Turns the loaded files into the dialect: messages laid out with their
// CRC_EXTRA, enums merged, and every rule the generated code relies on checked.

import type { EnumDef, MessageDef } from '../definition';
import { crcExtra } from './crc-extra';
import { DefinitionError } from './errors';
import { layoutMessage } from './layout';
import { mergeEnums } from './merge-enums';
import type { XmlFile, XmlMessage } from './read-xml';

export interface Dialect {
  /** Sorted by id. */
  readonly messages: readonly MessageDef[];
  /** Sorted by name. */
  readonly enums: readonly EnumDef[];
  /** Things that do not stop generation but deserve a look. */
  readonly warnings: readonly string[];
}

// Limits of the wire format and of mavgen: a 24-bit id, a one-byte payload
// length, and 64 fields per message.
const MAX_ID = 0xffffff;
const MAX_PAYLOAD = 255;
const MAX_FIELDS = 64;

// Names the generated modules export themselves; a message or enum by one of
// these names would clash in index.ts.
const RESERVED = new Set(['MESSAGES', 'ENUMS', 'MSG_ID', 'MessageMap', 'MessageName']);

// Message and enum names become exported TypeScript names; upper case keeps
// them clear of reserved words. Field and entry names become property keys.
const EXPORT_NAME = /^[A-Z][A-Z0-9_]*$/;
const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkName(name: string, pattern: RegExp, where: string): void {
  if (!pattern.test(name) || RESERVED.has(name)) {
    throw new DefinitionError(`${where}: "${name}" cannot be used as a generated name`);
  }
}

function buildMessage(message: XmlMessage): MessageDef {
  const where = `${message.file}: message ${message.name}`;
  checkName(message.name, EXPORT_NAME, where);
  if (message.id > MAX_ID) throw new DefinitionError(`${where}: id ${message.id} exceeds 24 bits`);
  if (message.fields.length > MAX_FIELDS) {
    throw new DefinitionError(`${where}: ${message.fields.length} fields, at most ${MAX_FIELDS}`);
  }
  const names = new Set<string>();
  for (const field of message.fields) {
    checkName(field.name, PROPERTY_NAME, `${where}: field`);
    if (names.has(field.name)) throw new DefinitionError(`${where}: field ${field.name} repeated`);
    names.add(field.name);
  }
  const layout = layoutMessage(message);
  if (layout.length > MAX_PAYLOAD) {
    throw new DefinitionError(
      `${where}: payload of ${layout.length} bytes, at most ${MAX_PAYLOAD}`,
    );
  }
  return {
    id: message.id,
    name: message.name,
    crcExtra: crcExtra(message.name, layout.wireOrder),
    baseLength: layout.baseLength,
    length: layout.length,
    fields: layout.fields,
  };
}

interface Placed {
  readonly def: MessageDef;
  readonly file: string;
  readonly key: string;
}

function assertSame(earlier: Placed, later: Placed, what: string): void {
  if (earlier.key === later.key) return;
  throw new DefinitionError(
    `${what} defined differently in ${earlier.file} (${earlier.def.name}, id ${earlier.def.id}) ` +
      `and ${later.file} (${later.def.name}, id ${later.def.id})`,
  );
}

export function buildDialect(files: readonly XmlFile[]): Dialect {
  const byId = new Map<number, Placed>();
  const byName = new Map<string, Placed>();
  for (const message of files.flatMap((file) => file.messages)) {
    const def = buildMessage(message);
    // Identical repeats (the same message in two included files) are harmless.
    const placed = { def, file: message.file, key: JSON.stringify(def) };
    const sameId = byId.get(def.id);
    const sameName = byName.get(def.name);
    if (sameId !== undefined) assertSame(sameId, placed, `message id ${def.id}`);
    if (sameName !== undefined) assertSame(sameName, placed, `message ${def.name}`);
    if (sameId === undefined && sameName === undefined) {
      byId.set(def.id, placed);
      byName.set(def.name, placed);
    }
  }

  for (const xmlEnum of files.flatMap((file) => file.enums)) {
    const where = `${xmlEnum.file}: enum ${xmlEnum.name}`;
    checkName(xmlEnum.name, EXPORT_NAME, `${xmlEnum.file}: enum`);
    for (const entry of xmlEnum.entries) checkName(entry.name, PROPERTY_NAME, `${where}: entry`);
  }
  const enums = mergeEnums(files.flatMap((file) => file.enums));

  const enumNames = new Set(enums.map((e) => e.name));
  const warnings: string[] = [];
  for (const { def, file } of byId.values()) {
    if (enumNames.has(def.name)) {
      throw new DefinitionError(`${file}: message ${def.name} has the name of an enum`);
    }
    for (const field of def.fields) {
      if (field.enum !== undefined && !enumNames.has(field.enum)) {
        warnings.push(
          `${file}: message ${def.name}: field ${field.name}: unknown enum ${field.enum}`,
        );
      }
    }
  }

  const messages = [...byId.values()].map((placed) => placed.def).sort((a, b) => a.id - b.id);
  return { messages, enums, warnings };
}
