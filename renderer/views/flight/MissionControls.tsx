// The mission on the vehicle, during flight: where it is in it, and the
// commands that run it (start in AUTO, pause, resume, go to item N), each
// asking first and showing the vehicle's answer.

import { useState, type ReactNode } from 'react';
import type { VehicleState } from '../../../protocol/wire-types';
import { ConfirmAction } from '../../components/ConfirmAction';
import { commandName } from '../../plan/commands';
import { liveTarget } from '../../store/keys';
import { showView, useCommandRefusal } from '../../store/session';
import { knownItems, useVehiclePlans } from '../../store/vehicle-plans';
import { ResultLine, useCommand } from './command-outcome';
import { linkLostRefusal } from './staleness';

type Action = 'start' | 'pause' | 'resume' | 'goto';

const STATE_WORDS: Record<string, string> = {
  NO_MISSION: 'no mission',
  NOT_STARTED: 'not started',
  ACTIVE: 'running',
  PAUSED: 'paused',
  COMPLETE: 'complete',
};

/** "Item 3 of 6: Waypoint", as the vehicle counts (home, item 0, left out of the total). */
function currentText(
  current: number | null,
  total: number | null,
  command: number | undefined,
): string {
  if (total === 0) return 'No mission on the vehicle';
  if (current === null) return 'Not reported yet';
  const of = total === null ? '' : ` of ${total}`;
  const what = command === undefined ? '' : `: ${commandName(command)}`;
  return `Item ${current}${of}${what}`;
}

export function MissionControls({ vehicle }: { vehicle: VehicleState }): ReactNode {
  const refusal = useCommandRefusal() ?? linkLostRefusal(vehicle);
  const { outcome, busy, send } = useCommand<Action>();
  const items = useVehiclePlans((s) => knownItems(s, vehicle, 'mission')?.items ?? null);
  const [goto, setGoto] = useState('');
  const target = liveTarget(vehicle);
  const m = vehicle.mission;
  const total = m.total ?? (items === null ? null : Math.max(0, items.length - 1));
  const current = m.current;
  const command = current === null ? undefined : items?.[current]?.command;
  const state = m.state === null ? null : (STATE_WORDS[m.state] ?? m.state.toLowerCase());
  const count = total ?? 0;
  const chosen = goto !== '' ? Number(goto) : Math.min(Math.max(1, current ?? 1), count);

  return (
    <section className="panel mission-controls" aria-label="Mission">
      <h2>Mission</h2>
      <p className="mission-status">
        <span data-testid="mission-current" data-seq={current ?? undefined}>
          {currentText(current, total, command)}
        </span>
        {state === null || total === 0 ? null : (
          <span className="hint" data-testid="mission-state">
            {' '}
            · {state}
          </span>
        )}
      </p>
      {items === null && total !== 0 ? (
        <p className="hint">
          The mission on the vehicle is not known here yet: download it (or upload one) on the{' '}
          <button type="button" className="link" onClick={() => showView('plan')}>
            Plan
          </button>{' '}
          view to see it on the map.
        </p>
      ) : null}
      <div className="action-row">
        <ConfirmAction
          label="Start mission"
          question="Switch to AUTO and fly the mission from its first item?"
          onConfirm={() => send('start', { ...target, command: 'missionStart' })}
          disabled={busy || count === 0}
          pending={busy && outcome?.action === 'start'}
          danger
          testId="action-mission-start"
          refusal={refusal}
        />
        {m.state === 'PAUSED' ? (
          <ConfirmAction
            label="Resume"
            question="Go on with the mission from where it stopped?"
            onConfirm={() => send('resume', { ...target, command: 'missionResume' })}
            disabled={busy}
            pending={busy && outcome?.action === 'resume'}
            testId="action-mission-resume"
            refusal={refusal}
          />
        ) : (
          <ConfirmAction
            label="Pause"
            question="Stop and hold where the vehicle is?"
            onConfirm={() => send('pause', { ...target, command: 'missionPause' })}
            disabled={busy || m.state !== 'ACTIVE'}
            pending={busy && outcome?.action === 'pause'}
            testId="action-mission-pause"
            refusal={refusal}
          />
        )}
        <ResultLine outcome={outcome} action="start" />
        <ResultLine outcome={outcome} action="pause" />
        <ResultLine outcome={outcome} action="resume" />
      </div>
      <div className="action-row">
        <label>
          Go to item{' '}
          <select
            value={count === 0 ? '' : String(chosen)}
            onChange={(e) => setGoto(e.target.value)}
            disabled={count === 0 || refusal !== null}
            data-testid="mission-goto-select"
          >
            {Array.from({ length: count }, (_, i) => i + 1).map((seq) => (
              <option key={seq} value={seq}>
                {seq}
                {items?.[seq] === undefined ? '' : `: ${commandName(items[seq]!.command)}`}
              </option>
            ))}
          </select>
        </label>
        <ConfirmAction
          label="Go"
          question={`Fly to item ${chosen} next?`}
          onConfirm={() => send('goto', { ...target, command: 'missionSetCurrent', seq: chosen })}
          disabled={busy || count === 0}
          pending={busy && outcome?.action === 'goto'}
          testId="action-mission-goto"
          refusal={refusal}
        />
        <ResultLine outcome={outcome} action="goto" />
      </div>
    </section>
  );
}
