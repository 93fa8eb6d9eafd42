// A small line chart drawn in SVG (no chart library, nothing fetched): x is the epoch (or another count), one line per series,
// a marker per point (its value in a tooltip), gridlines at "nice" ticks, an HTML legend. Colours come from
// CSS (light and dark). Screen readers get the chart's title and the latest value of each series.
import { useId } from 'react';
import { formatTick, integerTicks, linearScale, linePath, niceDomain, niceStep, ticksBetween, type XY } from './chart';

export interface ChartSeries {
  id: string;
  label: string;
  /** CSS class giving the series its colour (e.g. "series-train"). */
  className: string;
  points: XY[];
  dashed?: boolean;
}

interface Props {
  title: string;
  series: ChartSeries[];
  yKind?: 'number' | 'percent';
  /** The y axis always includes this value (0 for losses). */
  floor?: number;
  /** The y axis stays within these limits. */
  limits?: [number, number];
  /** The y axis is exactly this range (e.g. [0, 1] for accuracy, so curves compare across jobs). */
  domain?: [number, number];
  /** A horizontal reference line (e.g. chance at 50%). */
  reference?: { y: number; label: string };
  /** What x counts (default "epoch"). */
  xLabel?: string;
  testId?: string;
}

const W = 480;
const H = 180;
const M = { left: 42, right: 12, top: 10, bottom: 30 };

export function LineChart({ title, series, yKind = 'number', floor, limits, domain, reference, xLabel = 'epoch', testId }: Props) {
  const titleId = useId();
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.y)).filter((v): v is number => v !== null && Number.isFinite(v));
  if (reference) ys.push(reference.y);
  const x0 = xs.length ? Math.min(...xs) : 1;
  const x1 = xs.length ? Math.max(...xs) : 1;
  const y = domain ? { min: domain[0], max: domain[1], ticks: ticksBetween(domain[0], domain[1], niceStep(domain[1] - domain[0], 4)) } : niceDomain(ys, { floor, limits });
  const sx = linearScale(x0 === x1 ? [x0 - 1, x1 + 1] : [x0, x1], [M.left, W - M.right]);
  const sy = linearScale([y.min, y.max], [H - M.bottom, M.top]);
  const xTicks = xs.length ? integerTicks(x0, x1) : [];
  const fmt = (v: number) => (yKind === 'percent' ? `${(v * 100).toFixed(1)}%` : v.toFixed(3));

  const latest = series
    .map((s) => {
      const last = [...s.points].reverse().find((p) => p.y !== null && Number.isFinite(p.y));
      return last ? `${s.label} ${fmt(last.y!)} at ${xLabel} ${last.x}` : `${s.label}: no value yet`;
    })
    .join('; ');
  const empty = ys.length === (reference ? 1 : 0);

  return (
    <figure className="line-chart" data-testid={testId}>
      <figcaption id={titleId} className="line-chart-title">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} aria-describedby={`${titleId}-desc`} className="line-chart-svg">
        <desc id={`${titleId}-desc`}>{empty ? `No ${xLabel === 'epoch' ? 'epoch has finished' : 'value'} yet.` : latest}</desc>
        <g className="chart-grid">
          {y.ticks.map((t) => (
            <g key={t}>
              <line x1={M.left} x2={W - M.right} y1={sy(t)} y2={sy(t)} />
              <text x={M.left - 4} y={sy(t)} dy="0.32em" textAnchor="end">
                {formatTick(t, yKind === 'percent' ? 'percent' : 'number')}
              </text>
            </g>
          ))}
          {xTicks.map((t) => (
            <text key={t} x={sx(t)} y={H - M.bottom + 12} textAnchor="middle">
              {t}
            </text>
          ))}
          <text x={(M.left + W - M.right) / 2} y={H - 3} textAnchor="middle" className="chart-axis-label">
            {xLabel}
          </text>
        </g>
        {reference && (
          <g className="chart-reference">
            <line x1={M.left} x2={W - M.right} y1={sy(reference.y)} y2={sy(reference.y)} />
            <text x={W - M.right - 2} y={sy(reference.y) - 3} textAnchor="end">
              {reference.label}
            </text>
          </g>
        )}
        {series.map((s) => (
          <g key={s.id} className={`chart-series ${s.className}`} data-series={s.id}>
            <path d={linePath(s.points, sx, sy)} fill="none" strokeDasharray={s.dashed ? '5 3' : undefined} />
            {s.points.map((p) =>
              p.y === null || !Number.isFinite(p.y) ? null : (
                <circle key={p.x} cx={sx(p.x)} cy={sy(p.y)} r={2.6} data-testid="chart-point">
                  <title>{`${s.label}, ${xLabel} ${p.x}: ${fmt(p.y)}`}</title>
                </circle>
              ),
            )}
          </g>
        ))}
        {empty && (
          <text x={(M.left + W - M.right) / 2} y={(M.top + H - M.bottom) / 2} textAnchor="middle" className="chart-empty">
            {xLabel === 'epoch' ? 'waiting for the first epoch…' : 'no data'}
          </text>
        )}
      </svg>
      <ul className="chart-legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.id} className={s.className}>
            <span className={`chart-swatch${s.dashed ? ' is-dashed' : ''}`} />
            {s.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
