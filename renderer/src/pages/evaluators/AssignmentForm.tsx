// The "Assign work" form of the Evaluators page: a run's layer, a dataset or a saved filter of the record browser, the people to assign it to (each with an
// own quota if wanted), the overlap, seed, quota and deadline; createAssignment draws it, and a refusal is shown with the contract's own message.
import { useId, useState, type FormEvent } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { getClient } from '../../lib/client';
import { plural } from '../../lib/format';
import { assignmentParams, datasetSource, emptyAssignmentDraft, filterSource, runLayerSource, type AssignmentDraft } from './assignment-draft';

type Assignment = Result<'createAssignment'>;

interface Props {
  runs: Result<'listRuns'>;
  datasets: Result<'listDatasets'>;
  evaluators: Result<'listEvaluators'>;
  /** The record browser's saved filters (Data page); none: the group is not shown. */
  filters?: readonly Pick<Result<'listRecordFilters'>[number], 'name'>[];
  onCreated: (assignment: Assignment) => void;
}

export function AssignmentForm({ runs, datasets, evaluators, filters = [], onCreated }: Props) {
  const [draft, setDraft] = useState<AssignmentDraft>(emptyAssignmentDraft);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const ids = useId();
  const people = evaluators.filter((e) => e.kind === 'human').sort((a, b) => a.name.localeCompare(b.name));
  const set = (patch: Partial<AssignmentDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const toggle = ({ id, name }: { id: string; name: string }, on: boolean) =>
    setDraft((d) => ({
      ...d,
      evaluatorIds: on ? [...d.evaluatorIds, id] : d.evaluatorIds.filter((x) => x !== id),
      quotas: Object.fromEntries(Object.entries(d.quotas).filter(([n]) => on || n !== name)),
    }));
  const setQuotaOf = (name: string, typed: string) => setDraft((d) => ({ ...d, quotas: { ...d.quotas, [name]: typed } }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setCreated(null);
    const result = await getClient().createAssignment(assignmentParams(draft));
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    const a = result.value;
    setCreated(`Assigned ${plural(a.comparisons, 'comparison')} of ${a.name} to ${plural(a.evaluators.length, 'evaluator')}, each judged by ${a.overlap}.`);
    onCreated(a);
  }

  return (
    <>
      <form className="form" onSubmit={submit} data-testid="assign-form">
        <div className="field">
          <label htmlFor={`${ids}-source`}>Work</label>
          <select id={`${ids}-source`} value={draft.source} onChange={(e) => set({ source: e.target.value })} data-testid="assign-source">
            <option value="">{filters.length > 0 ? "Choose a run's layer, a dataset or a saved filter" : "Choose a run's layer or a dataset"}</option>
            {runs.map((run) => (
              <optgroup key={run.id} label={run.name}>
                {run.layers.map((l) => (
                  <option key={l.id} value={runLayerSource(run.id, l.index)}>
                    {`Layer ${l.index}: ${l.name} (${plural(l.comparisons, 'comparison')})`}
                  </option>
                ))}
              </optgroup>
            ))}
            {datasets.length > 0 && (
              <optgroup label="Datasets">
                {datasets.map((d) => (
                  <option key={d.id} value={datasetSource(d.id)}>
                    {`${d.name} (${plural(d.comparisons, 'comparison')})`}
                  </option>
                ))}
              </optgroup>
            )}
            {filters.length > 0 && (
              <optgroup label="Saved filters (Data page)">
                {filters.map((f) => (
                  <option key={f.name} value={filterSource(f.name)}>
                    {`saved filter ${f.name}`}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </div>
        <fieldset className="field" data-testid="assign-evaluators">
          <legend>Evaluators</legend>
          {people.length === 0 && <p className="muted">No people yet: add an evaluator first.</p>}
          {people.map((e) => (
            <div key={e.id} className="assign-evaluator">
              <label className="checkbox">
                <input type="checkbox" checked={draft.evaluatorIds.includes(e.id)} onChange={(ev) => toggle(e, ev.target.checked)} data-testid="assign-evaluator" /> {e.name}
              </label>
              {draft.evaluatorIds.includes(e.id) && (
                <input
                  type="text"
                  inputMode="numeric"
                  className="assign-own-quota"
                  value={draft.quotas[e.name] ?? ''}
                  placeholder={draft.quota.trim() === '' ? 'quota: no limit' : `quota: ${draft.quota.trim()}`}
                  onChange={(ev) => setQuotaOf(e.name, ev.target.value)}
                  aria-label={`${e.name}'s quota`}
                  title="This evaluator's own quota; empty: the overall quota"
                  data-testid="assign-evaluator-quota"
                />
              )}
            </div>
          ))}
        </fieldset>
        <div className="assign-numbers">
          <div className="field">
            <label htmlFor={`${ids}-overlap`}>Overlap</label>
            <input id={`${ids}-overlap`} type="text" inputMode="numeric" value={draft.overlap} onChange={(e) => set({ overlap: e.target.value })} aria-describedby={`${ids}-overlap-hint`} data-testid="assign-overlap" />
            <p id={`${ids}-overlap-hint`} className="hint">
              Evaluators per comparison.
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-quota`}>Quota</label>
            <input id={`${ids}-quota`} type="text" inputMode="numeric" value={draft.quota} placeholder="no limit" onChange={(e) => set({ quota: e.target.value })} aria-describedby={`${ids}-quota-hint`} data-testid="assign-quota" />
            <p id={`${ids}-quota-hint`} className="hint">
              Most comparisons per evaluator.
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-seed`}>Seed</label>
            <input id={`${ids}-seed`} type="text" inputMode="numeric" value={draft.seed} onChange={(e) => set({ seed: e.target.value })} data-testid="assign-seed" />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-deadline`}>Deadline</label>
            <input id={`${ids}-deadline`} type="text" value={draft.deadline} placeholder="2026-12-31" onChange={(e) => set({ deadline: e.target.value })} data-testid="assign-deadline" />
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="assign-submit">
            {busy ? 'Assigning…' : 'Assign'}
          </button>
        </div>
      </form>
      {error && <ErrorAlert title="Could not assign the work." error={error} testId="assign-error" />}
      {created && (
        <p className="alert alert-success" role="status" data-testid="assign-created">
          {created}
        </p>
      )}
    </>
  );
}
