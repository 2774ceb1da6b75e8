import type { ReactNode } from 'react';

interface Props {
  value: number;
  max: number;
  label: string;
  /** Show "N of M" after the label (counts a person reads, not bytes). */
  counts?: boolean;
  testId?: string;
}

/** A labelled bar; `max` 0 shows an indeterminate bar. */
export function ProgressBar({ value, max, label, counts = true, testId }: Props): ReactNode {
  const fraction = max > 0 ? Math.min(1, value / max) : null;
  return (
    <div className="progress" data-testid={testId}>
      <progress
        value={max > 0 ? value : undefined}
        max={max > 0 ? max : undefined}
        aria-label={label}
      />
      <span className="progress-text">
        {label}
        {fraction === null
          ? ''
          : counts
            ? ` ${value} of ${max} (${Math.floor(fraction * 100)}%)`
            : ` (${Math.floor(fraction * 100)}%)`}
      </span>
    </div>
  );
}
