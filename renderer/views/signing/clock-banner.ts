// What the signing view says when Sigil's outgoing signing clock cannot be
// trusted: what is wrong, with which file, that signed frames are held, and
// why holding them is the safe thing to do.

import type { SigningClockHealth } from '../../../protocol/wire-types';

export interface ClockBannerText {
  title: string;
  /** The files and what is wrong with each. */
  problems: string[];
  /** Whether signed frames are held now, and how many so far. */
  held: string;
  /** Why holding them is safe. */
  why: string;
}

const REUSE =
  'A timestamp used twice would let a recording of an old signed frame be accepted again.';

// Whether any signed frame has been tried yet or not, none goes out while
// the clock is unproven or exhausted.
function heldText(clock: SigningClockHealth, until: string): string {
  const count = clock.held === 1 ? '1 so far' : `${clock.held} so far`;
  return `Signed frames (commands, heartbeats) are held, not sent, ${until} (${count}).`;
}

/** The banner's words, or null when the clock is sound. */
export function clockBannerText(clock: SigningClockHealth | null): ClockBannerText | null {
  if (clock === null || clock.state === 'ok') return null;
  const problems = clock.problems.map((p) => `${p.file}: ${p.reason}`);
  switch (clock.state) {
    case 'unproven':
      return {
        title: 'The signing clock could not be read',
        problems,
        held: heldText(clock, 'until a signed frame from a vehicle is accepted'),
        why:
          `${REUSE} Without the saved clock Sigil cannot prove its next timestamps are new. ` +
          'A vehicle’s accepted signed frame is dated after every frame of ours it ever took; ' +
          'Sigil then goes on above it, so nothing it sends can repeat one.',
      };
    case 'unsaved':
      return {
        title: 'The signing clock cannot be saved',
        problems,
        held: clock.holding
          ? heldText(clock, 'until the clock can be saved')
          : 'Signed frames still go out, up to 60 s past the last saved value; then they are held until the clock can be saved.',
        why:
          `${REUSE} After a restart Sigil begins 60 s past the value on disk; going no ` +
          'further than that means no restart can reuse a timestamp.',
      };
    case 'exhausted':
      return {
        title: 'The signing clock has reached its 48-bit limit',
        problems,
        held: heldText(clock, 'for good'),
        why: `${REUSE} No timestamp is left above the last one used.`,
      };
  }
}
