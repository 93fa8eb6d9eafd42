// Drift of each rung, drawn in SVG (no chart library): Spearman ρ between RMk's and RM(k-1)'s rewards on the run's
// anchor responses, per layer k ≥ 1, against the drift threshold; layers without a value say why. Reloads when a
// run's active models change.
import { useId } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useResource } from '../../lib/useResource';
import { linearScale, linePath, ticksBetween } from './chart';
import type { Run } from './run';
import type { Training } from './useTraining';

type Drift = Result<'getDrift'>;

const W = 480;
const H = 170;
const M = { left: 42, right: 12, top: 10, bottom: 30 };

/** The chart of one run's drift (pure drawing; exported for tests). */
export function DriftChart({ drift, runName }: { drift: Drift; runName: string }) {
  const titleId = useId();
  const layers = drift.layers;
  const x0 = layers.length ? layers[0].layer : 1;
  const x1 = layers.length ? layers[layers.length - 1].layer : 1;
  const sx = linearScale(x0 === x1 ? [x0 - 1, x1 + 1] : [x0, x1], [M.left, W - M.right]);
  const sy = linearScale([-1, 1], [H - M.bottom, M.top]);
  const points = layers.map((l) => ({ x: l.layer, y: l.spearman }));
  const described = layers.map((l) => (l.spearman === null ? `layer ${l.layer}: no value (${l.reason})` : `layer ${l.layer}: ρ ${l.spearman.toFixed(2)}${l.drifted ? ', drifted' : ''}`));
  return (
    <figure className="line-chart drift-chart" data-testid="drift-chart">
      <figcaption id={titleId} className="line-chart-title">
        Drift of {runName}: rank correlation of RMk with RM(k−1) on the anchor responses
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} aria-describedby={`${titleId}-desc`} className="line-chart-svg">
        <desc id={`${titleId}-desc`}>{described.join('; ') || 'This run has one layer: nothing to compare.'}</desc>
        <g className="chart-grid">
          {ticksBetween(-1, 1, 0.5).map((t) => (
            <g key={t}>
              <line x1={M.left} x2={W - M.right} y1={sy(t)} y2={sy(t)} />
              <text x={M.left - 4} y={sy(t)} dy="0.32em" textAnchor="end">
                {t}
              </text>
            </g>
          ))}
          {layers.map((l) => (
            <text key={l.layer} x={sx(l.layer)} y={H - M.bottom + 12} textAnchor="middle">
              RM{l.layer}
            </text>
          ))}
          <text x={(M.left + W - M.right) / 2} y={H - 3} textAnchor="middle" className="chart-axis-label">
            layer (against the layer below)
          </text>
        </g>
        <g className="chart-reference">
          <line x1={M.left} x2={W - M.right} y1={sy(drift.threshold)} y2={sy(drift.threshold)} />
          <text x={W - M.right - 2} y={sy(drift.threshold) - 3} textAnchor="end">
            drift threshold ρ = {drift.threshold}
          </text>
        </g>
        <g className="chart-series series-acc">
          <path d={linePath(points, sx, sy)} fill="none" />
          {layers.map((l) =>
            l.spearman === null ? null : (
              <circle key={l.layer} cx={sx(l.layer)} cy={sy(l.spearman)} r={3.2} className={l.drifted ? 'is-drifted' : undefined} data-testid="drift-point">
                <title>{`RM${l.layer} (${l.modelName}) vs RM${l.layer - 1} (${l.previousModelName}): ρ = ${l.spearman.toFixed(3)} on ${l.anchors} anchors${l.drifted ? ' — drifted' : ''}`}</title>
              </circle>
            ),
          )}
          {layers.map((l) =>
            l.spearman === null ? null : (
              <text key={l.layer} x={sx(l.layer)} y={sy(l.spearman) - 7} textAnchor="middle" className="chart-point-label">
                ρ {l.spearman.toFixed(2)}
              </text>
            ),
          )}
        </g>
      </svg>
      {layers.some((l) => l.spearman !== null) && (
        <ul className="chart-notes" data-testid="drift-values">
          {layers
            .filter((l) => l.spearman !== null)
            .map((l) => (
              <li key={l.layer} className={l.drifted ? 'is-drifted' : undefined}>
                RM{l.layer} vs RM{l.layer - 1}: ρ = {l.spearman!.toFixed(3)} on {l.anchors} anchors{l.drifted ? ` — drifted (below ${drift.threshold})` : ''}
              </li>
            ))}
        </ul>
      )}
      {layers.some((l) => l.spearman === null) && (
        <ul className="chart-notes muted" data-testid="drift-missing">
          {layers
            .filter((l) => l.spearman === null)
            .map((l) => (
              <li key={l.layer}>
                RM{l.layer}: {l.reason}
              </li>
            ))}
        </ul>
      )}
    </figure>
  );
}

function RunDrift({ run, activeKey }: { run: Run; activeKey: string }) {
  const drift = useResource(() => getClient().getDrift({ runId: run.id }), `${run.id}:${activeKey}`);
  if (drift.error) return <ErrorAlert title={`Could not compute the drift of ${run.name}.`} error={drift.error} onRetry={drift.reload} testId="drift-error" />;
  if (!drift.value) return <p className="muted">Computing the drift of {run.name}…</p>;
  return <DriftChart drift={drift.value} runName={run.name} />;
}

/** One drift chart per run with at least two layers and an active model. */
export function DriftCharts({ runs, training }: { runs: Run[]; training: Training }) {
  const active = (runId: string) =>
    (training.models ?? [])
      .filter((m) => m.runId === runId && m.active)
      .map((m) => m.id)
      .sort()
      .join(',');
  const shown = runs.filter((r) => r.layers.length > 1 && active(r.id) !== '');
  if (shown.length === 0) return null;
  return (
    <section className="drift-charts" aria-label="Drift between rungs" data-testid="drift-charts">
      <h2>Drift between rungs</h2>
      {shown.map((run) => (
        <RunDrift key={run.id} run={run} activeKey={active(run.id)} />
      ))}
    </section>
  );
}
