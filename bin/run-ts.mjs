#!/usr/bin/env node
// Runs a TypeScript entry point through tsx's loader:
//   node bin/run-ts.mjs path/to/script.ts [args...]
// The script sees its own arguments at process.argv.slice(2), as if run directly.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const [node, , script, ...args] = process.argv;
if (script === undefined) {
  console.error('usage: node bin/run-ts.mjs <script.ts> [args...]');
  process.exit(2);
}

register();
const scriptPath = path.resolve(script);
process.argv = [node, scriptPath, ...args];
await import(pathToFileURL(scriptPath).href);
