// @vitest-environment happy-dom
// The geofence list of the Plan view: the tool a map click uses, and each
// shape's kind, size and deletion reaching the plan.

import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCircle, addPolygon, setReturnPoint } from '../../plan/fence';
import { EMPTY_PLAN } from '../../plan/plan';
import { usePlanEditor } from '../../store/plan-editor';
import { FenceItems } from './FenceItems';

const AT = { lat: -35.363261, lon: 149.16523 };
const fence = () => usePlanEditor.getState().plan.fence;

beforeEach(() => {
  usePlanEditor.setState(usePlanEditor.getInitialState(), true);
  const shapes = setReturnPoint(
    addCircle(addPolygon(EMPTY_PLAN.fence, AT, true), AT, true, 80),
    AT,
    25,
  );
  usePlanEditor.setState((s) => ({
    plan: { ...s.plan, fence: shapes },
    tool: 'inclusion-polygon',
  }));
});
afterEach(cleanup);

describe('the geofence list', () => {
  it('chooses what a click on the map adds', () => {
    render(<FenceItems />);
    fireEvent.click(screen.getByTestId('fence-tool-exclusion-circle'));
    expect(usePlanEditor.getState().tool).toBe('exclusion-circle');
  });

  it('turns a shape from stay inside to keep out', () => {
    render(<FenceItems />);
    fireEvent.change(screen.getByLabelText('Polygon 1'), { target: { value: 'exclusion' } });
    expect(fence().polygons[0]!.inclusion).toBe(false);
  });

  it('sizes a circle, never to nothing', () => {
    render(<FenceItems />);
    const radius = screen.getByLabelText('Circle 1: radius');
    fireEvent.change(radius, { target: { value: '250' } });
    expect(fence().circles[0]!.radiusM).toBe(250);
    fireEvent.change(radius, { target: { value: '0' } });
    expect(fence().circles[0]!.radiusM).toBe(250);
  });

  it('shows how many corners a polygon has and deletes shapes', () => {
    render(<FenceItems />);
    expect(screen.getByTestId('fence-polygon').textContent).toContain('4 corners');
    fireEvent.click(screen.getByRole('button', { name: 'Delete polygon 1' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete the return point' }));
    expect(fence().polygons).toEqual([]);
    expect(fence().returnPoint).toBeNull();
    expect(fence().circles).toHaveLength(1);
  });
});
