// Two linked real ttys from socat, as a USB cable and a flight controller
// would be: tests open one end and play the other.

import { spawn, type ChildProcess } from 'node:child_process';

/** Starts `socat` linking ptys at paths `a` and `b`; resolves once data flows. */
export async function startPtyPair(a: string, b: string, timeoutMs = 5000): Promise<ChildProcess> {
  const socat = spawn('socat', [
    '-d',
    '-d',
    `pty,raw,echo=0,link=${a}`,
    `pty,raw,echo=0,link=${b}`,
  ]);
  let log = '';
  socat.stderr.on('data', (data: Buffer) => (log += data.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socat.kill('SIGKILL');
      reject(new Error(`socat did not start within ${timeoutMs} ms: ${log}`));
    }, timeoutMs);
    const check = () => {
      if (!log.includes('starting data transfer loop')) return;
      clearTimeout(timer);
      socat.stderr.off('data', check);
      resolve();
    };
    socat.stderr.on('data', check);
    socat.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`socat exited (${code}): ${log}`));
    });
  });
  return socat;
}

/** Stops a child process and waits for it to be gone. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
