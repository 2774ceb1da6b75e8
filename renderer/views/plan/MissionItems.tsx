// The mission as a list: each item's command, altitude and frame, its
// parameters by name, moved up or down, inserted before, deleted; items
// added at the end; its distance and time; the altitude new items take.

import { useEffect, useRef, type ReactNode } from 'react';
import type { MissionItem } from '../../../protocol/wire-types';
import { NumberField } from '../../components/NumberField';
import { COMMAND_SPECS, commandName, commandSpec } from '../../plan/commands';
import {
  ALTITUDE_FRAME_LABELS,
  ALTITUDE_FRAMES,
  altitudeFrameOf,
  type AltitudeFrame,
} from '../../plan/frames';
import {
  appendItem,
  deleteItem,
  insertWaypoint,
  itemPlace,
  moveItem,
  setAltitude,
  setAltitudeFrame,
  setCommand,
  setParam,
  type Mission,
} from '../../plan/mission';
import { missionStats } from '../../plan/mission-stats';
import { editPlan, setDefaults, usePlanEditor } from '../../store/plan-editor';
import { formatDistanceM, formatDurationS } from './plan-format';

function editMission(change: (m: Mission) => Mission): void {
  editPlan((p) => ({ ...p, mission: change(p.mission) }));
}

function FrameSelect(props: {
  value: AltitudeFrame;
  onChange: (frame: AltitudeFrame) => void;
  label: string;
  testId?: string;
}): ReactNode {
  return (
    <select
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value as AltitudeFrame)}
      data-testid={props.testId}
    >
      {ALTITUDE_FRAMES.map((f) => (
        <option key={f} value={f}>
          {ALTITUDE_FRAME_LABELS[f]}
        </option>
      ))}
    </select>
  );
}

function ItemRow(props: {
  item: MissionItem;
  index: number;
  count: number;
  legM: number;
  selected: boolean;
}): ReactNode {
  const { item, index, count, legM, selected } = props;
  const seq = index + 1;
  const spec = commandSpec(item.command);
  const frame = altitudeFrameOf(item.frame);
  const place = itemPlace(item);
  const defaults = usePlanEditor((s) => s.defaults);
  const row = useRef<HTMLLIElement>(null);
  // An item picked on the map comes into view in the list.
  useEffect(() => {
    if (selected) row.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  return (
    <li
      ref={row}
      className={`plan-item ${selected ? 'selected' : ''}`}
      data-testid="plan-item"
      data-seq={seq}
      onFocusCapture={() => usePlanEditor.setState({ selected: { type: 'mission', index } })}
    >
      <div className="plan-item-main">
        <span className="plan-seq">{seq}</span>
        <select
          aria-label={`Item ${seq}: command`}
          value={item.command}
          onChange={(e) =>
            editMission((m) => setCommand(m, index, Number(e.target.value), defaults))
          }
          data-testid="plan-item-command"
        >
          {spec === undefined ? (
            <option value={item.command}>{commandName(item.command)}</option>
          ) : null}
          {COMMAND_SPECS.map((s) => (
            <option key={s.command} value={s.command}>
              {s.name}
            </option>
          ))}
        </select>
        {frame === null ? null : (
          <>
            <NumberField
              label={`Item ${seq}: altitude`}
              value={item.z}
              onChange={(v) => v !== null && editMission((m) => setAltitude(m, index, v))}
              testId="plan-item-altitude"
            />
            m
            <FrameSelect
              label={`Item ${seq}: altitude above`}
              value={frame}
              onChange={(f) => editMission((m) => setAltitudeFrame(m, index, f))}
            />
          </>
        )}
        <span className="plan-item-buttons">
          <button
            type="button"
            aria-label={`Move item ${seq} up`}
            disabled={index === 0}
            onClick={() => editMission((m) => moveItem(m, index, index - 1))}
          >
            ↑
          </button>
          <button
            type="button"
            aria-label={`Move item ${seq} down`}
            disabled={index === count - 1}
            onClick={() => editMission((m) => moveItem(m, index, index + 1))}
          >
            ↓
          </button>
          <button
            type="button"
            aria-label={`Insert a waypoint before item ${seq}`}
            onClick={() => editMission((m) => insertWaypoint(m, index, defaults))}
          >
            +
          </button>
          <button
            type="button"
            className="danger"
            aria-label={`Delete item ${seq}`}
            data-testid="plan-item-delete"
            onClick={() => {
              editMission((m) => deleteItem(m, index));
              usePlanEditor.setState({ selected: null });
            }}
          >
            ✕
          </button>
        </span>
      </div>
      <div className="plan-item-params">
        {spec?.params.map((p, i) =>
          p === null ? null : (
            <label key={p.label}>
              {p.label}{' '}
              <NumberField
                label={`Item ${seq}: ${p.label}`}
                value={item[`param${i + 1}` as 'param1']}
                allowEmpty
                onChange={(v) => editMission((m) => setParam(m, index, (i + 1) as 1, v))}
              />
              {p.unit === '' ? null : ` ${p.unit}`}
            </label>
          ),
        )}
        {place === null ? null : (
          <span className="hint mono">
            {place.lat.toFixed(6)}, {place.lon.toFixed(6)}
            {legM > 0 ? ` · ${formatDistanceM(legM)}` : ''}
          </span>
        )}
      </div>
    </li>
  );
}

export function MissionItems(): ReactNode {
  const mission = usePlanEditor((s) => s.plan.mission);
  const selected = usePlanEditor((s) => (s.selected?.type === 'mission' ? s.selected.index : null));
  const defaults = usePlanEditor((s) => s.defaults);
  const stats = missionStats(mission);
  const count = mission.items.length;
  return (
    <div className="plan-part">
      <p className="plan-stats" data-testid="plan-stats">
        {count === 0
          ? 'No items yet: click the map to add waypoints (the first click adds a takeoff too).'
          : `${count} items · ${formatDistanceM(stats.distanceM)} · about ${formatDurationS(stats.timeS)}${
              stats.endless ? ', then it loiters until told' : ''
            }`}
      </p>
      <div className="action-row">
        <label>
          New items at{' '}
          <NumberField
            label="Altitude of new items"
            value={defaults.altitude}
            min={-1000}
            max={10_000}
            onChange={(v) => v !== null && setDefaults(v, defaults.frame)}
            testId="plan-default-altitude"
          />{' '}
          m
        </label>
        <FrameSelect
          label="New items above"
          value={defaults.frame}
          onChange={(f) => setDefaults(defaults.altitude, f)}
        />
      </div>
      <ol className="plan-items">
        {mission.items.map((item, index) => (
          <ItemRow
            key={index}
            item={item}
            index={index}
            count={count}
            legM={stats.legM[index] ?? 0}
            selected={index === selected}
          />
        ))}
      </ol>
      <div className="action-row">
        <label>
          Add{' '}
          <select
            aria-label="Command to add"
            value=""
            onChange={(e) => {
              const command = Number(e.target.value);
              if (e.target.value !== '') editMission((m) => appendItem(m, command, defaults));
            }}
            data-testid="plan-add-command"
          >
            <option value="">an item at the end…</option>
            {COMMAND_SPECS.map((s) => (
              <option key={s.command} value={s.command}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
