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
    /** A loopback host and core per view under test (app/host/testing/local-hosts.ts). */
    localHosts: {
      /** By view: the address and a session token. */
      hosts: Record<'keySetup' | 'linkForm' | 'params', { baseUrl: string; token: string }>;
      /** The serial port every core lists, one end of a pty pair. */
      serialPort: string;
      /** The flight log every core can replay, by its name. */
      replayLog: string;
      /** A free UDP port, a listening TCP port, and a UDP port another socket holds. */
      ports: { udp: number; tcp: number; busyUdp: number };
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
          // Component tests (.test.tsx) choose a DOM in their first line.
          include: ['renderer/**/*.test.{ts,tsx}'],
          globalSetup: ['app/host/testing/remote-hosts.ts', 'app/host/testing/local-hosts.ts'],
        },
      },
    ],
  },
});
