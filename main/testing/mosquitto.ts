// A real MQTT broker for tests and benchmarks: mosquitto on a free loopback
// port, with a configuration written here (no system service), stopped
// after. `.ci/run` installs it from Debian.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freeTcpPort } from './ports';

export interface MosquittoOptions {
  /** User names and passwords; given, anonymous clients are refused. */
  users?: Readonly<Record<string, string>>;
  /** An ACL file's text (`user NAME` / `topic write mavlink/...` lines). */
  acl?: string;
  /** TLS on the listener (PEM files); `requireCertificate`: clients must show one the CA signed. */
  tls?: { ca: string; cert: string; key: string; requireCertificate?: boolean };
}

const START_TIMEOUT_MS = 5000;

export class Mosquitto {
  private child: ChildProcess | undefined;

  private constructor(
    private readonly binary: string,
    readonly port: number,
    private readonly dir: string,
    private readonly configFile: string,
    private readonly tls: boolean,
  ) {}

  static async start(options: MosquittoOptions = {}): Promise<Mosquitto> {
    const binary = findTool('mosquitto');
    const dir = await mkdtemp(join(tmpdir(), 'sigil-mosquitto-'));
    const port = await freeTcpPort();
    const lines = [
      // As root, mosquitto would switch to its own user, who cannot read this folder.
      `user ${userInfo().username}`,
      `listener ${port} 127.0.0.1`,
      'persistence false',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
    ];
    const tls = options.tls;
    if (tls !== undefined) {
      lines.push(`cafile ${tls.ca}`, `certfile ${tls.cert}`, `keyfile ${tls.key}`);
      if (tls.requireCertificate) lines.push('require_certificate true');
    }
    const users = options.users;
    if (users === undefined) {
      lines.push('allow_anonymous true');
    } else {
      const passwords = join(dir, 'passwords');
      await writeFile(passwords, '', { mode: 0o600 });
      for (const [user, password] of Object.entries(users)) {
        const made = spawnSync(findTool('mosquitto_passwd'), ['-b', passwords, user, password], {
          encoding: 'utf8',
        });
        if (made.status !== 0) throw new Error(`mosquitto_passwd failed: ${made.stderr}`);
      }
      lines.push('allow_anonymous false', `password_file ${passwords}`);
    }
    if (options.acl !== undefined) {
      const acl = join(dir, 'acl');
      await writeFile(acl, options.acl, { mode: 0o600 });
      lines.push(`acl_file ${acl}`);
    }
    const configFile = join(dir, 'mosquitto.conf');
    await writeFile(configFile, lines.join('\n') + '\n', { mode: 0o600 });
    const broker = new Mosquitto(binary, port, dir, configFile, tls !== undefined);
    await broker.run();
    return broker;
  }

  /** `mqtt://[user:password@]127.0.0.1:PORT/NETWORK` (`mqtts://` with TLS). */
  url(network: string, user?: { name: string; password: string }): string {
    const auth =
      user === undefined
        ? ''
        : `${encodeURIComponent(user.name)}:${encodeURIComponent(user.password)}@`;
    return `${this.tls ? 'mqtts' : 'mqtt'}://${auth}127.0.0.1:${this.port}/${network}`;
  }

  /** The broker's process id while it runs (benchmarks read its CPU time). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Stops the broker (clients see it vanish); `restart` brings it back on the same port. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.run();
  }

  /** Stops the broker and removes its files. */
  async close(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async run(): Promise<void> {
    const child = spawn(this.binary, ['-c', this.configFile], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    let output = '';
    let exited: number | null | undefined;
    child.stderr!.on('data', (chunk: Buffer) => {
      if (output.length < 10_000) output += chunk.toString('utf8');
    });
    child.once('exit', (code) => (exited = code));
    // Ready when it takes connections.
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await accepts(this.port))) {
      if (exited !== undefined)
        throw new Error(`mosquitto exited (${exited}) at start:\n${output}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`mosquitto did not start within ${START_TIMEOUT_MS} ms:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Debian puts mosquitto in /usr/sbin, which a user's PATH may lack. */
function findTool(name: string): string {
  for (const candidate of [name, `/usr/sbin/${name}`, `/usr/bin/${name}`]) {
    if (spawnSync(candidate, ['--help']).error === undefined) return candidate;
  }
  throw new Error('mosquitto is not installed (Debian: apt-get install mosquitto)');
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
