import { describe, expect, it } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { INCOMPAT_SIGNED } from '../mavlink/frame';
import { FrameRouting, wholeFrame } from './mqtt-frames';

const codec = createCodec();
const routing = new FrameRouting(codec.messages);

function frame(name: string, fields: Record<string, unknown>, version: 1 | 2 = 2, flags = 0) {
  const def = codec.byName(name)!;
  return {
    def,
    bytes: codec.encodeFrame(def, fields, {
      version,
      seq: 0,
      sysid: 255,
      compid: 190,
      incompatFlags: flags,
    }),
  };
}

describe('wholeFrame', () => {
  it('reads the sender and message of a message that is one frame', () => {
    const { bytes, def } = frame('HEARTBEAT', {});
    expect(wholeFrame(bytes)).toEqual({ sysid: 255, compid: 190, msgid: def.id });
  });

  it('counts the signature of a signed frame', () => {
    const { bytes } = frame('HEARTBEAT', {}, 2, INCOMPAT_SIGNED);
    expect(wholeFrame(bytes)).not.toBeNull();
    expect(wholeFrame(bytes.subarray(0, bytes.length - 13))).toBeNull();
  });

  it('takes MAVLink 1 frames', () => {
    const { bytes } = frame('HEARTBEAT', {}, 1);
    expect(wholeFrame(bytes)).toMatchObject({ sysid: 255, compid: 190, msgid: 0 });
  });

  it('refuses half a frame, two frames and garbage', () => {
    const { bytes } = frame('HEARTBEAT', {});
    expect(wholeFrame(bytes.subarray(0, 8))).toBeNull();
    expect(wholeFrame(new Uint8Array([...bytes, ...bytes]))).toBeNull();
    expect(wholeFrame(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(wholeFrame(new Uint8Array(0))).toBeNull();
  });
});

describe('FrameRouting', () => {
  it('finds the target system of a message that has one', () => {
    const { bytes, def } = frame('COMMAND_LONG', { target_system: 42, target_component: 1 });
    expect(routing.target(bytes, def.id)).toBe(42);
  });

  it('reads target 0 of a MAVLink 2 payload whose trailing zeros were cut', () => {
    const { bytes, def } = frame('PARAM_REQUEST_LIST', { target_system: 0, target_component: 0 });
    expect(routing.target(bytes, def.id)).toBe(0);
  });

  it('gives 0 (every system) to a message without a target', () => {
    const { bytes, def } = frame('HEARTBEAT', {});
    expect(routing.target(bytes, def.id)).toBe(0);
  });

  it('finds the target of a MAVLink 1 frame', () => {
    const { bytes, def } = frame('SET_MODE', { target_system: 9, custom_mode: 4 }, 1);
    expect(routing.target(bytes, def.id)).toBe(9);
  });

  it('delivers commands, missions, parameters and signing setup at least once', () => {
    for (const name of [
      'COMMAND_LONG',
      'COMMAND_ACK',
      'MISSION_ITEM_INT',
      'PARAM_SET',
      'PARAM_VALUE',
      'SET_MODE',
      'SETUP_SIGNING',
    ]) {
      expect([name, routing.qos(codec.byName(name)!.id)]).toEqual([name, 1]);
    }
  });

  it('sends telemetry at most once', () => {
    for (const name of [
      'HEARTBEAT',
      'ATTITUDE',
      'GLOBAL_POSITION_INT',
      'MISSION_CURRENT',
      'RADIO_STATUS',
    ]) {
      expect([name, routing.qos(codec.byName(name)!.id)]).toEqual([name, 0]);
    }
  });
});
