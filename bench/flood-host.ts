// Runs the flood benchmark's GCS side in a process of its own; bench/flood.ts
// starts it and reads the figures, the one line it prints.

import { measureFlood } from './flood';

measureFlood()
  .then((figures) => process.stdout.write(JSON.stringify(figures) + '\n'))
  .catch((error: unknown) => {
    process.stderr.write(`flood: ${error instanceof Error ? error.message : error}\n`);
    process.exitCode = 1;
  });
