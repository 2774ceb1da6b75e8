// A number input that keeps what the pilot types ("1.", "-") while it is
// not yet a number, passes on each value that is, and follows the value it
// is given when that changes elsewhere (a drag on the map, an undo).

import { useState, type ReactNode } from 'react';

interface Props {
  value: number | null;
  onChange: (value: number | null) => void;
  /** An empty field means "no value" (null); otherwise it is invalid. */
  allowEmpty?: boolean;
  min?: number;
  max?: number;
  label: string;
  className?: string;
  disabled?: boolean;
  testId?: string;
}

function shown(value: number | null): string {
  return value === null ? '' : String(Number(value.toPrecision(9)));
}

function parse(text: string, props: Props): { ok: boolean; value: number | null } {
  if (text.trim() === '') return { ok: props.allowEmpty === true, value: null };
  const n = Number(text);
  const inRange =
    Number.isFinite(n) &&
    (props.min === undefined || n >= props.min) &&
    (props.max === undefined || n <= props.max);
  return { ok: inRange, value: inRange ? n : null };
}

export function NumberField(props: Props): ReactNode {
  const { value, onChange, label, className, disabled, testId } = props;
  const [field, setField] = useState({ text: shown(value), value });
  if (field.value !== value) setField({ text: shown(value), value });
  const valid = parse(field.text, props).ok;
  return (
    <input
      type="text"
      inputMode="decimal"
      className={className ?? 'narrow'}
      aria-label={label}
      aria-invalid={!valid}
      disabled={disabled}
      data-testid={testId}
      value={field.text}
      onChange={(e) => {
        const text = e.target.value;
        const parsed = parse(text, props);
        setField({ text, value: parsed.ok ? parsed.value : field.value });
        if (parsed.ok && parsed.value !== value) onChange(parsed.value);
      }}
    />
  );
}
