// Names for enum values, taken from the generated dialect objects so no
// name is ever typed by hand. UI names drop the enum's prefix
// (MAV_TYPE_QUADROTOR -> QUADROTOR).

type EnumObject = Readonly<Record<string, number>>;

const reverseTables = new WeakMap<EnumObject, Map<number, string>>();

function reverse(e: EnumObject): Map<number, string> {
  let table = reverseTables.get(e);
  if (table === undefined) {
    table = new Map();
    // The first name wins where two names share a value.
    for (const [name, value] of Object.entries(e)) if (!table.has(value)) table.set(value, name);
    reverseTables.set(e, table);
  }
  return table;
}

/** The full enum name of `value`, e.g. MAV_RESULT_DENIED; undefined if the dialect has none. */
export function enumName(e: EnumObject, value: number): string | undefined {
  return reverse(e).get(value);
}

/** Removes the first of `prefixes` that `name` starts with. */
export function stripPrefix(name: string, prefixes: readonly string[]): string {
  for (const prefix of prefixes) if (name.startsWith(prefix)) return name.slice(prefix.length);
  return name;
}

/** The UI name of `value`: the enum name without its prefix, or UNKNOWN_<value>. */
export function enumLabel(e: EnumObject, value: number, prefixes: readonly string[]): string {
  const name = enumName(e, value);
  return name === undefined ? `UNKNOWN_${value}` : stripPrefix(name, prefixes);
}

/** The UI names of the bits set in a 32-bit `mask`, lowest bit first. */
export function flagLabels(
  e: EnumObject,
  mask: number,
  prefixes: readonly string[],
  skip: number = 0,
): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < 32; bit++) {
    if (((mask >>> bit) & 1) === 0 || ((skip >>> bit) & 1) === 1) continue;
    out.push(enumLabel(e, 2 ** bit, prefixes));
  }
  return out;
}
