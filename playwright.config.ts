// The e2e scenarios (e2e/*.spec.ts), each run in two projects: against the
// headless host (`sigil serve --sim`) in Debian's Chromium, and against the
// desktop app where the Electron binary exists (skipped, with the reason,
// where it does not). Real simulated vehicle, real sockets, real browser.

import { defineConfig } from '@playwright/test';
import type { SigilOptions } from './e2e/fixtures';

export default defineConfig<SigilOptions>({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  globalSetup: './e2e/global-setup.ts',
  // Two cores here: one host, its simulated copter and one Chromium per worker.
  workers: 2,
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'host-chromium', use: { target: 'host' } },
    { name: 'electron', use: { target: 'electron' } },
  ],
});
