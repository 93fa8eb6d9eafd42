// The Ladder page's metrics section (getLayerMetricsReport: as last computed, with its age and Recompute): for a chosen run, per layer the labels used and saved,
// people's accuracy with and without assistance, time per judgment and over-trust, and the active RMk's held-out
// accuracy, calibration (reliability diagram) and cost curve (on the rubric criterion it was trained on, if any), each
// rate with its 95% interval; CSV/JSON export.
import { useEffect, useId, useState } from 'react';
import type { ApiError } from '../../../../electron/api/errors';
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RunSelect } from '../../components/RunSelect';
import { downloadText } from '../../lib/download';
import { useStoredReport } from '../../lib/useStoredReport';
import { ReportAge } from '../../components/ReportAge';
import { labelsSummary, metricRows, modelCriterionWords, type LayerMetrics } from './layer-metrics-view';
import { LineChart } from './LineChart';
import { ReliabilityDiagram } from './ReliabilityDiagram';
import type { Run } from './run';
import './metrics.css';
import { COUNT_WORDS } from '../../lib/count-words';

interface Props {
  runs: Run[];
  /** Changes when models change (a job ended, a model was made active), so the report is recomputed. */
  modelsKey: string;
}

export function LayerMetricsSection({ runs, modelsKey }: Props) {
  const ids = useId();
  const [runId, setRunId] = useState(runs[runs.length - 1]?.id);
  const [exporting, setExporting] = useState<string>();
  const [exportError, setExportError] = useState<ApiError>();
  useEffect(() => {
    if (!runs.some((r) => r.id === runId)) setRunId(runs[runs.length - 1]?.id);
  }, [runs, runId]);
  const run = runs.find((r) => r.id === runId);
  const metrics = useStoredReport<LayerMetrics[]>(
    async () => {
      if (!run) return { ok: true as const, value: { value: [], computedAt: null, stale: false, computing: false } };
      const result = await getClient().getLayerMetricsReport({ runId: run.id });
      return result.ok ? { ok: true as const, value: { ...result.value, value: result.value.metrics } } : result;
    },
    run ? { kind: 'layer-metrics', runId: run.id } : null,
    `${run?.id}:${modelsKey}:${runs.map((r) => r.layers.map((l) => l.humanLabels).join('.')).join('|')}`,
  );

  async function exportAs(format: 'csv' | 'json') {
    if (!run || exporting) return;
    setExporting(format);
    setExportError(undefined);
    const result = await getClient().exportLayerMetrics({ runId: run.id, format });
    setExporting(undefined);
    if (!result.ok) return setExportError(result.error);
    downloadText(result.value.content, result.value.fileName, result.value.mimeType);
  }

  if (runs.length === 0) return null;
  return (
    <section className="panel layer-metrics" aria-labelledby={`${ids}-heading`} data-testid="layer-metrics">
      <div className="layer-metrics-head">
        <h2 id={`${ids}-heading`}>Metrics per layer</h2>
        <div className="field field-inline">
          <label htmlFor={`${ids}-run`}>Run</label>
          <RunSelect id={`${ids}-run`} runs={runs} value={runId ?? ''} onChange={setRunId} testId="metrics-run" />
        </div>
        <ReportAge report={metrics} testId="metrics-age" />
        <button type="button" className="button button-small" onClick={() => exportAs('csv')} disabled={!run || !!exporting} data-testid="metrics-export-csv">
          {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
        </button>
        <button type="button" className="button button-small" onClick={() => exportAs('json')} disabled={!run || !!exporting} data-testid="metrics-export-json">
          {exporting === 'json' ? 'Exporting…' : 'Export JSON'}
        </button>
      </div>
      <p className="hint">
        Accuracy is against ground truth where known, else the majority of the other human verdicts; intervals are 95% (Wilson for rates, order
        statistics for median times). RMk is measured on the comparisons held out when it was trained.
      </p>
      <p className="hint" data-testid="metrics-count-words">
        {COUNT_WORDS.humanLabels} {COUNT_WORDS.autoLabelled} {COUNT_WORDS.humanLabelsSaved} {COUNT_WORDS.auditedError} The Queue page counts them the same way.
      </p>
      {exportError && <ErrorAlert title="The metrics were not exported." error={exportError} testId="metrics-export-error" />}
      {metrics.error && <ErrorAlert title="Could not compute the metrics." error={metrics.error} onRetry={metrics.reload} testId="metrics-error" />}
      {!metrics.value && !metrics.error && <p className="muted">Computing the metrics…</p>}
      {metrics.value?.map((m) => <LayerCard key={m.layer} m={m} />)}
    </section>
  );
}

function LayerCard({ m }: { m: LayerMetrics }) {
  const rows = metricRows(m);
  const curve = m.costCurve.map((p) => ({ x: p.humanLabels, y: p.accuracy }));
  return (
    <article className="layer-metrics-card" data-testid="layer-metrics-card" data-layer={m.layer}>
      <h3>
        Layer {m.layer}: {m.layerName}
      </h3>
      <p className="hint" data-testid="metrics-labels">
        {labelsSummary(m)}
        {m.modelId ? ` · RM${m.layer}: ${m.modelName}` : ` · no active RM${m.layer}`}
      </p>
      {m.modelCriterion && (
        <p className="hint" data-testid="metrics-model-criterion">
          {modelCriterionWords(m)}
        </p>
      )}
      {m.modelError && <ErrorAlert title={`RM${m.layer} could not be scored.`} error={m.modelError} />}
      <div className="table-wrap">
        <table className="table metrics-table" data-testid="metrics-table">
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col" className="num">
                Value
              </th>
              <th scope="col" className="num">
                95% interval
              </th>
              <th scope="col">Based on</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="metric-row" data-metric={r.id}>
                <th scope="row" title={r.hint}>
                  {r.label}
                </th>
                <td className="num" data-testid="metric-value">
                  {r.value}
                </td>
                <td className="num">{r.interval}</td>
                <td className="muted">{r.basis}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {m.modelId && (
        <div className="train-charts">
          <ReliabilityDiagram bins={m.reliability} title={`RM${m.layer} reliability (held out)`} testId="chart-reliability" />
          <LineChart
            title={`Cost curve: accuracy as people label the ${m.costCurve.at(-1)?.humanLabels ?? 0} held-out comparisons with a truth (of ${m.heldOutComparisons} held out on layer ${m.layer}) RM${m.layer} is least sure of`}
            testId="chart-cost"
            yKind="percent"
            domain={[0, 1]}
            xLabel="human labels"
            series={[{ id: 'cost', label: 'accuracy', className: 'series-acc', points: curve }]}
          />
        </div>
      )}
    </article>
  );
}
