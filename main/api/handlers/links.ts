// links.*: serial ports, opening and closing links with their signing
// policy, and the list of links with state and statistics.

import type { Codec } from '../../mavlink/codec';
import type { LinkSigningPolicy } from '../../core/link';
import { ConnectionError, formatConnection, parseConnection } from '../../links/connection';
import type { ConnectionConfig } from '../../links/connection';
import {
  AllowListError,
  DEFAULT_ALLOWED_UNSIGNED,
  parseAllowList,
} from '../../signing/unsigned-policy';
import { ApiRequestError } from '../../../protocol/answers';
import { messageOf } from '../errors';
import { linkInfo, serialPortEntry } from '../wire';
import { findLink, type ApiContext, type Handlers } from './context';

/** Message ids from names ("RADIO_STATUS", case forgiven) and ids, without repeats. */
export function allowList(
  entries: readonly (string | number)[],
  codec: Codec,
  field = 'allowUnsigned',
): number[] {
  const ids = new Set<number>();
  for (const entry of entries) {
    if (typeof entry === 'number') {
      ids.add(entry);
      continue;
    }
    try {
      for (const id of parseAllowList(entry, codec)) ids.add(id);
    } catch (error) {
      if (error instanceof AllowListError) throw new ApiRequestError(`${field}: ${error.message}`);
      throw error;
    }
  }
  return [...ids];
}

function parse(connection: string): ConnectionConfig {
  try {
    return parseConnection(connection);
  } catch (error) {
    if (error instanceof ConnectionError) throw new ApiRequestError(`connection: ${error.message}`);
    throw error;
  }
}

export function linkHandlers(
  ctx: ApiContext,
): Pick<Handlers, 'links.listSerialPorts' | 'links.open' | 'links.close' | 'links.list'> {
  const { gcs } = ctx;
  return {
    async 'links.listSerialPorts'() {
      if (ctx.serial === undefined) return { ports: [] };
      let found;
      try {
        found = await ctx.serial.list();
      } catch (error) {
        throw new ApiRequestError(`the serial ports could not be listed: ${messageOf(error)}`);
      }
      return { ports: found.map(serialPortEntry) };
    },

    async 'links.open'({ connection, sign, require, allowUnsigned }) {
      const config = parse(connection);
      // A renderer-supplied path is never opened as a file: logs are replayed by name.
      if (config.kind === 'tlog') {
        throw new ApiRequestError(
          'connection: a flight log is replayed with logs.replay, by its name in logs.list',
        );
      }
      const text = formatConnection(config);
      const same = gcs.links().find((l) => formatConnection(l.config) === text);
      if (same !== undefined)
        throw new ApiRequestError(`${text} is already open as link ${same.id}`);
      const policy: LinkSigningPolicy = {
        // Unsaid, a link signs when there is a key to sign with.
        sign: sign ?? gcs.keyFingerprint !== null,
        require: require ?? false,
        allowUnsigned:
          allowUnsigned === undefined
            ? DEFAULT_ALLOWED_UNSIGNED
            : allowList(allowUnsigned, gcs.codec),
      };
      return { link: linkInfo(gcs.openLink(config, policy), gcs) };
    },

    async 'links.close'({ linkId }) {
      findLink(ctx, linkId);
      await gcs.closeLink(linkId);
      return {};
    },

    async 'links.list'() {
      return { links: gcs.links().map((l) => linkInfo(l, gcs)) };
    },
  };
}
