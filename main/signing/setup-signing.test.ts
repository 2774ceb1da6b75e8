import { describe, expect, it } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { keyFromHex } from './key';
import { disableSigningFrame, setupSigningFrame } from './setup-signing';
import { parsedView } from './testing/sample-frames';

const codec = createCodec();
const KEY = keyFromHex('a5'.repeat(16) + '0f'.repeat(16));
const HEADER = { seq: 7, sysid: 255, compid: 190 };
const TARGET = { targetSystem: 1, targetComponent: 1 };

function decoded(frame: Uint8Array) {
  const view = parsedView(codec, frame);
  return { msgid: view.msgid, version: view.version, fields: codec.decode(view) };
}

describe('SETUP_SIGNING', () => {
  it('carries the target, the key and the initial timestamp', () => {
    const frame = setupSigningFrame(codec, TARGET, KEY, 123_456_789_012, HEADER);
    expect(decoded(frame)).toEqual({
      msgid: 256,
      version: 2,
      fields: {
        target_system: 1,
        target_component: 1,
        secret_key: [...KEY.exportBytes()],
        initial_timestamp: 123_456_789_012n,
      },
    });
  });

  it('refuses a broadcast target system or component', () => {
    expect(() =>
      setupSigningFrame(codec, { targetSystem: 0, targetComponent: 1 }, KEY, 1, HEADER),
    ).toThrow('target system of 1..255 (0 would broadcast the key)');
    expect(() =>
      setupSigningFrame(codec, { targetSystem: 1, targetComponent: 0 }, KEY, 1, HEADER),
    ).toThrow('target component of 1..255');
  });

  it('refuses initial timestamp 0, which only means "signing off"', () => {
    expect(() => setupSigningFrame(codec, TARGET, KEY, 0, HEADER)).toThrow('initial timestamp');
  });

  it('turns signing off with an all-zero key and timestamp 0', () => {
    const frame = disableSigningFrame(codec, TARGET, HEADER);
    expect(decoded(frame).fields).toEqual({
      target_system: 1,
      target_component: 1,
      secret_key: new Array(32).fill(0),
      initial_timestamp: 0n,
    });
  });
});
