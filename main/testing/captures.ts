// Real captures shipped by the node-mavlink package, used by tests and
// benchmarks as data from real vehicles.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export type ExampleCapture = 'vtol.tlog' | 'mavlink-v2-3412-packets.bin' | 'GH-5.bin';

/** Path of a capture in node-mavlink's examples folder. */
export function examplePath(name: ExampleCapture): string {
  return join(dirname(require.resolve('node-mavlink/package.json')), 'examples', name);
}
