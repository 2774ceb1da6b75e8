// @vitest-environment happy-dom
// The mission list of the Plan view: what it shows of the plan, and each
// edit in the list reaching the plan (the map draws from the same plan).

import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MISSION_COMMANDS as C, MISSION_FRAMES as F } from '../../../protocol/mission-numbers';
import { offsetM } from '../../components/geo';
import { addWaypoint, EMPTY_MISSION, itemPlace } from '../../plan/mission';
import { usePlanEditor } from '../../store/plan-editor';
import { MissionItems } from './MissionItems';

const HOME = { lat: -35.363261, lon: 149.16523 };

function withWaypoints(count: number): void {
  let mission = EMPTY_MISSION;
  for (let i = 1; i <= count; i++) mission = addWaypoint(mission, offsetM(HOME, 100 * i, 0));
  usePlanEditor.setState((s) => ({ plan: { ...s.plan, mission } }));
}

const items = () => usePlanEditor.getState().plan.mission.items;
const rows = () => screen.queryAllByTestId('plan-item');

beforeEach(() => usePlanEditor.setState(usePlanEditor.getInitialState(), true));
afterEach(cleanup);

describe('the mission list', () => {
  it('says how to begin when the mission is empty', () => {
    render(<MissionItems />);
    expect(screen.getByTestId('plan-stats').textContent).toMatch(/^No items yet: click the map/);
    expect(rows()).toHaveLength(0);
  });

  it('numbers the items as the vehicle does, with the distance and time', () => {
    withWaypoints(2);
    render(<MissionItems />);
    expect(rows().map((r) => r.dataset.seq)).toEqual(['1', '2', '3']);
    // Home is at the first click: 8 s up to 20 m, then 100 m at 5 m/s.
    expect(screen.getByTestId('plan-stats').textContent).toBe('3 items · 100 m · about 28 s');
  });

  it('sets an altitude typed in a row', () => {
    withWaypoints(1);
    render(<MissionItems />);
    fireEvent.change(screen.getByLabelText('Item 2: altitude'), { target: { value: '42.5' } });
    expect(items()[1]!.z).toBe(42.5);
  });

  it('keeps a half-typed altitude as typed and the plan as it was', () => {
    withWaypoints(1);
    render(<MissionItems />);
    const field = screen.getByLabelText('Item 2: altitude');
    fireEvent.change(field, { target: { value: '-' } });
    expect(field).toHaveProperty('value', '-');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(items()[1]!.z).toBe(20);
  });

  it('sets the frame an altitude is measured from', () => {
    withWaypoints(1);
    render(<MissionItems />);
    fireEvent.change(screen.getByLabelText('Item 2: altitude above'), {
      target: { value: 'amsl' },
    });
    expect(items()[1]!.frame).toBe(F.MAV_FRAME_GLOBAL);
  });

  it("shows a new command's parameters by name", () => {
    withWaypoints(1);
    render(<MissionItems />);
    fireEvent.change(screen.getByLabelText('Item 2: command'), {
      target: { value: String(C.MAV_CMD_NAV_LOITER_TIME) },
    });
    expect(items()[1]!.command).toBe(C.MAV_CMD_NAV_LOITER_TIME);
    expect(screen.getByLabelText('Item 2: Time')).toHaveProperty('value', '10');
    fireEvent.change(screen.getByLabelText('Item 2: Time'), { target: { value: '25' } });
    expect(items()[1]!.param1).toBe(25);
  });

  it('moves, inserts and deletes items', () => {
    withWaypoints(2);
    render(<MissionItems />);
    const [, second, third] = items();
    fireEvent.click(screen.getByRole('button', { name: 'Move item 3 up' }));
    expect(items().slice(1)).toEqual([third, second]);
    fireEvent.click(screen.getByRole('button', { name: 'Insert a waypoint before item 3' }));
    expect(items()).toHaveLength(4);
    fireEvent.click(within(rows()[0]!).getByTestId('plan-item-delete'));
    expect(items().map((i) => i.command)).toEqual([
      C.MAV_CMD_NAV_WAYPOINT,
      C.MAV_CMD_NAV_WAYPOINT,
      C.MAV_CMD_NAV_WAYPOINT,
    ]);
  });

  it('adds a landing at the end, in place', () => {
    withWaypoints(1);
    render(<MissionItems />);
    fireEvent.change(screen.getByTestId('plan-add-command'), {
      target: { value: String(C.MAV_CMD_NAV_LAND) },
    });
    expect(items().at(-1)!.command).toBe(C.MAV_CMD_NAV_LAND);
    expect(itemPlace(items().at(-1)!)).toBeNull();
  });

  it('gives new items the altitude set for them', () => {
    render(<MissionItems />);
    fireEvent.change(screen.getByTestId('plan-default-altitude'), { target: { value: '35' } });
    expect(usePlanEditor.getState().defaults.altitude).toBe(35);
  });
});
