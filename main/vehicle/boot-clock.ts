// A vehicle's time since boot, as its messages carry it (`time_boot_ms` in
// ATTITUDE, GLOBAL_POSITION_INT, SYSTEM_TIME and many more): when it goes
// backwards, the vehicle has rebooted and forgotten what it was asked.

/** Going back less than this is taken for messages stamped a little out of order. */
export const BACKWARDS_TOLERANCE_MS = 500;

export class BootClock {
  private lastMs: number | undefined;

  /** The vehicle's time since boot at its last message, if any carried one. */
  get uptimeMs(): number | undefined {
    return this.lastMs;
  }

  /**
   * Takes the `time_boot_ms` of one message; true when it went back: a
   * reboot (or the 49-day wrap of the 32-bit counter, which reads the same).
   */
  observe(timeBootMs: number): boolean {
    const last = this.lastMs;
    this.lastMs = timeBootMs;
    return last !== undefined && timeBootMs + BACKWARDS_TOLERANCE_MS < last;
  }
}
