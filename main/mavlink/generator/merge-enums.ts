// Enum values and the merging of enums across files: a dialect may add
// entries to an enum another file defines (ardupilotmega extends MAV_CMD).

import type { EnumDef, EnumEntryDef } from '../definition';
import { DefinitionError } from './errors';
import type { XmlEnum } from './read-xml';

/** `12`, `0x0c` or `2**3`; undefined for anything else or beyond exact doubles. */
export function parseEnumValue(text: string): number | undefined {
  let value: number;
  if (/^-?\d+$/.test(text)) value = Number(text);
  else if (/^0x[0-9a-f]+$/i.test(text)) value = Number.parseInt(text.slice(2), 16);
  else if (/^2\*\*\d+$/.test(text)) value = 2 ** Number(text.slice(3));
  else return undefined;
  return Number.isSafeInteger(value) ? value : undefined;
}

interface Origin {
  readonly entry: EnumEntryDef;
  readonly file: string;
}

/** One `<enum>` element's entries with their values resolved. */
function resolveValues(xmlEnum: XmlEnum): EnumEntryDef[] {
  let previous = -1;
  return xmlEnum.entries.map((entry) => {
    let value = previous + 1;
    if (entry.value !== undefined) {
      const parsed = parseEnumValue(entry.value);
      if (parsed === undefined) {
        throw new DefinitionError(
          `${xmlEnum.file}: enum ${xmlEnum.name}: entry ${entry.name}: bad value "${entry.value}"`,
        );
      }
      value = parsed;
    }
    previous = value;
    return { name: entry.name, value };
  });
}

/**
 * Merges every file's enums by name. Repeating an entry with the same value is
 * harmless; giving a name two values, or a value two names, is an error (as
 * mavgen rules it). Enums come out sorted by name, entries by value.
 */
export function mergeEnums(xmlEnums: readonly XmlEnum[]): EnumDef[] {
  const merged = new Map<string, { bitmask: boolean; byName: Map<string, Origin> }>();
  for (const xmlEnum of xmlEnums) {
    let target = merged.get(xmlEnum.name);
    if (target === undefined) {
      target = { bitmask: false, byName: new Map() };
      merged.set(xmlEnum.name, target);
    }
    target.bitmask ||= xmlEnum.bitmask;
    for (const entry of resolveValues(xmlEnum)) {
      const earlier = target.byName.get(entry.name);
      if (earlier === undefined) {
        target.byName.set(entry.name, { entry, file: xmlEnum.file });
      } else if (earlier.entry.value !== entry.value) {
        throw new DefinitionError(
          `enum ${xmlEnum.name}: entry ${entry.name} is ${earlier.entry.value} in ${earlier.file} ` +
            `but ${entry.value} in ${xmlEnum.file}`,
        );
      }
    }
  }

  const result: EnumDef[] = [];
  for (const [name, { bitmask, byName }] of merged) {
    const origins = [...byName.values()].sort((a, b) => a.entry.value - b.entry.value);
    for (let i = 1; i < origins.length; i++) {
      const [a, b] = [origins[i - 1]!, origins[i]!];
      if (a.entry.value === b.entry.value) {
        throw new DefinitionError(
          `enum ${name}: value ${a.entry.value} is both ${a.entry.name} (${a.file}) ` +
            `and ${b.entry.name} (${b.file})`,
        );
      }
    }
    result.push({ name, bitmask, entries: origins.map((origin) => origin.entry) });
  }
  return result.sort((a, b) => compareNames(a.name, b.name));
}

/** Plain code-unit order: the same on every machine and locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
