// A vehicle command sent from a view, and the vehicle's answer shown next
// to the control that sent it (one answer at a time per panel).

import { useState, type ReactNode } from 'react';
import type { RequestPayload } from '../../../protocol/contract';
import type { CommandResult } from '../../../protocol/wire-types';
import { useApi } from '../../api/context';
import { errorMessage } from '../../components/format';

export type Command = RequestPayload<'vehicles.command'>;

export interface Outcome<A extends string> {
  action: A;
  pending: boolean;
  result: CommandResult | null;
  error: string | null;
}

/** The last command's outcome, and the way to send the next one. */
export function useCommand<A extends string>(): {
  outcome: Outcome<A> | null;
  busy: boolean;
  send: (action: A, command: Command) => void;
} {
  const api = useApi();
  const [outcome, setOutcome] = useState<Outcome<A> | null>(null);
  const send = (action: A, command: Command): void => {
    setOutcome({ action, pending: true, result: null, error: null });
    api.request('vehicles.command', command).then(
      ({ result }) => setOutcome({ action, pending: false, result, error: null }),
      (error: unknown) =>
        setOutcome({ action, pending: false, result: null, error: errorMessage(error) }),
    );
  };
  return { outcome, busy: outcome?.pending === true, send };
}

export function ResultLine<A extends string>({
  outcome,
  action,
}: {
  outcome: Outcome<A> | null;
  action: A;
}): ReactNode {
  if (outcome === null || outcome.action !== action) return null;
  if (outcome.pending)
    return <output className="command-result pending">Waiting for the vehicle…</output>;
  if (outcome.error !== null) {
    return (
      <output
        className="command-result bad"
        data-testid="command-result"
        data-status="error"
        role="alert"
      >
        {outcome.error}
      </output>
    );
  }
  const r = outcome.result!;
  // A refusal leads with the vehicle's own words ("PreArm: Need Position Estimate").
  if (r.status === 'denied' && r.reasons.length > 0) {
    return (
      <output
        className="command-result bad"
        data-testid="command-result"
        data-status={r.status}
        role="alert"
      >
        Not done: <span data-testid="command-reasons">{r.reasons.join('; ')}</span>{' '}
        <span className="hint">({r.result.replace(/^MAV_RESULT_/, '')})</span>
      </output>
    );
  }
  return (
    <output
      className={`command-result ${r.status === 'accepted' ? 'good' : 'bad'}`}
      data-testid="command-result"
      data-status={r.status}
      role={r.status === 'accepted' ? 'status' : 'alert'}
    >
      {r.status === 'accepted' ? 'Accepted' : r.status === 'timed-out' ? 'No answer' : 'Not done'}:{' '}
      {r.message}
    </output>
  );
}
