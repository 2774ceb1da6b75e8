// --messages NAME,...: which messages a command prints, by name as the
// dialect spells them (any case), with * and ? as wildcards, as
// mavlogdump's --types takes them. A name that matches nothing is a usage
// error rather than an empty output.

import type { Codec } from '../../main/mavlink/codec';
import type { MessageDef } from '../../main/mavlink/definition';
import { UsageError } from './command';

export interface MessageFilter {
  /** The messages chosen, in dialect order. */
  readonly messages: readonly MessageDef[];
  has(msgid: number): boolean;
}

function pattern(name: string): RegExp {
  const escaped = name.toUpperCase().replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

export function parseMessageFilter(value: string, codec: Codec): MessageFilter {
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (names.length === 0) throw new UsageError('--messages needs at least one message name');
  const chosen = new Set<MessageDef>();
  for (const name of names) {
    const match = pattern(name);
    const found = codec.messages.filter((def) => match.test(def.name));
    if (found.length === 0) throw new UsageError(`--messages: no message is named '${name}'`);
    for (const def of found) chosen.add(def);
  }
  const ids = new Set([...chosen].map((def) => def.id));
  return {
    messages: codec.messages.filter((def) => chosen.has(def)),
    has: (msgid) => ids.has(msgid),
  };
}
