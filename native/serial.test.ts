import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPtyPair, stopProcess } from './testing/pty-pair';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createSerialBinding,
  listFromSysfs,
  serialOpenError,
  SerialError,
  type SerialConnection,
} from './serial';

const until = (check: () => void) => vi.waitFor(check, { timeout: 5000, interval: 10 });

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sigil-serial-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Two linked real ttys; stopped after the test. */
async function ptyPair(a: string, b: string): Promise<ChildProcess> {
  const socat = await startPtyPair(a, b);
  cleanup.push(() => stopProcess(socat));
  return socat;
}

function collect() {
  const chunks: Buffer[] = [];
  const closes: (SerialError | undefined)[] = [];
  return {
    events: {
      onData: (bytes: Uint8Array) => chunks.push(Buffer.from(bytes)),
      onClose: (error?: SerialError) => closes.push(error),
    },
    text: () => Buffer.concat(chunks).toString(),
    closes,
  };
}

const binding = createSerialBinding();

async function openPort(path: string, events: ReturnType<typeof collect>['events']) {
  const port: SerialConnection = await binding.open(path, 57600, events);
  cleanup.push(() => port.close());
  return port;
}

describe('serial binding over a socat pty pair', () => {
  it('carries bytes both ways', async () => {
    const dir = await tempDir();
    await ptyPair(join(dir, 'A'), join(dir, 'B'));
    const a = collect();
    const b = collect();
    const portA = await openPort(join(dir, 'A'), a.events);
    const portB = await openPort(join(dir, 'B'), b.events);
    expect(portA.write(Buffer.from('to b'))).toBe(true);
    expect(portB.write(Buffer.from('to a'))).toBe(true);
    await until(() => expect([a.text(), b.text()]).toEqual(['to a', 'to b']));
  });

  it('reports a disconnect when the other end goes away', async () => {
    const dir = await tempDir();
    const socat = await ptyPair(join(dir, 'A'), join(dir, 'B'));
    const a = collect();
    const port = await openPort(join(dir, 'A'), a.events);
    await stopProcess(socat);
    await until(() => expect(a.closes).toHaveLength(1));
    expect(a.closes[0]).toBeInstanceOf(SerialError);
    expect(a.closes[0]?.code).toBe('EIO');
    expect(a.closes[0]?.message).toBe(`serial port ${join(dir, 'A')} was disconnected`);
    expect(port.write(Buffer.from('x'))).toBe(false);
  });

  it('calls onClose without an error after close()', async () => {
    const dir = await tempDir();
    await ptyPair(join(dir, 'A'), join(dir, 'B'));
    const a = collect();
    const port = await openPort(join(dir, 'A'), a.events);
    await port.close();
    await port.close();
    expect(a.closes).toEqual([undefined]);
  });

  it('says a port held by another program is in use', async () => {
    const dir = await tempDir();
    const path = join(dir, 'A');
    await ptyPair(path, join(dir, 'B'));
    await openPort(path, collect().events);
    await expect(binding.open(path, 57600, collect().events)).rejects.toThrow(
      new SerialError('EBUSY', `${path} is in use by another program`),
    );
  });

  it('says "no such serial port PATH" for a missing device', async () => {
    const path = join(await tempDir(), 'ttyUSB3');
    const error = await binding.open(path, 57600, collect().events).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SerialError);
    expect((error as SerialError).code).toBe('ENOENT');
    expect((error as SerialError).message).toBe(`no such serial port ${path}`);
  });
});

describe('serialOpenError', () => {
  // The native addon's own wording (strerror text, no code).
  it('classifies the addon messages', () => {
    const path = '/dev/ttyACM0';
    expect(
      serialOpenError(new Error(`Error: Permission denied, cannot open ${path}`), path),
    ).toEqual(
      new SerialError('EACCES', `permission denied on ${path}: add yourself to the dialout group`),
    );
    expect(
      serialOpenError(new Error('Error Resource temporarily unavailable Cannot lock port'), path)
        .message,
    ).toBe(`${path} is in use by another program`);
    expect(
      serialOpenError(new Error(`Error: Device or resource busy, cannot open ${path}`), path).code,
    ).toBe('EBUSY');
    expect(
      serialOpenError(new Error(`Error: No such device, cannot open ${path}`), path).code,
    ).toBe('ENOENT');
    expect(serialOpenError(new Error('Opening COM3: Access denied'), 'COM3').message).toBe(
      'COM3 is in use by another program',
    );
    expect(serialOpenError(new Error('Opening COM9: File not found'), 'COM9').message).toBe(
      'no such serial port COM9',
    );
    expect(
      serialOpenError(new Error('Error: Input/output error, cannot open x'), path).message,
    ).toBe(`cannot open ${path}: Error: Input/output error, cannot open x`);
  });
});

describe('list', () => {
  it('answers without udevadm', async () => {
    const ports = await binding.list();
    expect(Array.isArray(ports)).toBe(true);
    for (const port of ports) expect(port.path).toMatch(/^\/dev\//);
  });

  it('describes USB adapters from sysfs and skips absent UARTs', async () => {
    const root = await tempDir();
    const dev = join(root, 'dev');
    const sys = join(root, 'sys');
    const usbDevice = join(root, 'devices', 'usb1', '1-1');
    const acmInterface = join(usbDevice, '1-1:1.0');
    const ftdiDevice = join(root, 'devices', 'usb1', '1-2');
    const ftdiTty = join(ftdiDevice, '1-2:1.0', 'ttyUSB0');
    const uart = join(root, 'devices', 'pnp0', '00:05');
    await mkdir(join(dev, 'serial', 'by-id'), { recursive: true });
    await mkdir(join(root, 'bus', 'usb'), { recursive: true });
    await mkdir(join(root, 'bus', 'usb-serial'), { recursive: true });
    await mkdir(acmInterface, { recursive: true });
    await mkdir(ftdiTty, { recursive: true });
    await mkdir(uart, { recursive: true });
    for (const name of ['ttyACM0', 'ttyUSB0', 'ttyS0', 'ttyS1', 'tty1']) {
      await writeFile(join(dev, name), '');
      await mkdir(join(sys, name), { recursive: true });
    }
    await symlink(join(dev, 'ttyACM0'), join(dev, 'serial', 'by-id', 'usb-ArduPilot_fmuv3-if00'));
    await symlink(acmInterface, join(sys, 'ttyACM0', 'device'));
    await symlink(join(root, 'bus', 'usb'), join(acmInterface, 'subsystem'));
    await writeFile(join(usbDevice, 'idVendor'), '1209\n');
    await writeFile(join(usbDevice, 'idProduct'), '5741\n');
    await writeFile(join(usbDevice, 'manufacturer'), 'ArduPilot\n');
    await writeFile(join(usbDevice, 'serial'), '31003A\n');
    await symlink(ftdiTty, join(sys, 'ttyUSB0', 'device'));
    await symlink(join(root, 'bus', 'usb-serial'), join(ftdiTty, 'subsystem'));
    await writeFile(join(ftdiDevice, 'idVendor'), '0403\n');
    await writeFile(join(ftdiDevice, 'idProduct'), '6001\n');
    await symlink(uart, join(sys, 'ttyS0', 'device'));
    await writeFile(join(sys, 'ttyS0', 'type'), '4\n');
    await symlink(uart, join(sys, 'ttyS1', 'device'));
    await writeFile(join(sys, 'ttyS1', 'type'), '0\n');

    expect(listFromSysfs(dev, sys)).toEqual([
      {
        path: join(dev, 'ttyACM0'),
        manufacturer: 'ArduPilot',
        serialNumber: '31003A',
        vendorId: '1209',
        productId: '5741',
      },
      { path: join(dev, 'ttyS0') },
      {
        path: join(dev, 'ttyUSB0'),
        manufacturer: undefined,
        serialNumber: undefined,
        vendorId: '0403',
        productId: '6001',
      },
    ]);
  });
});
