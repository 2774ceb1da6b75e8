// A vitest global setup: real headless hosts with the test keys, started
// once for the run, for tests that may not import the host itself (the
// renderer's, which import only protocol/ and their own folder). Each host
// is handed to them by its session timeout through `provide`; `inject`
// reads it (the shape is declared in vitest.config.ts).

import type { TestProject } from 'vitest/node';
import { KEYS, remoteHost, type Cleanup } from './remote-sessions';

/** The usual session timeout, and the short ones of the keep-alive and expiry tests. */
const SESSION_TIMEOUTS_MS = [60_000, 1500, 1000];

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cleanup: Cleanup = [];
  const baseUrlByTimeout: Record<string, string> = {};
  for (const timeoutMs of SESSION_TIMEOUTS_MS) {
    const host = await remoteHost(cleanup, { timeoutMs });
    baseUrlByTimeout[timeoutMs] = host.client.baseUrl;
  }
  project.provide('remoteHosts', {
    identityKey: KEYS.serverIdentityKey,
    authKey: KEYS.authKey,
    viewKey: KEYS.viewKey!,
    baseUrlByTimeout,
  });
  return async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  };
}
