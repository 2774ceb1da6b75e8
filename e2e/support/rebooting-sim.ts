// The reboot scenarios' starting point: `sigil serve` without its built-in
// simulator, and `sigil sim --reboot-after S` in a process of its own
// sending to the host's UDP listener, so the vehicle reboots by itself in
// the middle of the scenario, as after a power glitch. The time of each
// line the simulator prints is kept, for the scenario to measure against.
// Host project only: the desktop app starts its own simulator.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { test as base } from '../fixtures';
import { startHost, type RunningHost } from './host';
import { ROOT } from './paths';

const SIGIL = join(ROOT, 'bin', 'sigil.mjs');
const VIEWPORT = { width: 1440, height: 960 };
const STOP_TIMEOUT_MS = 10_000;

export interface SimLine {
  /** Unix milliseconds when the line was read. */
  atMs: number;
  text: string;
}

export interface RebootingSim {
  readonly host: RunningHost;
  /** What the simulator printed so far, each line with when it came. */
  lines(): readonly SimLine[];
  /** When the simulator first printed a line containing `text`, waiting up to `timeoutMs`. */
  lineAt(text: string, timeoutMs: number): Promise<number>;
}

interface RebootOptions {
  /** Seconds from the simulator's start to its reboot. */
  rebootAfterS: number;
}

export const test = base.extend<RebootOptions & { rebootingSim: RebootingSim; simPage: Page }>({
  rebootAfterS: [20, { option: true }],

  rebootingSim: async ({ target, rebootAfterS }, use, testInfo) => {
    testInfo.skip(
      target === 'electron',
      'the reboot comes from `sigil sim --reboot-after` sending to the headless host; the desktop app starts its own simulator',
    );
    const host = await startHost({ sim: false });
    const stateDir = await mkdtemp(join(tmpdir(), 'sigil-e2e-sim-'));
    const udp = host.link.replace(/^udpin:/, '');
    const child = spawn(
      process.execPath,
      [SIGIL, 'sim', '--udp', udp, '--state-dir', stateDir, '--reboot-after', String(rebootAfterS)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const lines: SimLine[] = [];
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (data: string) => {
      const atMs = Date.now();
      const parts = (partial + data).split('\n');
      partial = parts.pop()!;
      for (const text of parts) lines.push({ atMs, text });
    });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (data: string) => (err += data));
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const output = () => `${lines.map((l) => l.text).join('\n')}\n${err}`;
    let passed = false;
    try {
      await use({
        host,
        lines: () => lines,
        async lineAt(text, timeoutMs) {
          let found: SimLine | undefined;
          await expect
            .poll(() => (found = lines.find((l) => l.text.includes(text))) !== undefined, {
              timeout: timeoutMs,
              intervals: [20],
            })
            .toBe(true);
          return found!.atMs;
        },
      });
      passed = testInfo.status === testInfo.expectedStatus;
    } finally {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const code = await exit;
      clearTimeout(timer);
      await rm(stateDir, { recursive: true, force: true });
      const hostCode = await host.stop();
      if (!passed) {
        await testInfo.attach('sigil serve', { body: host.output() });
        await testInfo.attach('sigil sim', { body: output() });
      }
      await host.remove();
      expect(code, `sigil sim exits 0 on SIGTERM\n${output()}`).toBe(0);
      expect(hostCode, `sigil serve exits 0 on SIGTERM\n${host.output()}`).toBe(0);
    }
  },

  /** The host's page logged in through its one-time URL, the simulated copter heard. */
  simPage: async ({ rebootingSim, hostBrowser }, use) => {
    const context = await hostBrowser!.newContext({ viewport: VIEWPORT });
    try {
      const page = await context.newPage();
      // Only this machine: the map's tiles (and anything else) are cut off.
      await page.route(/^(?!https?:\/\/(127\.0\.0\.1|localhost)[:/])[a-z]+:\/\//, (route) =>
        route.abort('internetdisconnected'),
      );
      await page.goto(rebootingSim.host.url);
      await expect(page.getByTestId('topbar-mode')).toBeVisible({ timeout: 20_000 });
      await use(page);
    } finally {
      await context.close();
    }
  },
});

export { expect };
