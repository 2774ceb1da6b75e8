// Checks a raw request packet before any handler sees it: a plain object,
// a packetId, a known packetType, and a payload that matches its schema
// exactly (a key the schema does not name is an error, not dropped). What is
// wrong is said in words a person reads, naming the field:
// "links.open: connection: expected a string, got a number".

import { z } from 'zod';
import { REQUESTS, type RequestPayload, type RequestType } from '../../protocol/contract';
import { isPacketId, MAX_PACKET_ID_LENGTH } from '../../protocol/packets';

export type CheckedRequest =
  | { ok: true; packetId: string; packetType: RequestType; payload: RequestPayload<RequestType> }
  | { ok: false; packetId: string | null; message: string };

type AnyObject = z.ZodObject<z.ZodRawShape>;

// The contract's schemas leave unknown keys alone (zod strips them); here
// every object refuses them, so a misspelt option never passes unnoticed.
function strict(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) return z.strictObject((schema as AnyObject).shape);
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const options = (schema.options as AnyObject[]).map((o) => z.strictObject(o.shape));
    return z.discriminatedUnion(
      schema._zod.def.discriminator,
      options as unknown as [AnyObject, ...AnyObject[]],
    );
  }
  // A new kind of request schema needs its own strict form, not a silent pass.
  throw new Error('every request schema must be an object or a discriminated union of objects');
}

const STRICT = new Map<string, z.ZodType>(
  Object.entries(REQUESTS).map(([type, schema]) => [type, strict(schema)]),
);

export function checkRequest(raw: unknown): CheckedRequest {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      packetId: null,
      message: `a request is an object with packetId and packetType, got ${kindOf(raw)}`,
    };
  }
  const { packetId, packetType, ...payload } = raw as Record<string, unknown>;
  if (!isPacketId(packetId)) {
    return {
      ok: false,
      packetId: null,
      message: `packetId: expected a non-empty string of at most ${MAX_PACKET_ID_LENGTH} characters, ${gotText(packetId)}`,
    };
  }
  if (typeof packetType !== 'string') {
    return {
      ok: false,
      packetId,
      message: `packetType: expected the name of a request, ${gotText(packetType)}`,
    };
  }
  const schema = STRICT.get(packetType);
  if (schema === undefined) {
    return { ok: false, packetId, message: `unknown packetType ${quote(packetType)}` };
  }
  const result = schema.safeParse(payload);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => describeIssue(issue, payload));
    return { ok: false, packetId, message: `${packetType}: ${problems.join('; ')}` };
  }
  return {
    ok: true,
    packetId,
    packetType: packetType as RequestType,
    payload: result.data as RequestPayload<RequestType>,
  };
}

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue, input: unknown): string {
  const where = pathText(issue.path);
  const value = valueAt(input, issue.path);
  const text = issueText(issue, value);
  return where === '' ? text : `${where}: ${text}`;
}

function issueText(issue: Issue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${expectedText(issue.expected)}, ${gotText(value)}`;
    case 'too_small':
    case 'too_big':
      return sizeText(issue, value);
    case 'unrecognized_keys': {
      const keys = issue.keys.map(quote).join(', ');
      return issue.keys.length === 1 ? `unknown field ${keys}` : `unknown fields ${keys}`;
    }
    case 'invalid_value':
      return `expected ${oneOf(issue.values)}, ${gotName(value)}`;
    case 'invalid_union': {
      // A discriminated union names its choices (the command, the key source, ...).
      const options = (issue as { options?: unknown[] }).options;
      if (options !== undefined) return `expected ${oneOf(options)}, ${gotName(value)}`;
      const expected = issue.errors
        .map((branch) => branch.find((i) => i.code === 'invalid_type'))
        .filter((i) => i !== undefined)
        .map((i) => expectedText((i as { expected: string }).expected));
      return expected.length > 0
        ? `expected ${expected.join(' or ')}, ${gotText(value)}`
        : 'is not valid here';
    }
    case 'invalid_format':
      // The contract's own messages say what is expected; zod's default does not.
      return issue.message.startsWith('Invalid')
        ? 'does not have the expected form'
        : issue.message;
    default:
      return issue.message;
  }
}

function sizeText(
  issue: Extract<Issue, { code: 'too_small' | 'too_big' }>,
  value: unknown,
): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  switch (issue.origin) {
    case 'string': {
      const length = typeof value === 'string' ? `, it has ${value.length}` : '';
      if (small && limit === 1) return 'must not be empty';
      return `must have ${small ? 'at least' : 'at most'} ${limit} characters${length}`;
    }
    case 'array': {
      const length = Array.isArray(value) ? `, it has ${value.length}` : '';
      return `must have ${small ? 'at least' : 'at most'} ${limit} entries${length}`;
    }
    default: {
      const bound = small
        ? issue.inclusive
          ? 'at least'
          : 'above'
        : issue.inclusive
          ? 'at most'
          : 'below';
      return `must be ${bound} ${limit}, ${gotText(value)}`;
    }
  }
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function expectedText(expected: string): string {
  return EXPECTED[expected] ?? expected;
}

/** What was given, without echoing strings: a wrong field may hold a secret. */
function gotText(value: unknown): string {
  if (value === undefined) return 'but it is missing';
  return `got ${kindOf(value)}`;
}

/** For a choice among names (an enum, a command): the name given is no secret. */
function gotName(value: unknown): string {
  return typeof value === 'string' ? `got ${quote(value)}` : gotText(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return String(value);
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    case 'undefined':
      return 'nothing';
    default:
      return `a ${typeof value}`;
  }
}

function oneOf(values: readonly unknown[]): string {
  const list = values.map((v) => (typeof v === 'string' ? quote(v) : String(v)));
  return list.length === 1 ? list[0]! : `one of ${list.join(', ')}`;
}

/** A short, printable rendering of a name someone sent (a packet type, a key). */
function quote(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\x00-\x1f\x7f]/g, '?');
  return `'${clean.length > 64 ? `${clean.slice(0, 64)}…` : clean}'`;
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}
