// Answers from a vehicle (COMMAND_ACK, the mission protocol's messages)
// target the ground station that asked; another operator's answers on the
// same link are not ours.

/** Our own system and component id; 255/190 where none is given (tests, old callers). */
export interface GcsAddress {
  readonly sysid: number;
  readonly compid: number;
}

export function gcsAddress(options: { gcsSysid?: number; gcsCompid?: number }): GcsAddress {
  return { sysid: options.gcsSysid ?? 255, compid: options.gcsCompid ?? 190 };
}

/** Whether a message's target fields name us: 0 (or a field the message lacks) is everyone. */
export function addressedTo(
  target: { target_system?: number; target_component?: number },
  gcs: GcsAddress,
): boolean {
  const { target_system: sys, target_component: comp } = target;
  return (
    (sys === undefined || sys === 0 || sys === gcs.sysid) &&
    (comp === undefined || comp === 0 || comp === gcs.compid)
  );
}
