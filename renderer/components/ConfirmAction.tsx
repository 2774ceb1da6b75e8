// A button that asks before it acts: the first press shows the question and
// a confirm button (focused, so Enter confirms and Escape cancels).

import { useState, type ReactNode } from 'react';

interface Props {
  label: string;
  /** The question, in plain words: what will happen. */
  question: ReactNode;
  confirmLabel?: string;
  onConfirm: () => void;
  disabled?: boolean;
  /** Why this session may not do it (watch only): disabled, with the reason shown on hover. */
  refusal?: string | null;
  pending?: boolean;
  danger?: boolean;
  testId?: string;
}

export function ConfirmAction(props: Props): ReactNode {
  const [asking, setAsking] = useState(false);
  const { label, question, onConfirm, disabled, pending, danger, testId } = props;
  const refusal = props.refusal ?? null;
  if (!asking) {
    return (
      <button
        type="button"
        className={danger ? 'danger' : undefined}
        data-testid={testId}
        disabled={disabled === true || pending === true || refusal !== null}
        title={refusal ?? undefined}
        onClick={() => setAsking(true)}
      >
        {pending ? `${label}…` : label}
      </button>
    );
  }
  return (
    <span
      className="confirm"
      role="group"
      aria-label={`Confirm: ${label}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setAsking(false);
      }}
    >
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        className={danger ? 'danger' : 'primary'}
        autoFocus
        data-testid={testId === undefined ? undefined : `${testId}-confirm`}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {props.confirmLabel ?? `Yes, ${label.toLowerCase()}`}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
