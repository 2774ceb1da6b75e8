import { defineConfig } from 'vitest/config';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Real hosts for tests that may not import them (app/host/testing/remote-hosts.ts). */
    remoteHosts: {
      identityKey: string;
      authKey: string;
      viewKey: string;
      /** Each host's address, by its session timeout in milliseconds. */
      baseUrlByTimeout: Record<string, string>;
    };
  }
}

export default defineConfig({
  test: {
    // Two cores on the CI machine: keep the pool small so socket tests keep their timing.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    allowOnly: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: [
            '*.test.ts',
            'protocol/**/*.test.ts',
            'main/**/*.test.ts',
            'app/**/*.test.ts',
            'native/**/*.test.ts',
          ],
        },
      },
      {
        // The renderer's tests reach a real host only through what its global setup provides.
        extends: true,
        test: {
          name: 'renderer',
          include: ['renderer/**/*.test.ts'],
          globalSetup: ['app/host/testing/remote-hosts.ts'],
        },
      },
    ],
  },
});
