// The plan and the vehicle: download what it holds into the plan; before
// an upload, what it would change there, part by part, with the parts to
// send ticked; progress bars while items travel; and each part's outcome,
// a refusal in the vehicle's words.

import { useState, type ReactNode } from 'react';
import type { MissionType, PlanFile, VehicleState } from '../../../protocol/wire-types';
import { useApi } from '../../api/context';
import { ConfirmAction } from '../../components/ConfirmAction';
import { ProgressBar } from '../../components/ProgressBar';
import { describeChange, diffItems, type PlanDiff } from '../../plan/plan-diff';
import { MISSION_TYPE_NOUNS, MISSION_TYPES, planItems } from '../../plan/plan';
import { liveTarget } from '../../store/keys';
import { transferProgressOf, useMissionProgress } from '../../store/mission-progress';
import { takePlans, usePlanEditor } from '../../store/plan-editor';
import { useCommandRefusal } from '../../store/session';
import { knownItems, useVehiclePlans } from '../../store/vehicle-plans';
import { itemCount, outcomeText, plainError, type TransferOutcome } from './transfer-words';

/** Lines of a part's differences shown before "and N more". */
const SHOWN_CHANGES = 12;

type Busy = { direction: 'download' | 'upload'; types: readonly MissionType[] } | null;

/** Items as the vehicle counts them: the mission's home (item 0) left out. */
function counted(type: MissionType, items: number): number {
  return type === 'mission' ? Math.max(0, items - 1) : items;
}

function Progress({
  vehicle,
  type,
  direction,
}: {
  vehicle: VehicleState;
  type: MissionType;
  direction: 'download' | 'upload';
}): ReactNode {
  const progress = useMissionProgress((s) => transferProgressOf(s, vehicle, type));
  const shown = progress !== null && progress.direction === direction ? progress : null;
  return (
    <ProgressBar
      value={shown?.done ?? 0}
      max={shown?.total ?? 0}
      label={`${direction === 'upload' ? 'Uploading' : 'Downloading'} the ${MISSION_TYPE_NOUNS[type]}`}
      testId={`plan-progress-${type}`}
    />
  );
}

function DiffLines({ diff }: { diff: PlanDiff }): ReactNode {
  if (!diff.known)
    return (
      <p className="hint">
        What the vehicle holds is not known here (download first to compare): the upload replaces
        it.
      </p>
    );
  if (diff.changes.length === 0) return <p className="hint">Same as on the vehicle.</p>;
  const more = diff.changes.length - SHOWN_CHANGES;
  return (
    <ul className="plan-diff">
      {diff.changes.slice(0, SHOWN_CHANGES).map((change) => (
        <li key={`${change.kind}${change.seq}`} className={`plan-diff-${change.kind}`}>
          {describeChange(change)}
        </li>
      ))}
      {more > 0 ? <li className="hint">and {more} more</li> : null}
    </ul>
  );
}

export function VehicleTransfer({ vehicle }: { vehicle: VehicleState | null }): ReactNode {
  const api = useApi();
  const refusal = useCommandRefusal();
  const plan = usePlanEditor((s) => s.plan);
  const known = useVehiclePlans((s) => s);
  const [reviewing, setReviewing] = useState(false);
  const [ticked, setTicked] = useState<Partial<Record<MissionType, boolean>>>({});
  const [busy, setBusy] = useState<Busy>(null);
  const [outcomes, setOutcomes] = useState<{
    direction: 'download' | 'upload';
    list: TransferOutcome[];
  } | null>(null);

  if (vehicle === null)
    return (
      <section className="panel plan-transfer" aria-label="Vehicle">
        <h2>Vehicle</h2>
        <p className="hint">No vehicle: plan now, upload when one is connected.</p>
      </section>
    );
  if (vehicle.replay !== undefined)
    return (
      <section className="panel plan-transfer" aria-label="Vehicle">
        <h2>Vehicle</h2>
        <p className="hint">A replayed flight takes no plans: choose a live vehicle.</p>
      </section>
    );
  const target = liveTarget(vehicle);
  const diffs = MISSION_TYPES.map((type) =>
    diffItems(type, planItems(plan, type), knownItems(known, vehicle, type)?.items ?? null),
  );
  const wanted = (d: PlanDiff): boolean =>
    ticked[d.type] ?? (d.changes.length > 0 || (!d.known && planItems(plan, d.type).length > 0));
  const chosen = diffs.filter(wanted).map((d) => d.type);

  const download = async (): Promise<void> => {
    setOutcomes(null);
    setBusy({ direction: 'download', types: MISSION_TYPES });
    const list: TransferOutcome[] = [];
    const parts: PlanFile = {};
    for (const type of MISSION_TYPES) {
      try {
        const { items } = await api.request('missions.download', { ...target, missionType: type });
        parts[type] = items;
        list.push({ type, ok: true, count: counted(type, items.length) });
      } catch (error) {
        list.push({ type, ok: false, error: plainError(error) });
      }
    }
    takePlans(parts);
    setBusy(null);
    setOutcomes({ direction: 'download', list });
  };

  const upload = async (types: readonly MissionType[]): Promise<void> => {
    setReviewing(false);
    setOutcomes(null);
    setBusy({ direction: 'upload', types });
    const list: TransferOutcome[] = [];
    for (const type of types) {
      const items = planItems(usePlanEditor.getState().plan, type);
      try {
        const { count } = await api.request('missions.upload', {
          ...target,
          missionType: type,
          items,
        });
        list.push({ type, ok: true, count: counted(type, count) });
      } catch (error) {
        list.push({ type, ok: false, error: plainError(error) });
      }
    }
    setBusy(null);
    setTicked({});
    setOutcomes({ direction: 'upload', list });
  };

  return (
    <section className="panel plan-transfer" aria-label="Vehicle">
      <h2>Vehicle</h2>
      <div className="action-row">
        <ConfirmAction
          label="Download"
          question="Replace the plan here with the mission, geofence and rally points the vehicle holds?"
          confirmLabel="Yes, download"
          onConfirm={() => void download()}
          disabled={busy !== null}
          pending={busy?.direction === 'download'}
          testId="plan-download"
          refusal={refusal}
        />
        <button
          type="button"
          className="primary"
          onClick={() => {
            setReviewing(!reviewing);
            setOutcomes(null);
          }}
          disabled={busy !== null || refusal !== null}
          title={refusal ?? undefined}
          aria-expanded={reviewing}
          data-testid="plan-upload-review"
        >
          Upload…
        </button>
      </div>
      {reviewing ? (
        <div className="plan-review" data-testid="plan-review">
          <p>What the upload changes on the vehicle:</p>
          {diffs.map((d) => (
            <div key={d.type} className="plan-review-part" data-testid={`plan-diff-${d.type}`}>
              <label>
                <input
                  type="checkbox"
                  checked={wanted(d)}
                  onChange={(e) => setTicked({ ...ticked, [d.type]: e.target.checked })}
                  data-testid={`plan-upload-${d.type}`}
                />{' '}
                Upload the {MISSION_TYPE_NOUNS[d.type]} (
                {itemCount(counted(d.type, planItems(plan, d.type).length))})
              </label>
              <DiffLines diff={d} />
            </div>
          ))}
          <div className="action-row">
            <button
              type="button"
              className="primary"
              disabled={chosen.length === 0}
              onClick={() => void upload(chosen)}
              data-testid="plan-upload"
            >
              Upload {chosen.map((t) => MISSION_TYPE_NOUNS[t]).join(', ') || 'nothing'}
            </button>
            <button type="button" onClick={() => setReviewing(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {busy === null
        ? null
        : busy.types.map((type) => (
            <Progress key={type} vehicle={vehicle} type={type} direction={busy.direction} />
          ))}
      {outcomes === null ? null : (
        <ul className="plan-outcomes" data-testid="plan-outcomes">
          {outcomes.list.map((o) => (
            <li
              key={o.type}
              className={o.ok ? 'good' : 'bad'}
              role={o.ok ? 'status' : 'alert'}
              data-testid={`plan-outcome-${o.type}`}
              data-ok={o.ok}
            >
              {outcomeText(o, outcomes.direction)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
