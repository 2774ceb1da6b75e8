// Checks a raw request packet before any handler sees it: a plain object,
// a packetId, a known packetType, and a payload that matches its schema
// (strict, protocol/contract.ts: a key the schema does not name is an
// error). What is wrong is said in words a person reads, naming the field:
// "links.open: connection: expected a string, got 5". The words are zod's
// own messages, made by the error map below; a schema's own message (a
// pattern's explanation) comes first.

import type { z } from 'zod';
import { REQUESTS, type RequestPayload, type RequestType } from '../../protocol/contract';
import { isPacketId, MAX_PACKET_ID_LENGTH } from '../../protocol/packets';

export type CheckedRequest =
  | { ok: true; packetId: string; packetType: RequestType; payload: RequestPayload<RequestType> }
  | { ok: false; packetId: string | null; message: string };

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
  if (!isRequestType(packetType)) {
    return { ok: false, packetId, message: `unknown packetType ${quote(packetType)}` };
  }
  const result = REQUESTS[packetType].safeParse(payload, { error: issueMessage });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const where = pathText(issue.path);
      return where === '' ? issue.message : `${where}: ${issue.message}`;
    });
    return { ok: false, packetId, message: `${packetType}: ${problems.join('; ')}` };
  }
  return {
    ok: true,
    packetId,
    packetType,
    payload: result.data as RequestPayload<RequestType>,
  };
}

function isRequestType(packetType: string): packetType is RequestType {
  return Object.hasOwn(REQUESTS, packetType);
}

type Issue = z.core.$ZodRawIssue;

/** zod's error map: each kind of issue in words, with what was given (no secrets echoed). */
function issueMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${expectedText(issue.expected)}, ${gotText(issue.input)}`;
    case 'too_small':
    case 'too_big':
      return sizeText(issue, issue.input);
    case 'unrecognized_keys': {
      const keys = issue.keys.map(quote).join(', ');
      return issue.keys.length === 1 ? `unknown field ${keys}` : `unknown fields ${keys}`;
    }
    case 'invalid_value':
      return `expected ${oneOf(issue.values)}, ${gotName(issue.input)}`;
    case 'invalid_union': {
      // A discriminated union names its choices (the command, the key source, ...);
      // its issue holds the whole object.
      const options = (issue as { options?: readonly unknown[] }).options;
      if (issue.discriminator !== undefined && options !== undefined) {
        const chosen = (issue.input as Record<string, unknown>)[issue.discriminator];
        return `expected ${oneOf(options)}, ${gotName(chosen)}`;
      }
      const expected = issue.errors
        .map((branch) => branch.find((i) => i.code === 'invalid_type'))
        .filter((i) => i !== undefined)
        .map((i) => expectedText(i.expected));
      return expected.length > 0
        ? `expected ${expected.join(' or ')}, ${gotText(issue.input)}`
        : 'is not valid here';
    }
    case 'invalid_format':
      return 'does not have the expected form';
    default:
      return undefined;
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
