// The geofence as a list: what a click on the map adds (a polygon or a
// circle, inclusion or exclusion, or the return point), and each shape
// with its kind, its size and a way to delete it.

import type { ReactNode } from 'react';
import { NumberField } from '../../components/NumberField';
import {
  deleteCircle,
  deletePolygon,
  setCircleInclusion,
  setCircleRadius,
  setPolygonInclusion,
  setReturnPoint,
  type Fence,
} from '../../plan/fence';
import { editPlan, usePlanEditor, type PlanTool } from '../../store/plan-editor';

function editFence(change: (f: Fence) => Fence): void {
  editPlan((p) => ({ ...p, fence: change(p.fence) }));
}

export const FENCE_TOOLS: readonly { tool: PlanTool; label: string }[] = [
  { tool: 'inclusion-polygon', label: 'Inclusion polygon' },
  { tool: 'exclusion-polygon', label: 'Exclusion polygon' },
  { tool: 'inclusion-circle', label: 'Inclusion circle' },
  { tool: 'exclusion-circle', label: 'Exclusion circle' },
  { tool: 'return-point', label: 'Return point' },
];

/** A polygon or a circle: its name, stay inside or keep out, what else it has, and deletion. */
function ShapeRow(props: {
  name: string;
  testId: string;
  inclusion: boolean;
  onInclusion: (inclusion: boolean) => void;
  onDelete: () => void;
  children: ReactNode;
}): ReactNode {
  return (
    <li className="plan-item" data-testid={props.testId}>
      <div className="plan-item-main">
        <span>{props.name}</span>
        <select
          aria-label={props.name}
          value={props.inclusion ? 'inclusion' : 'exclusion'}
          onChange={(e) => props.onInclusion(e.target.value === 'inclusion')}
        >
          <option value="inclusion">stay inside</option>
          <option value="exclusion">keep out</option>
        </select>
        {props.children}
        <button
          type="button"
          className="danger"
          aria-label={`Delete ${props.name.toLowerCase()}`}
          onClick={props.onDelete}
        >
          ✕
        </button>
      </div>
    </li>
  );
}

export function FenceItems(): ReactNode {
  const fence = usePlanEditor((s) => s.plan.fence);
  const tool = usePlanEditor((s) => s.tool);
  const ret = fence.returnPoint;
  const empty = fence.polygons.length === 0 && fence.circles.length === 0 && ret === null;
  return (
    <div className="plan-part">
      <fieldset className="plan-tools">
        <legend>A click on the map adds</legend>
        {FENCE_TOOLS.map((t) => (
          <label key={t.tool}>
            <input
              type="radio"
              name="fence-tool"
              checked={tool === t.tool}
              onChange={() => usePlanEditor.setState({ tool: t.tool })}
              data-testid={`fence-tool-${t.tool}`}
            />{' '}
            {t.label}
          </label>
        ))}
      </fieldset>
      {empty ? <p className="hint">No geofence yet.</p> : null}
      <ol className="plan-items">
        {fence.polygons.map((polygon, p) => (
          <ShapeRow
            key={`p${p}`}
            name={`Polygon ${p + 1}`}
            testId="fence-polygon"
            inclusion={polygon.inclusion}
            onInclusion={(inclusion) => editFence((f) => setPolygonInclusion(f, p, inclusion))}
            onDelete={() => editFence((f) => deletePolygon(f, p))}
          >
            <span className="hint">{polygon.vertices.length} corners</span>
          </ShapeRow>
        ))}
        {fence.circles.map((circle, c) => (
          <ShapeRow
            key={`c${c}`}
            name={`Circle ${c + 1}`}
            testId="fence-circle"
            inclusion={circle.inclusion}
            onInclusion={(inclusion) => editFence((f) => setCircleInclusion(f, c, inclusion))}
            onDelete={() => editFence((f) => deleteCircle(f, c))}
          >
            <NumberField
              label={`Circle ${c + 1}: radius`}
              value={circle.radiusM}
              min={0.1}
              onChange={(v) => v !== null && editFence((f) => setCircleRadius(f, c, v))}
              testId="fence-circle-radius"
            />
            m
          </ShapeRow>
        ))}
        {ret === null ? null : (
          <li className="plan-item" data-testid="fence-return">
            <div className="plan-item-main">
              <span>Return point at</span>
              <NumberField
                label="Return point altitude"
                value={ret.alt}
                onChange={(v) => v !== null && editFence((f) => setReturnPoint(f, ret, v))}
              />
              m above home
              <button
                type="button"
                className="danger"
                aria-label="Delete the return point"
                onClick={() => editFence((f) => setReturnPoint(f, null))}
              >
                ✕
              </button>
            </div>
          </li>
        )}
      </ol>
      {fence.polygons.length > 0 ? (
        <p className="hint">
          Drag a corner to move it; click a faint middle handle to add a corner there; right click
          (or long press) a corner to remove it.
        </p>
      ) : null}
    </div>
  );
}
