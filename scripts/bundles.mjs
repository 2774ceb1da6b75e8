// What esbuild bundles, and how: the desktop app's three files and the
// `sigil` command line. Built by scripts/build.mjs (`npm run build`) and, for
// the command line, by bin/sigil.mjs on first use. Importing this file is
// cheap: esbuild itself is loaded only to build.
//
//   out/electron/main.cjs     the main process: our code and its npm
//                             dependencies in one file; Electron and the
//                             serial port's native addon stay outside
//   out/electron/preload.cjs  the sandboxed preload: one CommonJS file
//                             whose only require is `electron` (a sandboxed
//                             preload cannot load anything else)
//   out/build/after-pack.cjs  electron-builder's afterPack hook (fuses),
//                             self-contained; a build tool, not packed
//                             into the app
//   out/cli/sigil.mjs         the command line and the headless host
//                             (`sigil serve`); the native addons (the
//                             serial port, the secret service) stay
//                             outside. Next to it, inputs.json
//                             lists the files it was built from, so that a
//                             changed source is seen before a stale bundle
//                             runs (staleReason).
//
// A build fails when a bundle needs a module it must not (checked from
// esbuild's metafile) or when esbuild warns (import.meta in CommonJS, ...).

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { utimesSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const THIS_FILE = fileURLToPath(import.meta.url);

const NODE = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const isNative = (name) =>
  name === 'serialport' || name.startsWith('@serialport/') || name.startsWith('@napi-rs/keyring');
const WS_OPTIONAL = new Set(['bufferutil', 'utf-8-validate']);

/** The bundles, by group (`electron`, `cli`), with their outputs under `out`. */
export function bundlesIn(out) {
  return [
    {
      name: 'main',
      group: 'electron',
      entry: 'app/electron/main.ts',
      outfile: path.join(out, 'electron', 'main.cjs'),
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // serialport finds its prebuilt addon relative to its own files on disk
      // (unpacked from the asar by electron-builder.yml): it must stay a package.
      external: ['electron', 'serialport', '@serialport/*'],
      allowed: (name) => name === 'electron' || isNative(name) || NODE.has(name),
    },
    {
      name: 'preload',
      group: 'electron',
      entry: 'app/electron/preload.ts',
      outfile: path.join(out, 'electron', 'preload.cjs'),
      format: 'cjs',
      // A browser bundle: a Node built-in pulled in by mistake fails the build.
      platform: 'browser',
      target: 'es2022',
      external: ['electron'],
      allowed: (name) => name === 'electron',
    },
    {
      name: 'after-pack',
      group: 'electron',
      entry: 'app/electron/after-pack.ts',
      outfile: path.join(out, 'build', 'after-pack.cjs'),
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // @electron/fuses (electron-builder's own dependency) is bundled in: the
      // hook does not depend on where npm happened to install it.
      external: [],
      allowed: (name) => NODE.has(name),
    },
    {
      name: 'cli',
      group: 'cli',
      entry: 'app/cli/sigil.ts',
      outfile: path.join(out, 'cli', 'sigil.mjs'),
      // An ES module, as the sources are: import.meta.url keeps meaning "this
      // file", and out/cli/ sits as deep below the root as app/cli/ does.
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // The CommonJS packages bundled in (ws, ...) require Node's built-ins,
      // which an ES module has no `require` for: give them one.
      banner:
        "import { createRequire as __sigilRequire } from 'node:module';\n" +
        'const require = __sigilRequire(import.meta.url);',
      external: ['serialport', '@serialport/*', '@napi-rs/keyring', '@napi-rs/keyring-*'],
      // ws tries its optional native speed-ups in a try block and does
      // without them when they are not installed (they are not ours).
      allowed: (name) => isNative(name) || NODE.has(name) || WS_OPTIONAL.has(name),
      recordInputs: true,
    },
  ];
}

/** The command line's bundle in the checkout's out/. */
export function cliBundle(out = path.join(ROOT, 'out')) {
  return bundlesIn(out).find((bundle) => bundle.name === 'cli');
}

const inputsFile = (bundle) => path.join(path.dirname(bundle.outfile), 'inputs.json');

/**
 * Why `bundle` must be built before it runs, or null when it is fresh: it
 * is missing, or a file it was built from (as esbuild's metafile listed
 * them, plus this file and the lockfile) is gone or newer than it. About
 * one stat per input.
 */
export function staleReason(bundle) {
  let built;
  let inputs;
  try {
    built = statSync(bundle.outfile).mtimeMs;
    inputs = JSON.parse(readFileSync(inputsFile(bundle), 'utf8'));
  } catch {
    return 'the bundle is not built';
  }
  for (const input of inputs) {
    const changed = statSync(path.resolve(ROOT, input), { throwIfNoEntry: false })?.mtimeMs;
    if (changed === undefined) return `${input} is gone`;
    if (changed > built) return `${input} changed`;
  }
  return null;
}

/** Writes `data` to `file` through a temporary file and a rename: a reader sees all of it or none. */
function writeAtomically(file, data, mtime) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, data);
    if (mtime !== undefined) utimesSync(temporary, mtime, mtime);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Builds one bundle and returns what went wrong (empty when it built).
 * Processes may build the same bundle at once: each writes whole files
 * under a temporary name and renames them into place.
 */
export async function build(bundle) {
  const { build: esbuild, stop } = await import('esbuild');
  // Dated from before esbuild reads the sources: a source saved during the
  // build is newer than the bundle, and the next start rebuilds.
  const started = new Date();
  let result;
  try {
    result = await esbuild({
      absWorkingDir: ROOT,
      entryPoints: [bundle.entry],
      outfile: bundle.outfile,
      bundle: true,
      write: false,
      format: bundle.format,
      platform: bundle.platform,
      target: bundle.target,
      external: bundle.external,
      ...(bundle.banner === undefined ? {} : { banner: { js: bundle.banner } }),
      metafile: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
  } catch (error) {
    return [error.message];
  } finally {
    // esbuild's service process would outlive a command that exits now.
    await stop();
  }
  const problems = result.warnings.map((warning) => {
    const where = warning.location ? ` (${warning.location.file}:${warning.location.line})` : '';
    return `${warning.text}${where}`;
  });
  const output =
    result.metafile.outputs[path.relative(ROOT, bundle.outfile).split(path.sep).join('/')];
  const externals = (output?.imports ?? []).filter((i) => i.external).map((i) => i.path);
  const refused = [...new Set(externals)].filter((name) => !bundle.allowed(name));
  if (refused.length > 0) problems.push(`must not require ${refused.join(', ')}`);
  if (problems.length > 0) return problems;

  if (bundle.recordInputs === true) {
    const inputs = [
      ...Object.keys(result.metafile.inputs),
      path.relative(ROOT, THIS_FILE),
      'package-lock.json',
    ];
    // Before the bundle: whoever sees the new bundle also sees its inputs.
    writeAtomically(inputsFile(bundle), `${JSON.stringify(inputs)}\n`);
  }
  for (const file of result.outputFiles) writeAtomically(file.path, file.contents, started);
  return [];
}
