// electron-builder's afterPack hook: flips the Electron fuses of the packed
// binary before it is signed. Fuses are bits in the executable itself, so
// they hold whatever the environment or the command line says. Built by
// scripts/build.mjs into out/build/after-pack.cjs (kept out of the app),
// which electron-builder.yml names.

import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';
import type { AfterPackContext } from 'electron-builder';

/** The fuse settings, one reason each. */
export function sigilFuses(platform: string): FuseV1Config {
  return {
    version: FuseVersion.V1,
    // Changing the binary breaks macOS's ad-hoc signature; re-sign it ad hoc
    // so an unsigned build still starts (a real signature comes after this hook).
    resetAdHocDarwinSignature: platform === 'darwin',
    // ELECTRON_RUN_AS_NODE would turn the app into a plain Node interpreter
    // that carries the app's identity and permissions: off.
    [FuseV1Options.RunAsNode]: false,
    // Cookies encrypted at rest with the operating system's key.
    [FuseV1Options.EnableCookieEncryption]: true,
    // NODE_OPTIONS could --require any code into the main process, where the key lives: off.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // --inspect would let anything on the machine attach a debugger to the main process: off.
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // The app archive is checked against the hash electron-builder embeds
    // (macOS and Windows; Linux has no embedded hash and ignores it).
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    // Only the app.asar is run, never a folder of files dropped beside it.
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // We ship no V8 snapshot of our own for the browser process.
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // The page comes from app://, so file:// gets no more than a browser gives it.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** What the hook uses of electron-builder's context. */
export type FuseContext = Pick<AfterPackContext, 'electronPlatformName'> & {
  packager: { addElectronFuses(context: AfterPackContext, fuses: FuseV1Config): Promise<unknown> };
};

// Named as well as default: electron-builder imports the bundle as ESM and
// looks for an export named after the hook before it tries `default`.
export async function afterPack(context: FuseContext): Promise<void> {
  // electron-builder knows where each platform's executable is.
  await context.packager.addElectronFuses(
    context as AfterPackContext,
    sigilFuses(context.electronPlatformName),
  );
}

export default afterPack;
