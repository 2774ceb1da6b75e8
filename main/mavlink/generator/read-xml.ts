// Loads a MAVLink definition file and everything it includes into a plain
// model. Only the facts the tables need survive; description prose is dropped.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DefinitionError } from './errors';

export interface XmlField {
  readonly name: string;
  /** As written in the XML, e.g. `char[16]` or `uint8_t_mavlink_version`. */
  readonly type: string;
  readonly extension: boolean;
  readonly units?: string;
  readonly enum?: string;
  readonly display?: string;
}

export interface XmlMessage {
  readonly id: number;
  readonly name: string;
  /** The file it came from, relative to the entry file's folder (for error messages). */
  readonly file: string;
  readonly fields: readonly XmlField[];
}

export interface XmlEnumEntry {
  readonly name: string;
  /** As written (`12`, `0x10`, `2**4`); absent means "previous + 1". */
  readonly value?: string;
}

export interface XmlEnum {
  readonly name: string;
  readonly file: string;
  readonly bitmask: boolean;
  readonly entries: readonly XmlEnumEntry[];
}

export interface XmlFile {
  readonly file: string;
  readonly includes: readonly string[];
  readonly messages: readonly XmlMessage[];
  readonly enums: readonly XmlEnum[];
}

// With preserveOrder every element is `{ tag: children[], ':@'?: attributes }`;
// order matters because `<extensions/>` splits a message's fields by position.
type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@');
}

function childrenOf(node: XmlNode): XmlNode[] {
  const tag = tagOf(node);
  const kids = tag === undefined ? undefined : node[tag];
  return Array.isArray(kids) ? (kids as XmlNode[]) : [];
}

function elements(nodes: readonly XmlNode[], tag: string): XmlNode[] {
  return nodes.filter((node) => tagOf(node) === tag);
}

function attrsOf(node: XmlNode): Record<string, string> {
  const attrs = node[':@'];
  return attrs !== null && typeof attrs === 'object' ? (attrs as Record<string, string>) : {};
}

function textOf(node: XmlNode): string {
  return childrenOf(node)
    .map((kid) => (typeof kid['#text'] === 'string' ? kid['#text'] : ''))
    .join('')
    .trim();
}

function required(attrs: Record<string, string>, key: string, where: string): string {
  const value = attrs[key];
  if (value === undefined || value.trim() === '') {
    throw new DefinitionError(`${where}: missing attribute "${key}"`);
  }
  return value.trim();
}

function optional(attrs: Record<string, string>, key: string): string | undefined {
  const value = attrs[key]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function readMessage(node: XmlNode, file: string): XmlMessage {
  const attrs = attrsOf(node);
  const name = required(attrs, 'name', `${file}: message`);
  const idText = required(attrs, 'id', `${file}: message ${name}`);
  if (!/^\d+$/.test(idText)) {
    throw new DefinitionError(`${file}: message ${name}: id "${idText}" is not a decimal integer`);
  }
  const fields: XmlField[] = [];
  let extension = false;
  for (const kid of childrenOf(node)) {
    const tag = tagOf(kid);
    if (tag === 'extensions') extension = true;
    if (tag !== 'field') continue;
    const fieldAttrs = attrsOf(kid);
    const fieldName = required(fieldAttrs, 'name', `${file}: message ${name}: field`);
    const where = `${file}: message ${name}: field ${fieldName}`;
    const units = optional(fieldAttrs, 'units');
    const enumName = optional(fieldAttrs, 'enum');
    const display = optional(fieldAttrs, 'display');
    fields.push({
      name: fieldName,
      type: required(fieldAttrs, 'type', where),
      extension,
      ...(units !== undefined && { units }),
      ...(enumName !== undefined && { enum: enumName }),
      ...(display !== undefined && { display }),
    });
  }
  return { id: Number(idText), name, file, fields };
}

function readEnum(node: XmlNode, file: string): XmlEnum {
  const attrs = attrsOf(node);
  const name = required(attrs, 'name', `${file}: enum`);
  const entries = elements(childrenOf(node), 'entry').map((entry): XmlEnumEntry => {
    const entryAttrs = attrsOf(entry);
    const entryName = required(entryAttrs, 'name', `${file}: enum ${name}: entry`);
    const value = optional(entryAttrs, 'value');
    return value === undefined ? { name: entryName } : { name: entryName, value };
  });
  return { name, file, bitmask: optional(attrs, 'bitmask') === 'true', entries };
}

/** Parses one definition file's text; `file` names it in error messages. */
export function parseDefinitionXml(text: string, file: string): XmlFile {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new DefinitionError(`${file}:${line}:${col}: malformed XML: ${msg}`);
  }
  const root = elements(parser.parse(text) as XmlNode[], 'mavlink')[0];
  if (root === undefined) throw new DefinitionError(`${file}: no <mavlink> root element`);
  const top = childrenOf(root);
  const section = (tag: string, item: string): XmlNode[] =>
    elements(top, tag).flatMap((block) => elements(childrenOf(block), item));
  return {
    file,
    includes: elements(top, 'include').map(textOf),
    messages: section('messages', 'message').map((node) => readMessage(node, file)),
    enums: section('enums', 'enum').map((node) => readEnum(node, file)),
  };
}

export type ReadText = (absolutePath: string) => string;

const readUtf8: ReadText = (absolutePath) => readFileSync(absolutePath, 'utf8');

/**
 * Loads `entryPath` and, depth first, every file it includes; each file once,
 * so shared includes and include cycles are harmless. Returns them in load
 * order, the entry file first. Includes resolve against the including file's folder.
 */
export function loadDefinitions(entryPath: string, readText: ReadText = readUtf8): XmlFile[] {
  const rootDir = path.dirname(path.resolve(entryPath));
  const seen = new Set<string>();
  const files: XmlFile[] = [];
  const visit = (absolutePath: string, includedFrom: string | undefined): void => {
    if (seen.has(absolutePath)) return;
    seen.add(absolutePath);
    const file = path.relative(rootDir, absolutePath);
    let text: string;
    try {
      text = readText(absolutePath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
      const from = includedFrom === undefined ? '' : ` (included from ${includedFrom})`;
      throw new DefinitionError(`cannot read ${absolutePath}${from}: ${reason}`);
    }
    const parsed = parseDefinitionXml(text, file);
    files.push(parsed);
    for (const include of parsed.includes) {
      visit(path.resolve(path.dirname(absolutePath), include), file);
    }
  };
  visit(path.resolve(entryPath), undefined);
  return files;
}
