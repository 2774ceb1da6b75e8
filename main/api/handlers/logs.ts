// logs.* and replay.control: the flight logs in the GCS's log folder, and
// replaying one of them, by its file name only, as a `tlog:` link.

import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { LogEntry } from '../../../protocol/wire-types';
import { ApiRequestError } from '../../../protocol/answers';
import { messageOf } from '../errors';
import { connectionText, linkInfo } from '../wire';
import { findLink, type ApiContext, type Handlers } from './context';

/** The names logs.replay takes (the contract's rule): a file name ending in .tlog. */
const LOG_NAME = /^[^/\\]+\.tlog$/;

/**
 * The log's path, if `name` is a file directly inside `root`. Resolved
 * first, then compared with `root + sep` (a bare prefix test would take
 * `/data/logs-old/x.tlog` for `/data/logs`), and again after symbolic links.
 */
export async function logPath(root: string, name: string): Promise<string> {
  const base = resolve(root);
  const path = resolve(base, name);
  if (!LOG_NAME.test(name) || !path.startsWith(base + sep)) {
    throw new ApiRequestError(`name: '${name}' is not a file name in the log folder`);
  }
  let real: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ApiRequestError(`name: '${name}' is not a log file`);
    real = await realpath(path);
  } catch (error) {
    if (error instanceof ApiRequestError) throw error;
    throw new ApiRequestError(`name: there is no log named '${name}' (logs.list shows them)`);
  }
  const realBase = await realpath(base);
  if (!real.startsWith(realBase + sep)) {
    throw new ApiRequestError(`name: '${name}' leads outside the log folder`);
  }
  return path;
}

export function logHandlers(
  ctx: ApiContext,
): Pick<Handlers, 'logs.list' | 'logs.replay' | 'replay.control'> {
  const { gcs } = ctx;
  return {
    async 'logs.list'() {
      // The session's log is listed with what it holds so far.
      await gcs.recorder?.flush();
      let names: string[];
      try {
        names = await readdir(ctx.logsDir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { logs: [] };
        throw new ApiRequestError(`the log folder could not be read: ${messageOf(error)}`);
      }
      const logs: LogEntry[] = [];
      for (const name of names) {
        if (!LOG_NAME.test(name)) continue;
        try {
          const info = await stat(join(ctx.logsDir, name));
          if (info.isFile())
            logs.push({ name, bytes: info.size, modifiedMs: Math.floor(info.mtimeMs) });
        } catch {
          // Deleted while listing: not a log any more.
        }
      }
      logs.sort((a, b) => b.modifiedMs - a.modifiedMs || (a.name < b.name ? -1 : 1));
      return { logs };
    },

    async 'logs.replay'({ name, rate }) {
      const path = await logPath(ctx.logsDir, name);
      if (gcs.recorder !== null && resolve(gcs.recorder.path) === path) await gcs.recorder.flush();
      const link = gcs.openLink({ kind: 'tlog', path });
      if (rate !== undefined) link.replay!.setRate(rate);
      return { link: linkInfo(link, gcs) };
    },

    async 'replay.control'(request) {
      const link = findLink(ctx, request.linkId);
      const replay = link.replay;
      if (replay === undefined) {
        throw new ApiRequestError(
          `link ${link.id} (${connectionText(link)}) is not a log replay: only tlog links take replay controls`,
        );
      }
      switch (request.action) {
        case 'pause':
          replay.pause();
          break;
        case 'resume':
          replay.resume();
          break;
        case 'seek':
          replay.seek({ fraction: request.fraction });
          break;
        case 'rate':
          replay.setRate(request.rate);
          break;
      }
      return {};
    },
  };
}
