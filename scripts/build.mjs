#!/usr/bin/env node
// Bundles the desktop app and the command line with esbuild (what and how:
// scripts/bundles.mjs).
//
//   node scripts/build.mjs [--out DIR] [electron|cli ...]
//
// Builds the groups named (default: all) into DIR (default: out). Exits 1
// when a bundle fails to build, needs a module it must not, or makes
// esbuild warn.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, build, bundlesIn } from './bundles.mjs';

const { values, positionals } = parseArgs({
  options: { out: { type: 'string' } },
  allowPositionals: true,
});
const out = path.resolve(values.out ?? path.join(ROOT, 'out'));
const all = bundlesIn(out);
const groups = new Set(all.map((bundle) => bundle.group));
const unknown = positionals.filter((name) => !groups.has(name));
if (unknown.length > 0) {
  console.error(`build: no group ${unknown.join(', ')} (groups: ${[...groups].join(', ')})`);
  process.exit(2);
}

let failed = false;
for (const bundle of all) {
  if (positionals.length > 0 && !positionals.includes(bundle.group)) continue;
  const problems = await build(bundle);
  for (const problem of problems) console.error(`build: ${bundle.name}: ${problem}`);
  if (problems.length > 0) failed = true;
  else console.log(`build: ${path.relative(ROOT, bundle.outfile)}`);
}
process.exitCode = failed ? 1 : 0;
