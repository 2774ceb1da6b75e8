// Serial ports through `serialport`: the binding interface the core's
// serial link takes, and its real implementation. The only module that
// imports `serialport`; everything else sees the interface.

import { accessSync, constants, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, delimiter, dirname, join } from 'node:path';
import { SerialPort } from 'serialport';

export interface SerialPortInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  /** USB ids as four hex digits, lower case ("1209"). */
  vendorId?: string;
  productId?: string;
}

export interface SerialEvents {
  /** Bytes read. The chunk is reused after the call returns: copy to keep. */
  onData(bytes: Uint8Array): void;
  /**
   * Called once when the port closes: with an error when it closed by itself
   * (unplugged, read or write failure), without one after `close()`.
   */
  onClose(error?: SerialError): void;
}

export interface SerialConnection {
  /** Queues bytes for the port; false when closed or when too much is already waiting. */
  write(bytes: Uint8Array): boolean;
  close(): Promise<void>;
}

export interface SerialBinding {
  list(): Promise<SerialPortInfo[]>;
  /** Rejects with a `SerialError` whose message names the port and the cause. */
  open(path: string, baud: number, events: SerialEvents): Promise<SerialConnection>;
}

export type SerialErrorCode = 'ENOENT' | 'EACCES' | 'EBUSY' | 'EIO' | 'EUNKNOWN';

/** A serial failure with an errno-style code and a sentence for a person. */
export class SerialError extends Error {
  constructor(
    readonly code: SerialErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SerialError';
  }
}

/**
 * Classifies what the native addon throws on open. It gives no `code`, only
 * strerror text such as "Error: No such file or directory, cannot open
 * /dev/ttyUSB3" or "Error Resource temporarily unavailable Cannot lock port"
 * (Unix), or "Opening COM3: File not found" (Windows, where "Access denied"
 * means another program has the port).
 */
export function serialOpenError(error: unknown, path: string): SerialError {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const is = (errno: string, pattern: RegExp) => code === errno || pattern.test(text);
  if (is('ENOENT', /no such file|no such device|file not found/i)) {
    return new SerialError('ENOENT', `no such serial port ${path}`, { cause: error });
  }
  if (is('EACCES', /permission denied|operation not permitted/i)) {
    return new SerialError(
      'EACCES',
      `permission denied on ${path}: add yourself to the dialout group`,
      { cause: error },
    );
  }
  if (
    is('EBUSY', /cannot lock port|resource busy|resource temporarily unavailable|access denied/i)
  ) {
    return new SerialError('EBUSY', `${path} is in use by another program`, { cause: error });
  }
  return new SerialError('EUNKNOWN', `cannot open ${path}: ${text}`, { cause: error });
}

const READ_SIZE = 16 * 1024;
/** At 57600 baud this is several seconds of output: more waiting means the port is stuck. */
const MAX_QUEUED_BYTES = 64 * 1024;
/**
 * How often the device node is checked. A hang-up normally fails the
 * pending read, but not every driver (nor every pty implementation) reports
 * it; a node that vanished is a sure sign of an unplug.
 */
const PRESENCE_CHECK_MS = 1000;

type NativePort = Awaited<ReturnType<typeof SerialPort.binding.open>>;

class NativeConnection implements SerialConnection {
  private open = true;
  private queue: Buffer[] = [];
  /** Bytes queued or being written. */
  private queued = 0;
  private writing = false;
  private closing: Promise<void> | undefined;
  private readonly presence: NodeJS.Timeout;

  constructor(
    private readonly port: NativePort,
    private readonly path: string,
    private readonly events: SerialEvents,
  ) {
    void this.readLoop();
    this.presence = setInterval(() => void this.checkPresence(), PRESENCE_CHECK_MS);
    // The open port keeps the process alive; this check need not.
    this.presence.unref();
  }

  write(bytes: Uint8Array): boolean {
    if (!this.open || this.queued + bytes.length > MAX_QUEUED_BYTES) return false;
    this.queue.push(Buffer.from(bytes));
    this.queued += bytes.length;
    if (!this.writing) void this.pump();
    return true;
  }

  close(): Promise<void> {
    this.closing ??= this.finish(undefined);
    return this.closing;
  }

  // The binding allows one write at a time; what queued meanwhile goes out as one.
  private async pump(): Promise<void> {
    this.writing = true;
    while (this.open && this.queue.length > 0) {
      const chunk = this.queue.length === 1 ? this.queue[0]! : Buffer.concat(this.queue);
      this.queue = [];
      try {
        await this.port.write(chunk);
      } catch (error) {
        this.lost(error);
        break;
      }
      this.queued -= chunk.length;
    }
    this.writing = false;
  }

  private async readLoop(): Promise<void> {
    const buffer = Buffer.allocUnsafe(READ_SIZE);
    while (this.open) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await this.port.read(buffer, 0, READ_SIZE));
      } catch (error) {
        // A read canceled by our own close is not a loss.
        if (!(error as { canceled?: boolean }).canceled) this.lost(error);
        return;
      }
      if (this.open) this.events.onData(buffer.subarray(0, bytesRead));
    }
  }

  private async checkPresence(): Promise<void> {
    try {
      await stat(this.path);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') this.lost(error);
    }
  }

  private lost(error: unknown): void {
    if (this.closing !== undefined) return;
    const reason = new SerialError('EIO', `serial port ${this.path} was disconnected`, {
      cause: error,
    });
    this.closing = this.finish(reason);
  }

  private async finish(reason: SerialError | undefined): Promise<void> {
    this.open = false;
    clearInterval(this.presence);
    this.queue = [];
    this.queued = 0;
    try {
      await this.port.close();
    } catch {
      // Already closed by the OS (device gone): nothing left to release.
    }
    this.events.onClose(reason);
  }
}

/** The real binding: `serialport`'s native addon. */
export function createSerialBinding(): SerialBinding {
  return {
    list: listPorts,
    async open(path, baud, events) {
      let port: NativePort;
      try {
        // lock: an exclusive flock, so two programs do not split one radio's bytes.
        port = await SerialPort.binding.open({ path, baudRate: baud, lock: true });
      } catch (error) {
        throw serialOpenError(error, path);
      }
      return new NativeConnection(port, path, events);
    },
  };
}

async function listPorts(): Promise<SerialPortInfo[]> {
  // On Linux `serialport` spawns `udevadm`; where it is missing (containers,
  // minimal installs) that spawn failure can take the process down.
  if (process.platform === 'linux' && !onPath('udevadm')) return listFromSysfs();
  try {
    const ports = await SerialPort.list();
    return ports.map((port) => ({
      path: port.path,
      manufacturer: port.manufacturer,
      serialNumber: port.serialNumber,
      vendorId: port.vendorId?.toLowerCase(),
      productId: port.productId?.toLowerCase(),
    }));
  } catch (error) {
    if (process.platform === 'linux') return listFromSysfs();
    throw error;
  }
}

function onPath(command: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

const DEVICE_NAME = /^tty(USB|ACM|AMA|S)\d+$/;

/** Linux without udev: the usual device names, described by what sysfs knows. */
export function listFromSysfs(dev = '/dev', sys = '/sys/class/tty'): SerialPortInfo[] {
  const names = new Set<string>();
  for (const name of safeReaddir(dev)) if (DEVICE_NAME.test(name)) names.add(name);
  // Devices that only appear under their stable by-id names.
  for (const link of safeReaddir(join(dev, 'serial', 'by-id'))) {
    const target = safeRealpath(join(dev, 'serial', 'by-id', link));
    if (target !== undefined) names.add(basename(target));
  }
  const ports: SerialPortInfo[] = [];
  for (const name of [...names].sort(byDeviceName)) {
    const info = describeTty(name, sys);
    if (info !== undefined) ports.push({ path: join(dev, name), ...info });
  }
  return ports;
}

function describeTty(name: string, sys: string): Omit<SerialPortInfo, 'path'> | undefined {
  const device = safeRealpath(join(sys, name, 'device'));
  // No device behind it: a virtual console, not a port.
  if (device === undefined) return undefined;
  // The kernel creates ttyS0..31 whether or not a UART is there; type 0 means none.
  if (name.startsWith('ttyS') && (readText(join(sys, name, 'type')) ?? '0') === '0') {
    return undefined;
  }
  const subsystem = basename(safeRealpath(join(device, 'subsystem')) ?? '');
  // usb-serial (ttyUSB) sits below the USB interface; cdc-acm (ttyACM) is the interface.
  const usbInterface =
    subsystem === 'usb-serial' ? dirname(device) : subsystem === 'usb' ? device : undefined;
  if (usbInterface === undefined) return {};
  const usbDevice = dirname(usbInterface);
  return {
    manufacturer: readText(join(usbDevice, 'manufacturer')),
    serialNumber: readText(join(usbDevice, 'serial')),
    vendorId: readText(join(usbDevice, 'idVendor'))?.toLowerCase(),
    productId: readText(join(usbDevice, 'idProduct'))?.toLowerCase(),
  };
}

function byDeviceName(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function readText(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8').trim();
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}
