// A scripted ground station for tests of the simulated vehicle: it encodes
// real frames (signed when given a key), feeds them to the vehicle, and
// decodes everything the vehicle sends. Time is a fake clock moved by hand.

import { telemetryRequests } from '../../core/telemetry-request';
import { createCodec } from '../../mavlink/ardupilotmega';
import type { Fields } from '../../mavlink/codec';
import { MAV_AUTOPILOT, type MessageMap, type MessageName } from '../../mavlink/dialect';
import { INCOMPAT_SIGNED, SIGNATURE_LENGTH } from '../../mavlink/frame';
import { FrameParser } from '../../mavlink/parser';
import { SigningClock } from '../../signing/clock';
import { FrameMac } from '../../signing/frame-mac';
import type { SigningKey } from '../../signing/key';
import { Signer } from '../../signing/sign';
import { withSignatureBlock } from '../../signing/signature-block';
import { readTimestamp, timestampFromUnixMs } from '../../signing/timestamp';
import { SimVehicle, type SimEvent, type SimVehicleOptions } from '../vehicle';
import { testSealer } from '../../storage/testing/sealer';

export const GCS_SYSID = 255;
export const GCS_COMPID = 190;
/** 2025-06-01T00:00:00Z: the fake clock's start. */
export const T0 = Date.UTC(2025, 5, 1);

export interface Received {
  readonly name: string;
  readonly msgid: number;
  readonly fields: Fields;
  readonly signed: boolean;
  readonly sysid: number;
  readonly compid: number;
  /** A copy of the whole frame. */
  readonly bytes: Uint8Array;
  /** The signature block's timestamp, for signed frames. */
  readonly timestamp: number | undefined;
}

export class FakeClock {
  constructor(public ms = T0) {}
  readonly now = (): number => this.ms;
}

export class TestGcs {
  readonly codec = createCodec();
  readonly received: Received[] = [];
  private signer: Signer | undefined;
  private seq = 0;
  private readonly parser = new FrameParser(this.codec, (frame) => {
    const def = frame.def;
    const bytes = frame.bytes().slice();
    this.received.push({
      name: def?.name ?? `#${frame.msgid}`,
      msgid: frame.msgid,
      fields: this.codec.decode(frame) ?? {},
      signed: frame.signed,
      sysid: frame.sysid,
      compid: frame.compid,
      bytes,
      timestamp: frame.signed
        ? readTimestamp(bytes, bytes.length - SIGNATURE_LENGTH + 1)
        : undefined,
    });
  });

  constructor(
    readonly sim: SimVehicle,
    readonly clock: FakeClock,
    readonly events: SimEvent[] = [],
  ) {
    sim.onSend = (frame) => this.parser.push(frame);
  }

  /** A vehicle on a fake clock with this GCS attached. */
  static async start(options: SimVehicleOptions = {}, clock = new FakeClock()): Promise<TestGcs> {
    const events: SimEvent[] = [];
    const sim = await SimVehicle.open({
      clock: clock.now,
      sealer: testSealer,
      onEvent: (e) => events.push(e),
      ...options,
    });
    return new TestGcs(sim, clock, events);
  }

  /** Signs what this GCS sends from now on (link id 1), or stops signing. */
  useKey(key: SigningKey | undefined, linkId = 1): void {
    this.signer =
      key === undefined
        ? undefined
        : new Signer(
            new FrameMac(key),
            linkId,
            new SigningClock({ wallClock: () => timestampFromUnixMs(this.clock.ms) }),
          );
  }

  /** Encodes a frame as this GCS, hands it to the vehicle and returns its bytes. */
  send<N extends MessageName>(name: N, fields: Partial<MessageMap[N]>): Uint8Array {
    const frame = this.encode(name, fields);
    this.sim.receive(frame);
    return frame;
  }

  encode<N extends MessageName>(
    name: N,
    fields: Partial<MessageMap[N]>,
    signer = this.signer,
  ): Uint8Array {
    const def = this.codec.byName(name)!;
    const frame = this.codec.encodeFrame(def, fields, {
      version: 2,
      seq: this.seq++ & 0xff,
      sysid: GCS_SYSID,
      compid: GCS_COMPID,
      incompatFlags: signer === undefined ? 0 : INCOMPAT_SIGNED,
    });
    signer?.sign(frame);
    return frame;
  }

  /** A copy of an unsigned MAVLink 2 frame, signed with this GCS's key. */
  sign(frame: Uint8Array): Uint8Array {
    const signer = this.signer;
    if (signer === undefined) throw new Error('useKey first');
    const def = this.codec.byId(frame[7]! | (frame[8]! << 8) | (frame[9]! << 16))!;
    const out = withSignatureBlock(frame, def);
    signer.sign(out);
    return out;
  }

  command(command: number, params: number[] = [], target = this.sim.sysid): Uint8Array {
    const [param1 = 0, param2 = 0, param3 = 0, param4 = 0, param5 = 0, param6 = 0, param7 = 0] =
      params;
    return this.send('COMMAND_LONG', {
      target_system: target,
      target_component: 1,
      command,
      param1,
      param2,
      param3,
      param4,
      param5,
      param6,
      param7,
    });
  }

  /** Asks for telemetry as Sigil asks an ArduPilot vehicle: the vehicle sends only HEARTBEAT until then. */
  requestStreams(): void {
    const target = { sysid: this.sim.sysid, compid: 1 };
    for (const request of telemetryRequests(MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA, target)) {
      this.send(request.name, request.fields);
    }
  }

  /** Moves the fake clock on by `ms`, ticking the vehicle every `stepMs`. */
  run(ms: number, stepMs = 20): void {
    const end = this.clock.ms + ms;
    while (this.clock.ms < end) {
      this.clock.ms = Math.min(end, this.clock.ms + stepMs);
      this.sim.tick(this.clock.ms);
    }
  }

  /** Forgets what was received so far. */
  clear(): void {
    this.received.length = 0;
  }

  named(name: string): Received[] {
    return this.received.filter((r) => r.name === name);
  }

  last(name: string): Received | undefined {
    return this.named(name).at(-1);
  }

  acks(command: number): number[] {
    return this.named('COMMAND_ACK')
      .filter((r) => r.fields.command === command)
      .map((r) => r.fields.result as number);
  }

  texts(): string[] {
    return this.named('STATUSTEXT').map((r) => r.fields.text as string);
  }
}
