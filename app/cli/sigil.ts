// The `sigil` executable: bundled into out/cli/sigil.mjs, which bin/sigil.mjs
// runs (building it first when needed).

import { run } from './main';

// `sigil decode x.tlog | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.exitCode = await run(process.argv.slice(2));
