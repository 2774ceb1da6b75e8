import { defineConfig } from 'vite';

// The shells send the Content-Security-Policy (app/host/static-files.ts,
// app/electron/protocol.ts): no inline script or style. The build keeps to
// it: one module script file, one stylesheet file, no inlined assets.
export default defineConfig({
  root: 'renderer',
  // Relative asset paths: the same build loads from the Electron protocol and from the host.
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
