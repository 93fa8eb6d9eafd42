// A reliability diagram drawn in SVG: for each bin of predicted P(A ≻ B), the observed share where A won against
// the mean prediction (a dot sized by the bin's count), with the diagonal of perfect calibration.
import { useId } from 'react';
import { linearScale, ticksBetween } from './chart';
import type { LayerMetrics } from './layer-metrics-view';

const W = 240;
const H = 240;
const M = { left: 36, right: 10, top: 10, bottom: 30 };

export function ReliabilityDiagram({ bins, title, testId }: { bins: LayerMetrics['reliability']; title: string; testId?: string }) {
  const titleId = useId();
  const sx = linearScale([0, 1], [M.left, W - M.right]);
  const sy = linearScale([0, 1], [H - M.bottom, M.top]);
  const ticks = ticksBetween(0, 1, 0.25);
  const filled = bins.filter((b) => b.count > 0 && b.meanPredicted !== null && b.observed !== null);
  const largest = Math.max(1, ...filled.map((b) => b.count));
  const text = filled.length
    ? filled.map((b) => `predicted ${(b.meanPredicted! * 100).toFixed(0)}%: observed ${(b.observed! * 100).toFixed(0)}% (${b.count})`).join('; ')
    : 'No held-out comparisons scored.';
  return (
    <figure className="line-chart reliability-diagram" data-testid={testId}>
      <figcaption id={titleId} className="line-chart-title">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} aria-describedby={`${titleId}-desc`} className="line-chart-svg">
        <desc id={`${titleId}-desc`}>{text}</desc>
        <g className="chart-grid">
          {ticks.map((t) => (
            <g key={t}>
              <line x1={M.left} x2={W - M.right} y1={sy(t)} y2={sy(t)} />
              <text x={M.left - 4} y={sy(t)} dy="0.32em" textAnchor="end">{`${t * 100}%`}</text>
              <text x={sx(t)} y={H - M.bottom + 12} textAnchor="middle">{`${t * 100}%`}</text>
            </g>
          ))}
          <text x={(M.left + W - M.right) / 2} y={H - 3} textAnchor="middle" className="chart-axis-label">
            predicted P(A ≻ B)
          </text>
        </g>
        <g className="chart-reference">
          <line x1={sx(0)} y1={sy(0)} x2={sx(1)} y2={sy(1)} />
        </g>
        <g className="chart-series series-acc">
          {filled.map((b) => (
            <circle key={b.low} cx={sx(b.meanPredicted!)} cy={sy(b.observed!)} r={2.5 + 4 * Math.sqrt(b.count / largest)} data-testid="reliability-point">
              <title>{`${(b.low * 100).toFixed(0)}–${(b.high * 100).toFixed(0)}%: mean prediction ${(b.meanPredicted! * 100).toFixed(1)}%, A won ${(b.observed! * 100).toFixed(1)}% of ${b.count}`}</title>
            </circle>
          ))}
        </g>
        {filled.length === 0 && (
          <text x={(M.left + W - M.right) / 2} y={(M.top + H - M.bottom) / 2} textAnchor="middle" className="chart-empty">
            no data
          </text>
        )}
      </svg>
    </figure>
  );
}
