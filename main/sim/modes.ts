// ArduCopter flight modes as the simulated vehicle knows them: the custom
// mode numbers HEARTBEAT carries, which of them may be armed in, and which
// of them need a position fix.

import { COPTER_MODE } from '../mavlink/dialect';

export type CopterMode = (typeof COPTER_MODE)[keyof typeof COPTER_MODE];

interface ModeInfo {
  readonly name: string;
  /** Copter refuses to arm in modes that would move the vehicle on their own. */
  readonly armable: boolean;
  readonly needsPosition: boolean;
  /** Flies the circle while airborne (the sim's stand-in for a mission or a guided target). */
  readonly circles: boolean;
}

const MODES = new Map<number, ModeInfo>([
  [COPTER_MODE.COPTER_MODE_STABILIZE, mode('STABILIZE', true, false)],
  [COPTER_MODE.COPTER_MODE_ACRO, mode('ACRO', true, false)],
  [COPTER_MODE.COPTER_MODE_ALT_HOLD, mode('ALT_HOLD', true, false)],
  [COPTER_MODE.COPTER_MODE_AUTO, mode('AUTO', false, true, true)],
  [COPTER_MODE.COPTER_MODE_GUIDED, mode('GUIDED', true, true, true)],
  [COPTER_MODE.COPTER_MODE_LOITER, mode('LOITER', true, true, true)],
  [COPTER_MODE.COPTER_MODE_RTL, mode('RTL', false, true)],
  [COPTER_MODE.COPTER_MODE_CIRCLE, mode('CIRCLE', false, true, true)],
  [COPTER_MODE.COPTER_MODE_LAND, mode('LAND', false, false)],
  [COPTER_MODE.COPTER_MODE_POSHOLD, mode('POSHOLD', true, true)],
  [COPTER_MODE.COPTER_MODE_BRAKE, mode('BRAKE', false, true)],
  [COPTER_MODE.COPTER_MODE_SMART_RTL, mode('SMART_RTL', false, true)],
]);

function mode(name: string, armable: boolean, needsPosition: boolean, circles = false): ModeInfo {
  return { name, armable, needsPosition, circles };
}

/** Whether the sim flies this mode (others are refused like a mode not built into the firmware). */
export function isSupportedMode(mode: number): mode is CopterMode {
  return MODES.has(mode);
}

export function modeName(mode: number): string {
  return MODES.get(mode)?.name ?? `MODE(${mode})`;
}

export function isArmableMode(mode: number): boolean {
  return MODES.get(mode)?.armable ?? false;
}

export function modeNeedsPosition(mode: number): boolean {
  return MODES.get(mode)?.needsPosition ?? false;
}

export function modeCircles(mode: number): boolean {
  return MODES.get(mode)?.circles ?? false;
}

/** RTL-like modes: fly home, then land. */
export function modeReturns(mode: number): boolean {
  return mode === COPTER_MODE.COPTER_MODE_RTL || mode === COPTER_MODE.COPTER_MODE_SMART_RTL;
}

/** The modes this copter flies, in number order: what it lists in AVAILABLE_MODES. */
export function availableModes(): { customMode: number; name: string }[] {
  return [...MODES.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([customMode, info]) => ({ customMode, name: info.name }));
}
