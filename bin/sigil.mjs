#!/usr/bin/env node
// The `sigil` command. The sources are TypeScript, loaded through tsx.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../app/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
