#!/usr/bin/env node
// Bundles the desktop app with esbuild:
//   out/electron/main.cjs     the main process: our code and its npm
//                             dependencies in one file; Electron and the
//                             serial port's native addon stay outside
//   out/electron/preload.cjs  the sandboxed preload: one CommonJS file
//                             whose only require is `electron` (a sandboxed
//                             preload cannot load anything else)
//   out/build/after-pack.cjs  electron-builder's afterPack hook (fuses),
//                             self-contained; a build tool, not packed
//                             into the app
//
//   node scripts/build-electron.mjs [OUT_DIR]    (default: out)
//
// Fails when a bundle needs a module it must not (checked from esbuild's
// metafile) or when esbuild warns (import.meta in CommonJS, ...).

import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'out'));

const NODE = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const isNative = (name) => name === 'serialport' || name.startsWith('@serialport/');

const bundles = [
  {
    name: 'main',
    entry: 'app/electron/main.ts',
    outfile: path.join(OUT, 'electron', 'main.cjs'),
    platform: 'node',
    target: 'node20',
    // serialport finds its prebuilt addon relative to its own files on disk
    // (unpacked from the asar by electron-builder.yml): it must stay a package.
    external: ['electron', 'serialport', '@serialport/*'],
    allowed: (name) => name === 'electron' || isNative(name) || NODE.has(name),
  },
  {
    name: 'preload',
    entry: 'app/electron/preload.ts',
    outfile: path.join(OUT, 'electron', 'preload.cjs'),
    // A browser bundle: a Node built-in pulled in by mistake fails the build.
    platform: 'browser',
    target: 'es2022',
    external: ['electron'],
    allowed: (name) => name === 'electron',
  },
  {
    name: 'after-pack',
    entry: 'app/electron/after-pack.ts',
    outfile: path.join(OUT, 'build', 'after-pack.cjs'),
    platform: 'node',
    target: 'node20',
    // @electron/fuses (electron-builder's own dependency) is bundled in: the
    // hook does not depend on where npm happened to install it.
    external: [],
    allowed: (name) => NODE.has(name),
  },
];

let failed = false;
for (const bundle of bundles) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [bundle.entry],
    outfile: bundle.outfile,
    bundle: true,
    format: 'cjs',
    platform: bundle.platform,
    target: bundle.target,
    external: bundle.external,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  }).catch((error) => {
    console.error(`build-electron: ${bundle.name}: ${error.message}`);
    return null;
  });
  if (result === null) {
    failed = true;
    continue;
  }
  for (const warning of result.warnings) {
    const where = warning.location ? ` (${warning.location.file}:${warning.location.line})` : '';
    console.error(`build-electron: ${bundle.name}: ${warning.text}${where}`);
    failed = true;
  }
  const output =
    result.metafile.outputs[path.relative(ROOT, bundle.outfile).split(path.sep).join('/')];
  const externals = (output?.imports ?? []).filter((i) => i.external).map((i) => i.path);
  const refused = [...new Set(externals)].filter((name) => !bundle.allowed(name));
  if (refused.length > 0) {
    console.error(`build-electron: ${bundle.name} must not require ${refused.join(', ')}`);
    failed = true;
  }
  if (!failed) console.log(`build-electron: ${path.relative(ROOT, bundle.outfile)}`);
}
process.exitCode = failed ? 1 : 0;
