// What the Api shows of a link: its connection, state, signing policy and
// statistics, as plain data that survives JSON and structured cloning.

import { basename } from 'node:path';
import type { Link } from '../core/link';
import { formatConnection } from '../links/connection';
import type { LinkInfo } from '../../protocol/contract';

/**
 * The connection as a person reads it. A replay shows its file name only:
 * the rest of the path says where the GCS keeps its data, which a remote
 * session has no need to know.
 */
export function connectionText(link: Link): string {
  const config = link.config;
  return config.kind === 'tlog' ? `tlog:${basename(config.path)}` : formatConnection(config);
}

export function linkInfo(link: Link): LinkInfo {
  const state = link.state;
  const policy = link.signingPolicy;
  return {
    id: link.id,
    connection: connectionText(link),
    kind: link.config.kind,
    state:
      state.status === 'error'
        ? { status: 'error', message: state.message }
        : { status: state.status },
    policy: {
      sign: policy.sign,
      require: policy.require,
      allowUnsigned: [...policy.allowUnsigned],
    },
    stats: link.stats(),
  };
}
