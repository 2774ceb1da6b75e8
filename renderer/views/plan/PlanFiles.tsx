// Plan files: import a QGroundControl .plan (mission, geofence and rally
// points) or a QGC WPL 110 .waypoints file (one of them), export the plan
// as a .plan, or the part shown as a .waypoints. Reading and writing are
// the core's (missions.parseFile / missions.formatFile), so a file reads
// here exactly as `sigil mission` reads it.

import { useState, type ReactNode } from 'react';
import type { MissionType } from '../../../protocol/wire-types';
import { useApi } from '../../api/context';
import { MISSION_TYPE_NOUNS, MISSION_TYPES } from '../../plan/plan';
import { planFileOf, takePlans, usePlanEditor } from '../../store/plan-editor';
import { plainError } from './transfer-words';
import { baseName, saveText } from './save-file';

type Note = { tone: 'good' | 'bad'; text: string };

export function PlanFiles({ part }: { part: MissionType }): ReactNode {
  const api = useApi();
  const [name, setName] = useState('plan');
  const [note, setNote] = useState<Note | null>(null);
  const problems = usePlanEditor((s) => s.problems);

  const read = async (file: File): Promise<void> => {
    setNote(null);
    try {
      const { plan } = await api.request('missions.parseFile', { text: await file.text() });
      takePlans(plan);
      setName(baseName(file.name));
      const parts = MISSION_TYPES.filter((t) => plan[t] !== undefined).map(
        (t) => MISSION_TYPE_NOUNS[t],
      );
      setNote({ tone: 'good', text: `Read ${file.name}: ${parts.join(', ') || 'nothing'}.` });
    } catch (error) {
      setNote({ tone: 'bad', text: `Could not read ${file.name}: ${plainError(error)}` });
    }
  };

  const write = async (format: 'qgc-plan' | 'waypoints'): Promise<void> => {
    setNote(null);
    const whole = planFileOf(usePlanEditor.getState());
    const plan = format === 'qgc-plan' ? whole : { [part]: whole[part] };
    const fileName = format === 'qgc-plan' ? `${name}.plan` : `${name}-${part}.waypoints`;
    try {
      const { text } = await api.request('missions.formatFile', { format, plan });
      saveText(fileName, text, format === 'qgc-plan' ? 'application/json' : 'text/plain');
      setNote({ tone: 'good', text: `Saved ${fileName}.` });
    } catch (error) {
      setNote({ tone: 'bad', text: `Could not write ${fileName}: ${plainError(error)}` });
    }
  };

  return (
    <section className="panel plan-files" aria-label="Plan files">
      <h2>Files</h2>
      <label className="file-pick">
        Import a .plan or .waypoints file{' '}
        <input
          type="file"
          accept=".plan,.waypoints,.mission,.txt"
          data-testid="plan-import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file !== undefined) void read(file);
          }}
        />
      </label>
      <div className="action-row">
        <button type="button" onClick={() => void write('qgc-plan')} data-testid="plan-export-plan">
          Export .plan
        </button>
        <button
          type="button"
          onClick={() => void write('waypoints')}
          data-testid="plan-export-waypoints"
        >
          Export the {MISSION_TYPE_NOUNS[part]} as .waypoints
        </button>
      </div>
      {note === null ? null : (
        <p
          className={note.tone}
          role={note.tone === 'bad' ? 'alert' : 'status'}
          data-testid="plan-file-note"
        >
          {note.text}
        </p>
      )}
      {problems.length === 0 ? null : (
        <ul className="bad" role="alert">
          {problems.map((p) => (
            <li key={p}>Left out: {p}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
