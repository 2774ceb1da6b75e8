// What the Api's tests share: a service on a temporary data folder, typed
// requests, an event recorder, and the simulated vehicle on a loopback port.

import type { SerialBinding } from '../../../native/serial';
import { freeUdpPort } from '../../testing/ports';
import { tempDir } from '../../testing/temp-dir';
import type {
  ErrorPacket,
  EventPacket,
  EventType,
  RequestPayload,
  RequestType,
  Responses,
} from '../../../protocol/contract';
import { ApiService, type ApiStartOptions } from '../service';

export const fakeSerial: SerialBinding = {
  list: () =>
    Promise.resolve([
      { path: '/dev/ttyACM0', manufacturer: 'ArduPilot', vendorId: '1209', productId: '5741' },
    ]),
  open: () => Promise.reject(new Error('no serial ports in these tests')),
};

const services: ApiService[] = [];

/** A service with no default link; closed by `closeServices`. */
export async function startService(options: Partial<ApiStartOptions> = {}): Promise<ApiService> {
  const service = await ApiService.start({
    dataDir: tempDir('sigil-api-'),
    serial: fakeSerial,
    defaultLink: null,
    sim: { gpsFixDelayMs: 0 },
    ...options,
  });
  services.push(service);
  return service;
}

export async function closeServices(): Promise<void> {
  for (const service of services.splice(0).reverse()) await service.close();
}

let nextId = 0;

/** Sends a request; fails the test with the service's message if it answers an error. */
export async function call<T extends RequestType>(
  service: ApiService,
  packetType: T,
  payload: RequestPayload<T>,
): Promise<Responses[T]> {
  const packetId = `t${++nextId}`;
  const answer = await service.handle({ packetId, packetType, ...payload });
  if (answer.packetType === 'service.error') {
    throw new Error(`${packetType} answered an error: ${answer.message}`);
  }
  if (answer.packetId !== packetId || answer.packetType !== `${packetType}.result`) {
    throw new Error(`${packetType} answered the wrong packet: ${JSON.stringify(answer)}`);
  }
  const result: Record<string, unknown> = { ...answer };
  delete result.packetId;
  delete result.packetType;
  return result as Responses[T];
}

/** Sends anything and expects a refusal. */
export async function refused(service: ApiService, raw: unknown): Promise<ErrorPacket> {
  const answer = await service.handle(raw);
  if (answer.packetType !== 'service.error') {
    throw new Error(`expected a service.error, got ${JSON.stringify(answer)}`);
  }
  return answer;
}

export interface EventLog {
  readonly all: EventPacket[];
  of<T extends EventType>(type: T): EventPacket<T>[];
  stop(): void;
}

export function recordEvents(service: ApiService): EventLog {
  const all: EventPacket[] = [];
  const stop = service.subscribe((event) => all.push(event));
  return {
    all,
    // EventPacket is not a union discriminated by packetType, hence the cast.
    of: <T extends EventType>(type: T) =>
      all.filter((e) => e.packetType === type) as unknown as EventPacket<T>[],
    stop,
  };
}

/** A UDP listener on a free loopback port, the simulated vehicle sending to it, and the vehicle heard. */
export async function withSim(service: ApiService): Promise<{ linkId: number; port: number }> {
  const port = await freeUdpPort();
  const { link } = await call(service, 'links.open', { connection: `udpin:127.0.0.1:${port}` });
  await call(service, 'sim.start', {});
  await waitForVehicle(service);
  return { linkId: link.id, port };
}

export async function waitForVehicle(service: ApiService, sysid = 1): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { vehicles } = await call(service, 'vehicles.list', {});
    if (vehicles.some((v) => v.sysid === sysid && v.mode !== null)) return;
    if (Date.now() > deadline) throw new Error('timed out waiting for the vehicle');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Polls an async check until it returns something other than undefined/false. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
