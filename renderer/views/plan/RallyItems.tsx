// Rally points as a list: each at an altitude above home, deleted one by
// one; a click on the map adds one.

import type { ReactNode } from 'react';
import { NumberField } from '../../components/NumberField';
import { deleteRallyPoint, setRallyAltitude } from '../../plan/rally';
import { editPlan, usePlanEditor } from '../../store/plan-editor';

export function RallyItems(): ReactNode {
  const points = usePlanEditor((s) => s.plan.rally);
  return (
    <div className="plan-part">
      <p className="hint">
        {points.length === 0
          ? 'No rally points yet: click the map to add one. RTL goes to the nearest of them or home.'
          : 'RTL goes to the nearest rally point, or home if that is nearer.'}
      </p>
      <ol className="plan-items">
        {points.map((point, i) => (
          <li key={i} className="plan-item" data-testid="rally-point">
            <div className="plan-item-main">
              <span className="plan-seq">R{i + 1}</span>
              <NumberField
                label={`Rally point ${i + 1}: altitude`}
                value={point.alt}
                onChange={(v) =>
                  v !== null && editPlan((p) => ({ ...p, rally: setRallyAltitude(p.rally, i, v) }))
                }
              />
              m above home
              <span className="hint mono">
                {point.lat.toFixed(6)}, {point.lon.toFixed(6)}
              </span>
              <button
                type="button"
                className="danger"
                aria-label={`Delete rally point ${i + 1}`}
                onClick={() => editPlan((p) => ({ ...p, rally: deleteRallyPoint(p.rally, i) }))}
              >
                ✕
              </button>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
