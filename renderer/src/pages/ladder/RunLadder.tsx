// One run drawn as a ladder: its layers as rungs between two rails, layer 0 at the bottom. In the document
// (and for screen readers) the layers stay in order 0..K; only the drawing is bottom-up. With `training`, each
// rung also carries its "Train RMk" panel and its models (TrainPanel). Each rung's Guidelines opens its guidelines' editor.
// A run with a rubric names its criteria under its name.
import { forwardRef } from 'react';
import { GuidelinesButton } from '../../components/GuidelinesEditor';
import { formatDate, plural } from '../../lib/format';
import { latestJob } from './jobs';
import type { Run } from './run';
import { TrainPanel } from './TrainPanel';
import type { Training } from './useTraining';
import { COUNT_WORDS } from '../../lib/count-words';

export const RunLadder = forwardRef<HTMLHeadingElement, { run: Run; training?: Training }>(function RunLadder({ run, training }, headingRef) {
  const headingId = `run-${run.id}`;
  const top = run.layers.length - 1;
  return (
    <section className="panel ladder-run" aria-labelledby={headingId} data-testid="run-card" data-run-name={run.name}>
      <header className="ladder-run-header">
        <h2 id={headingId} ref={headingRef} tabIndex={-1} data-testid="run-name">
          {run.name}
        </h2>
        <p className="hint">
          {plural(run.layers.length, 'layer')} · created <time dateTime={run.createdAt}>{formatDate(run.createdAt)}</time>
        </p>
        {run.description && <p className="ladder-run-description">{run.description}</p>}
        {run.criteria?.length > 0 && (
          <p className="hint" data-testid="run-criteria">
            Criteria: {run.criteria.map((c, i) => `${i + 1}. ${c.label}`).join(' · ')} <span className="muted">(fixed: the verdicts given on them refer to them)</span>
          </p>
        )}
      </header>
      <ol className="ladder" aria-label={`Layers of ${run.name}, from layer 0 (the simplest) up`}>
        {run.layers.map((layer) => (
          <li key={layer.id} className="rung" data-testid="layer-row" data-layer={layer.index}>
            <span className="rung-index" aria-hidden="true">
              {layer.index}
            </span>
            <div className="rung-body">
              <div className="rung-title">
                <span className="visually-hidden">Layer {layer.index}{layer.index === 0 ? ' (bottom)' : layer.index === top ? ' (top)' : ''}: </span>
                <strong data-testid="layer-name">{layer.name}</strong>{' '}
                <GuidelinesButton target={{ runId: run.id, layer: layer.index }} title={`${run.name}, layer ${layer.index} (${layer.name})`} />
              </div>
              <div className="rung-rule" data-testid="layer-rule">
                {layer.description}
              </div>
            </div>
            <dl className="rung-counts">
              <div>
                <dt title={COUNT_WORDS.comparisons}>Comparisons</dt>
                <dd data-testid="layer-comparisons">{layer.comparisons}</dd>
              </div>
              <div>
                <dt title={COUNT_WORDS.humanLabels}>Human labels</dt>
                <dd data-testid="layer-judgments">{layer.humanLabels}</dd>
              </div>
            </dl>
            {training && <TrainPanel run={run} layer={layer} training={training} job={latestJob(training.jobs, run.id, layer.index)} />}
          </li>
        ))}
      </ol>
    </section>
  );
});
