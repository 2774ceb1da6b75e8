// The plan on the Plan view: what is being edited, what the map's clicks
// do, which item is selected, the altitude new items take, and what a
// .plan file said about itself (kept for writing it again). It outlives the
// view, so a pilot can look at the flight and come back to the same plan.

import { create } from 'zustand';
import type { MissionType, PlanFile } from '../../protocol/wire-types';
import type { AltitudeFrame } from '../plan/frames';
import { DEFAULT_ITEM, type ItemDefaults } from '../plan/mission';
import { EMPTY_PLAN, planItems, withItems, type Plan } from '../plan/plan';

/** What a click on the map does. */
export type PlanTool =
  | 'waypoint'
  | 'rally'
  | 'inclusion-polygon'
  | 'exclusion-polygon'
  | 'inclusion-circle'
  | 'exclusion-circle'
  | 'return-point';

export type PlanSelection =
  | { type: 'mission'; index: number }
  | { type: 'fence-polygon'; index: number }
  | { type: 'fence-circle'; index: number }
  | { type: 'rally'; index: number };

export interface PlanEditorState {
  plan: Plan;
  tool: PlanTool;
  selected: PlanSelection | null;
  /** What new items take where nothing before them says. */
  defaults: ItemDefaults;
  /** What the last .plan read said about itself. */
  fileInfo: PlanFile['qgc'];
  /** Parts of the last file or download that could not be read, in words. */
  problems: string[];
  /** Counts plans read in whole (a file, a download): the map shows each new one. */
  readCount: number;
}

export const usePlanEditor = create<PlanEditorState>()(() => ({
  plan: EMPTY_PLAN,
  tool: 'waypoint',
  selected: null,
  defaults: DEFAULT_ITEM,
  fileInfo: undefined,
  problems: [],
  readCount: 0,
}));

export function editPlan(change: (plan: Plan) => Plan): void {
  usePlanEditor.setState((s) => ({ plan: change(s.plan) }));
}

export function setDefaults(altitude: number, frame: AltitudeFrame): void {
  usePlanEditor.setState({ defaults: { altitude, frame } });
}

/** The plan with the parts a file or the vehicle gave replaced, and what could not be read. */
export function takeParts(
  state: Pick<PlanEditorState, 'plan'>,
  parts: Partial<Record<MissionType, PlanFile['mission']>>,
): { plan: Plan; problems: string[] } {
  let plan = state.plan;
  const problems: string[] = [];
  for (const type of ['mission', 'fence', 'rally'] as const) {
    const items = parts[type];
    if (items === undefined) continue;
    const read = withItems(plan, type, items);
    plan = read.value;
    problems.push(...read.problems);
  }
  return { plan, problems };
}

/**
 * Plans read from a file or the vehicle in the editor: the parts they hold
 * replace the plan's, the rest stays; a file's own words about itself are kept.
 */
export function takePlans(file: PlanFile): void {
  usePlanEditor.setState((s) => {
    const { plan, problems } = takeParts(s, file);
    return {
      plan,
      problems,
      selected: null,
      fileInfo: file.qgc ?? s.fileInfo,
      readCount: s.readCount + 1,
    };
  });
}

/** The plan as a file holds it: its three parts and what the last .plan said of itself. */
export function planFileOf(state: Pick<PlanEditorState, 'plan' | 'fileInfo'>): PlanFile {
  const file: PlanFile = {
    mission: planItems(state.plan, 'mission'),
    fence: planItems(state.plan, 'fence'),
    rally: planItems(state.plan, 'rally'),
  };
  if (state.fileInfo !== undefined) file.qgc = state.fileInfo;
  return file;
}
