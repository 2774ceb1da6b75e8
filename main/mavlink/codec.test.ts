import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCodec } from './ardupilotmega';
import type { FieldValue, Fields } from './codec';
import type { FieldDef, MessageDef } from './definition';
import { FrameParser } from './parser';

const codec = createCodec();

function roundTrip(frame: Uint8Array): Fields[] {
  const out: Fields[] = [];
  const parser = new FrameParser(codec, (f) => out.push(codec.decode(f)!));
  parser.push(frame);
  parser.end();
  return out;
}

const INT_RANGE: Record<string, [number, number]> = {
  uint8_t: [0, 0xff],
  int8_t: [-0x80, 0x7f],
  uint16_t: [0, 0xffff],
  int16_t: [-0x8000, 0x7fff],
  uint32_t: [0, 0xffff_ffff],
  int32_t: [-0x8000_0000, 0x7fff_ffff],
};

function scalar(type: FieldDef['type']): fc.Arbitrary<number | bigint> {
  switch (type) {
    case 'uint64_t':
      return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    case 'int64_t':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'float':
      return fc.float();
    case 'double':
      return fc.double();
    default: {
      const [min, max] = INT_RANGE[type]!;
      return fc.integer({ min, max });
    }
  }
}

function fieldArbitrary(field: FieldDef): fc.Arbitrary<FieldValue> {
  if (field.type === 'char') {
    const chars = fc.integer({ min: 1, max: 0x7f }).map((c) => String.fromCharCode(c));
    return fc.array(chars, { maxLength: Math.max(1, field.arrayLength) }).map((cs) => cs.join(''));
  }
  if (field.arrayLength > 0) {
    return fc.array(scalar(field.type), {
      minLength: field.arrayLength,
      maxLength: field.arrayLength,
    }) as fc.Arbitrary<FieldValue>;
  }
  return scalar(field.type);
}

function messageArbitrary(def: MessageDef): fc.Arbitrary<Fields> {
  const shape: Record<string, fc.Arbitrary<FieldValue>> = {};
  for (const field of def.fields) shape[field.name] = fieldArbitrary(field);
  return fc.record(shape);
}

describe('Codec', () => {
  it('decodes what it encoded, for random values of every message', () => {
    for (const def of codec.messages) {
      fc.assert(
        fc.property(messageArbitrary(def), fc.nat(255), (fields, seq) => {
          const frame = codec.encodeFrame(def, fields, { version: 2, seq, sysid: 1, compid: 1 });
          expect(roundTrip(frame)).toEqual([fields]);
        }),
        { numRuns: 15 },
      );
    }
  });

  it('names decoded fields as the XML does, in XML order', () => {
    const def = codec.byName('HEARTBEAT')!;
    const [fields] = roundTrip(
      codec.encodeFrame(def, {}, { version: 2, seq: 0, sysid: 1, compid: 1 }),
    );
    expect(Object.keys(fields!)).toEqual([
      'type',
      'autopilot',
      'base_mode',
      'custom_mode',
      'system_status',
      'mavlink_version',
    ]);
  });

  it('drops trailing zero bytes from a MAVLink 2 payload', () => {
    const def = codec.byName('ATTITUDE')!; // 28 bytes: time_boot_ms then six floats
    const frame = codec.encodeFrame(
      def,
      { time_boot_ms: 5 },
      { version: 2, seq: 0, sysid: 1, compid: 1 },
    );
    expect(frame[1]).toBe(1); // payload length: only the first byte is non-zero
    expect(roundTrip(frame)[0]).toMatchObject({ time_boot_ms: 5, roll: 0, yawspeed: 0 });
  });

  it('keeps one payload byte when every byte is zero', () => {
    const def = codec.byName('HEARTBEAT')!;
    const frame = codec.encodeFrame(def, {}, { version: 2, seq: 0, sysid: 1, compid: 1 });
    expect(frame[1]).toBe(1);
  });

  it('sends only the base fields in MAVLink 1 and reads missing extensions as zero', () => {
    const def = codec.byName('SYS_STATUS')!;
    const frame = codec.encodeFrame(
      def,
      { voltage_battery: 12_600, onboard_control_sensors_present_extended: 7 },
      { version: 1, seq: 3, sysid: 1, compid: 1 },
    );
    expect(frame[1]).toBe(def.baseLength);
    expect(roundTrip(frame)[0]).toMatchObject({
      voltage_battery: 12_600,
      onboard_control_sensors_present_extended: 0,
    });
  });

  it('refuses to send a message id above 255 as MAVLink 1', () => {
    const def = codec.byName('SETUP_SIGNING')!;
    expect(() => codec.encodeFrame(def, {}, { version: 1, seq: 0, sysid: 1, compid: 1 })).toThrow(
      /cannot be sent as MAVLink 1/,
    );
  });

  it('decodes a char array without its trailing NULs and a full one without a terminator', () => {
    const def = codec.byName('STATUSTEXT')!;
    const short = codec.encodeFrame(
      def,
      { severity: 4, text: 'PreArm: check' },
      { version: 2, seq: 0, sysid: 1, compid: 1 },
    );
    const full = 'x'.repeat(50);
    const long = codec.encodeFrame(
      def,
      { severity: 4, text: full },
      { version: 2, seq: 0, sysid: 1, compid: 1 },
    );
    expect(roundTrip(short)[0]!.text).toBe('PreArm: check');
    expect(roundTrip(long)[0]!.text).toBe(full);
  });

  it('decodes UTF-8 text', () => {
    const def = codec.byName('STATUSTEXT')!;
    const frame = codec.encodeFrame(
      def,
      { text: 'Höhe 120 m' },
      { version: 2, seq: 0, sysid: 1, compid: 1 },
    );
    expect(roundTrip(frame)[0]!.text).toBe('Höhe 120 m');
  });

  it('encodes the sender, sequence number and message id in the header', () => {
    const def = codec.byName('SETUP_SIGNING')!; // id 256 needs the second msgid byte
    const frame = codec.encodeFrame(
      def,
      { target_system: 1 },
      { version: 2, seq: 300, sysid: 255, compid: 190 },
    );
    // Payload: initial_timestamp (8 zero bytes) then target_system; the key after it is all zero.
    expect(Array.from(frame.subarray(0, 10))).toEqual([
      0xfd,
      9,
      0,
      0,
      300 & 0xff,
      255,
      190,
      0,
      1,
      0,
    ]);
  });
});
