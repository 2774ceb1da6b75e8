// What the broker links need to know of a frame without decoding it: that a
// message holds exactly one frame, who sent it, which system it is for (its
// `to` topic) and how carefully the broker must deliver it.

import type { MessageDef } from '../mavlink/definition';
import {
  CHECKSUM_LENGTH,
  HEADER_V1,
  HEADER_V2,
  INCOMPAT_SIGNED,
  MAGIC_V1,
  MAGIC_V2,
  SIGNATURE_LENGTH,
} from '../mavlink/frame';

export interface FrameHeader {
  sysid: number;
  compid: number;
  msgid: number;
}

/**
 * The header of a message that holds exactly one frame (by the length its
 * header announces), or null. The CRC and signature are checked later, by
 * the link; this only keeps one message from spilling into the next.
 */
export function wholeFrame(bytes: Uint8Array): FrameHeader | null {
  const magic = bytes[0];
  if (magic === MAGIC_V2) {
    if (bytes.length < HEADER_V2 + CHECKSUM_LENGTH) return null;
    const signed = (bytes[2]! & INCOMPAT_SIGNED) !== 0;
    const length = HEADER_V2 + bytes[1]! + CHECKSUM_LENGTH + (signed ? SIGNATURE_LENGTH : 0);
    if (bytes.length !== length) return null;
    return {
      sysid: bytes[5]!,
      compid: bytes[6]!,
      msgid: bytes[7]! | (bytes[8]! << 8) | (bytes[9]! << 16),
    };
  }
  if (magic === MAGIC_V1) {
    if (bytes.length !== HEADER_V1 + (bytes[1] ?? 0) + CHECKSUM_LENGTH) return null;
    return { sysid: bytes[3]!, compid: bytes[4]!, msgid: bytes[5]! };
  }
  return null;
}

/** Traffic a lost frame would stall or mislead: commands, missions, parameters, signing setup. */
function deliveredOnce(name: string): boolean {
  if (name === 'MISSION_CURRENT' || name === 'MISSION_ITEM_REACHED') return false;
  return (
    name.startsWith('COMMAND_') ||
    name.startsWith('MISSION_') ||
    name.startsWith('PARAM_') ||
    name === 'SET_MODE' ||
    name === 'SETUP_SIGNING' ||
    name === 'REQUEST_DATA_STREAM' ||
    name.startsWith('FENCE_') ||
    name.startsWith('RALLY_')
  );
}

/** Per message id: where its target_system is, and its QoS on the broker. */
export class FrameRouting {
  /** Payload offset of `target_system`, or -1 when the message has none. */
  private readonly targetOffset = new Int16Array(1 << 16).fill(-1);
  private readonly qos1 = new Set<number>();

  constructor(messages: readonly MessageDef[]) {
    for (const def of messages) {
      if (def.id >= 1 << 16) continue;
      const target = def.fields.find((f) => f.name === 'target_system' && f.arrayLength === 0);
      if (target !== undefined && !target.extension) this.targetOffset[def.id] = target.offset;
      if (deliveredOnce(def.name)) this.qos1.add(def.id);
    }
  }

  /** QoS 1 (at least once) for commands, missions and parameters; 0 for telemetry. */
  qos(msgid: number): 0 | 1 {
    return this.qos1.has(msgid) ? 1 : 0;
  }

  /**
   * The system a whole frame is addressed to; 0 when it is for every system
   * (no target_system field, or 0 there). A MAVLink 2 payload cut short
   * before the field reads as 0, as it does on receive.
   */
  target(bytes: Uint8Array, msgid: number): number {
    const offset = msgid < 1 << 16 ? this.targetOffset[msgid]! : -1;
    if (offset < 0) return 0;
    const v2 = bytes[0] === MAGIC_V2;
    const payloadLength = bytes[1]!;
    if (offset >= payloadLength) return 0;
    return bytes[(v2 ? HEADER_V2 : HEADER_V1) + offset]!;
  }
}
