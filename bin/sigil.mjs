#!/usr/bin/env node
// The `sigil` command: runs the bundled command line (out/cli/sigil.mjs),
// building it first when it is missing or older than a file it is built
// from (scripts/bundles.mjs), so a fresh clone works after `npm install`
// and an edited source never runs stale.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build, cliBundle, staleReason } from '../scripts/bundles.mjs';

const bundle = cliBundle();
const stale = staleReason(bundle);
if (stale !== null) {
  let problems;
  try {
    problems = await build(bundle);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes("'esbuild'")) {
      throw error;
    }
    // Installed without development dependencies: a bundle that is there
    // runs as it is, and says so.
    if (!existsSync(bundle.outfile)) {
      process.stderr.write(
        'sigil: the command line is not built, and esbuild, which builds it, ' +
          'is not installed: run npm install\n',
      );
      process.exit(1);
    }
    process.stderr.write(
      `sigil: ${stale}, but esbuild is not installed to rebuild: running the bundle as it is\n`,
    );
    problems = [];
  }
  if (problems.length > 0) {
    for (const problem of problems)
      process.stderr.write(`sigil: cannot build the command line: ${problem}\n`);
    process.exit(1);
  }
}

await import(pathToFileURL(bundle.outfile).href);
