#!/usr/bin/env node
// The `sigil` command. The sources are TypeScript, loaded through tsx.
import { register } from 'tsx/esm/api';

register();
// `sigil decode x.tlog | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { run } = await import('../app/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
