#!/usr/bin/env node
// `npm start` runs this first. The desktop app needs Electron's own program,
// which the `electron` package's install script downloads; where npm did not
// run that script, or it could not download, `electron .` would try again
// and end in a stack trace. This says what is missing and what to do in one
// paragraph instead, and exits 1.
//
//   node scripts/check-electron.mjs [ELECTRON_PACKAGE_DIR]   (default: node_modules/electron)

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = path.resolve(process.argv[2] ?? path.join(ROOT, 'node_modules', 'electron'));

/** A path as short as it reads well: relative below the working folder, else absolute. */
function shown(file) {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative)
    ? file
    : relative;
}

/**
 * What is missing ({ package } or { binary }), or null when Electron can
 * start: its program found as the electron package itself finds it.
 */
function missing() {
  if (!existsSync(path.join(packageDir, 'package.json'))) return { package: shown(packageDir) };
  const pathFile = path.join(packageDir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = path.join(override, name ?? 'electron');
    return existsSync(binary) ? null : { binary: `${binary} (ELECTRON_OVERRIDE_DIST_PATH)` };
  }
  if (name === undefined) return { binary: `${shown(pathFile)}, which names it` };
  const binary = path.join(packageDir, 'dist', name);
  return existsSync(binary) ? null : { binary: shown(binary) };
}

/** `text` as lines of at most `width` characters, broken at spaces. */
function wrap(text, width = 78) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line].join('\n');
}

const SERVE = 'Meanwhile, npm run serve gives the same ground station in a browser.';
const problem = missing();
if (problem !== null) {
  const paragraph =
    problem.package !== undefined
      ? `The desktop app cannot start: the electron package is not installed (no ` +
        `${problem.package}). Run npm install, development dependencies included. ${SERVE}`
      : `The desktop app cannot start: Electron's own program is not installed ` +
        `(no ${problem.binary}). The electron package's install script downloads it from ` +
        'GitHub when npm runs that script; here npm did not, or the download failed. To get ' +
        `it, with network access, run node ${shown(path.join(packageDir, 'install.js'))} (or ` +
        'npm rebuild electron where npm runs install scripts; newer npm first asks for npm ' +
        `approve-scripts electron). ${SERVE}`;
  process.stderr.write(`${wrap(paragraph)}\n`);
  process.exit(1);
}
