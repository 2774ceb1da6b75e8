// SETUP_SIGNING on the simulated vehicle, as ArduPilot handles it: refused
// while armed with a warning, otherwise the key and initial timestamp are
// taken and stored; an all-zero key turns signing off.

import { MAV_SEVERITY, type SETUP_SIGNING } from '../mavlink/dialect';
import { SigningKey } from '../signing/key';
import { MAX_TIMESTAMP, timestampFromUnixMs } from '../signing/timestamp';
import type { Copter } from './flight';
import type { SimSigning } from './signing';
import type { SimEvent } from './events';

/** ArduPilot's words, which a GCS may show or match. */
export const ARMED_REFUSAL = "Won't setup signing when armed";

export interface SetupContext {
  readonly sysid: number;
  readonly copter: Copter;
  readonly signing: SimSigning;
  now(): number;
  sendText(severity: number, text: string): void;
  emit(event: SimEvent): void;
  save(): Promise<void>;
}

export type SetupOutcome = 'not-for-us' | 'refused-armed' | 'enabled' | 'disabled';

export function handleSetupSigning(ctx: SetupContext, msg: SETUP_SIGNING): SetupOutcome {
  // A key is only ever taken when addressed to this vehicle by its own id: a
  // broadcast key would reach every system on the link.
  if (msg.target_system !== ctx.sysid) return 'not-for-us';
  if (msg.target_component !== 0 && msg.target_component !== 1) return 'not-for-us';
  if (ctx.copter.armed) {
    ctx.sendText(MAV_SEVERITY.MAV_SEVERITY_WARNING, ARMED_REFUSAL);
    return 'refused-armed';
  }
  const bytes = Uint8Array.from(msg.secret_key);
  // ArduPilot treats an all-zero key as no key, whatever the timestamp.
  if (bytes.every((b) => b === 0)) {
    ctx.signing.disable();
    ctx.emit({ kind: 'signing', enabled: false });
    void ctx.save();
    return 'disabled';
  }
  const key = SigningKey.fromBytes(bytes);
  const requested = Number(msg.initial_timestamp);
  const start =
    requested > 0 && requested <= MAX_TIMESTAMP ? requested : timestampFromUnixMs(ctx.now());
  ctx.signing.enable(key, start);
  ctx.emit({ kind: 'signing', enabled: true, fingerprint: key.fingerprint });
  void ctx.save();
  return 'enabled';
}
