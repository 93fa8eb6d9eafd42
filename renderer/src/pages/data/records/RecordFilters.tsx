// The record browser's filter bar: text, dataset, run and layer, evaluator and verdict, metadata key = value. The
// search runs on submit (Enter in a field, or the Search button), not at every keystroke.
import { useState, type FormEvent } from 'react';
import { RunSelect } from '../../../components/RunSelect';
import { emptyForm, type RecordForm } from './logic';

interface Props {
  datasets: readonly { id: string; name: string }[];
  runs: readonly { id: string; name: string }[];
  evaluators: readonly { id: string; name: string }[];
  onSearch: (form: RecordForm) => void;
}

export function RecordFilters({ datasets, runs, evaluators, onSearch }: Props) {
  const [form, setForm] = useState<RecordForm>(emptyForm);
  const set = <K extends keyof RecordForm>(key: K, value: RecordForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(form);
  };
  return (
    <form className="records-filters" onSubmit={submit} data-testid="records-filters" aria-label="Filter comparisons">
      <label className="records-text">
        <span>Text</span>
        <input type="search" value={form.text} onChange={(e) => set('text', e.target.value)} placeholder="in the prompt or either response" data-testid="records-text" />
      </label>
      <label>
        <span>Dataset</span>
        <select value={form.datasetId} onChange={(e) => set('datasetId', e.target.value)} data-testid="records-dataset">
          <option value="">All datasets</option>
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Run</span>
        <RunSelect runs={runs} value={form.runId} onChange={(runId) => set('runId', runId)} noneLabel="No run" testId="records-run" />
      </label>
      <label className="records-narrow">
        <span>Layer</span>
        <input type="number" min={0} step={1} value={form.layer} onChange={(e) => set('layer', e.target.value)} title={form.runId ? "the run's layer" : "the data's layer field"} data-testid="records-layer" />
      </label>
      <label>
        <span>Evaluator</span>
        <select value={form.evaluatorId} onChange={(e) => set('evaluatorId', e.target.value)} data-testid="records-evaluator">
          <option value="">Anyone</option>
          {evaluators.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Verdict</span>
        <select value={form.verdict} onChange={(e) => set('verdict', e.target.value as RecordForm['verdict'])} data-testid="records-verdict">
          <option value="">{form.evaluatorId ? 'Any (judged by them)' : 'Any'}</option>
          <option value="A">A</option>
          <option value="B">B</option>
          <option value="tie">Tie</option>
          <option value="skip">Skip</option>
          <option value="none">None yet</option>
        </select>
      </label>
      <label className="records-narrow">
        <span>Metadata key</span>
        <input value={form.metadataKey} onChange={(e) => set('metadataKey', e.target.value)} placeholder="e.g. topic" data-testid="records-meta-key" />
      </label>
      <label className="records-narrow">
        <span>= value</span>
        <input value={form.metadataValue} onChange={(e) => set('metadataValue', e.target.value)} data-testid="records-meta-value" />
      </label>
      <div className="records-actions">
        <button type="submit" className="button" data-testid="records-search">
          Search
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setForm(emptyForm);
            onSearch(emptyForm);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
