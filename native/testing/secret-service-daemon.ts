// A real secret service for tests: a private D-Bus session bus and GNOME
// Keyring's daemon on it, with a fresh home whose login keyring is created
// and unlocked with a password given on stdin. Nothing of the machine's own
// session is touched; stop() ends both processes.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopProcess } from './pty-pair';

export interface SecretServiceDaemon {
  /** The environment a client needs: DBUS_SESSION_BUS_ADDRESS, HOME, XDG_RUNTIME_DIR. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

function firstLine(child: ChildProcess, what: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${err}`)), timeoutMs);
    child.stderr?.on('data', (data: Buffer) => (err += data.toString()));
    child.stdout?.on('data', (data: Buffer) => {
      out += data.toString();
      const end = out.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      resolve(out.slice(0, end).trim());
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}): ${err}`));
    });
  });
}

async function waitForName(env: NodeJS.ProcessEnv, name: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const owned = await new Promise<boolean>((resolve) => {
      const child = spawn(
        'dbus-send',
        [
          '--session',
          '--print-reply',
          '--dest=org.freedesktop.DBus',
          '/org/freedesktop/DBus',
          'org.freedesktop.DBus.NameHasOwner',
          `string:${name}`,
        ],
        { env },
      );
      let out = '';
      child.stdout.on('data', (data: Buffer) => (out += data.toString()));
      child.once('exit', () => resolve(out.includes('boolean true')));
      child.once('error', () => resolve(false));
    });
    if (owned) return;
    if (Date.now() > deadline) throw new Error(`${name} did not appear on the bus`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts dbus-daemon and gnome-keyring-daemon; resolves once the secret service answers. */
export async function startSecretService(timeoutMs = 10_000): Promise<SecretServiceDaemon> {
  const home = await mkdtemp(join(tmpdir(), 'sigil-keyring-'));
  const runtime = join(home, 'run');
  const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_RUNTIME_DIR: runtime };
  await import('node:fs/promises').then((fs) => fs.mkdir(runtime, { mode: 0o700 }));
  const bus = spawn(
    'dbus-daemon',
    ['--session', '--nofork', '--print-address=1', `--address=unix:path=${join(home, 'bus')}`],
    { env: base, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let keyring: ChildProcess | undefined;
  const stop = async () => {
    if (keyring !== undefined) await stopProcess(keyring);
    await stopProcess(bus);
    await rm(home, { recursive: true, force: true });
  };
  try {
    const address = await firstLine(bus, 'dbus-daemon', timeoutMs);
    const env = { ...base, DBUS_SESSION_BUS_ADDRESS: address };
    keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    keyring.stdin?.end('test keyring password');
    await waitForName(env, 'org.freedesktop.secrets', timeoutMs);
    return {
      env: { HOME: home, XDG_RUNTIME_DIR: runtime, DBUS_SESSION_BUS_ADDRESS: address },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts a secret service and points this process at it (the binding reads
 * the bus address from the environment); what it returns undoes both.
 */
export async function useSecretService(): Promise<() => Promise<void>> {
  const daemon = await startSecretService();
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = daemon.env.DBUS_SESSION_BUS_ADDRESS;
  return async () => {
    if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    await daemon.stop();
  };
}
