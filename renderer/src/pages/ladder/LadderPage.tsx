// The Ladder page: the runs, each drawn as a ladder of its layers (layer 0 at the bottom) with each layer's
// entry rule and how many comparisons and human judgments it holds; "Create the demo ladder" (loading the
// demo dataset first where the database has none) and the "New run" form. Each layer can train its reward
// model (TrainPanel: config, live curves, cancel) and lists its models; jobs are polled (useTraining). Below, the
// study design that applies to every run (StudyDesign: position-check and control-trial shares) and the per-layer
// metrics of a run (LayerMetrics).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../../../electron/api/errors';
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DriftCharts } from './DriftChart';
import { LayerMetricsSection } from './LayerMetrics';
import { RunForm } from './RunForm';
import type { Run } from './run';
import { RunLadder } from './RunLadder';
import { StudyDesign } from './StudyDesign';
import { useTraining } from './useTraining';
import { useResource } from '../../lib/useResource';
import './ladder.css';

/** The demo dataset's name as loadDemo imports it (electron/core/demo: demoDatasetName). */
const DEMO_DATASET = 'rung-demo';
/** The demo run's name as createDemoRun creates it (electron/core/ladder/runs.ts: DEMO_RUN_NAME). */
const DEMO_RUN = 'Demo ladder';

type DemoState = { phase: 'idle' } | { phase: 'busy'; step: string } | { phase: 'failed'; error: ApiError };

export function LadderPage() {
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const runs = useResource(() => getClient().listRuns({}), version);
  const training = useTraining();
  const datasets = useResource(() => getClient().listDatasets({}), version);
  const [formOpen, setFormOpen] = useState(false);
  const [demo, setDemo] = useState<DemoState>({ phase: 'idle' });
  const [notice, setNotice] = useState('');
  const [focusRun, setFocusRun] = useState<string>();
  const headings = useRef(new Map<string, HTMLHeadingElement>());
  const newRunButton = useRef<HTMLButtonElement>(null);

  const list = runs.value;
  const hasDemoRun = list?.some((r) => r.name === DEMO_RUN) ?? false;

  // Once a created run is on screen, move the focus to its name so keyboard users land on the result.
  useEffect(() => {
    if (!focusRun || !list?.some((r) => r.id === focusRun)) return;
    const heading = headings.current.get(focusRun);
    heading?.focus();
    heading?.scrollIntoView({ block: 'nearest' });
    setFocusRun(undefined);
  }, [focusRun, list]);

  async function createDemo() {
    if (demo.phase === 'busy') return;
    setNotice('');
    setDemo({ phase: 'busy', step: 'Checking for the demo dataset…' });
    const client = getClient();
    const known = await client.listDatasets({});
    if (!known.ok) return setDemo({ phase: 'failed', error: known.error });
    if (!known.value.some((d) => d.name === DEMO_DATASET)) {
      setDemo({ phase: 'busy', step: 'Loading the demo dataset…' });
      const loaded = await client.loadDemo({});
      if (!loaded.ok) {
        refresh();
        return setDemo({ phase: 'failed', error: loaded.error });
      }
    }
    setDemo({ phase: 'busy', step: 'Creating the demo ladder…' });
    const created = await client.createDemoRun({});
    refresh();
    if (!created.ok) return setDemo({ phase: 'failed', error: created.error });
    setDemo({ phase: 'idle' });
    setNotice(`“${created.value.name}” is ready: ${created.value.layers.length} layers.`);
    setFocusRun(created.value.id);
  }

  function created(run: Run) {
    setFormOpen(false);
    setNotice(`Run “${run.name}” created with ${run.layers.length} ${run.layers.length === 1 ? 'layer' : 'layers'}.`);
    setFocusRun(run.id);
    refresh();
  }

  function cancelForm() {
    setFormOpen(false);
    requestAnimationFrame(() => newRunButton.current?.focus());
  }

  const busy = demo.phase === 'busy';

  return (
    <div className="page ladder-page">
      <div className="page-header">
        <h1>Ladder</h1>
        <p className="page-lede">
          A run splits the comparisons into layers, from the simplest (layer 0, the bottom rung) up. Each layer's entry rule
          decides which comparisons it holds; the counts follow the data as it is now.
        </p>
      </div>

      <div className="ladder-toolbar">
        <button
          ref={newRunButton}
          type="button"
          className="button button-primary"
          onClick={() => {
            setNotice('');
            setFormOpen(true);
          }}
          disabled={formOpen}
          aria-expanded={formOpen}
          data-testid="run-new"
        >
          New run
        </button>
        {!hasDemoRun && (
          <button type="button" className="button" onClick={createDemo} disabled={busy} data-testid="demo-create">
            {busy ? 'Creating the demo ladder…' : 'Create the demo ladder'}
          </button>
        )}
        <span className="form-progress" role="status" aria-live="polite" data-testid="ladder-status">
          {demo.phase === 'busy' ? demo.step : notice}
        </span>
      </div>

      {demo.phase === 'failed' && <ErrorAlert title="The demo ladder was not created." error={demo.error} testId="demo-error" />}

      {formOpen && (
        <RunForm
          datasets={datasets.value}
          datasetsError={datasets.error}
          onRetryDatasets={refresh}
          onCreated={created}
          onCancel={cancelForm}
        />
      )}

      {runs.error && <ErrorAlert title="Could not load the runs." error={runs.error} onRetry={refresh} testId="runs-error" />}
      {training.jobsError && <ErrorAlert title="Could not load the training jobs." error={training.jobsError} testId="jobs-error" />}
      {list === undefined && !runs.error && <p className="muted">Loading the runs…</p>}

      {list?.length === 0 && (
        <div className="empty-state" data-testid="ladder-empty">
          <p>No runs yet — create the demo ladder or a run of your own.</p>
        </div>
      )}

      {list && list.length > 0 && (
        <div className="ladder-runs" data-testid="runs">
          {[...list].reverse().map((run) => (
            <RunLadder
              key={run.id}
              run={run}
              training={training}
              ref={(el) => {
                if (el) headings.current.set(run.id, el);
                else headings.current.delete(run.id);
              }}
            />
          ))}
        </div>
      )}
      <StudyDesign />
      {list && list.length > 0 && <DriftCharts runs={list} training={training} />}
      {list && list.length > 0 && <LayerMetricsSection runs={list} modelsKey={training.models?.map((m) => `${m.id}${m.active ? '*' : ''}`).join(',') ?? ''} />}
    </div>
  );
}
