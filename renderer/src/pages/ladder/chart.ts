// Pure helpers for the training charts drawn in SVG (LineChart.tsx): domains, "nice"
// ticks, linear scales and line paths that break where a value is missing. No DOM, no chart library.

export interface XY {
  x: number;
  y: number | null;
}

/** A step of 1, 2, 2.5 or 5 times a power of ten, so that about `count` steps cover `span`. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  const nice = unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 2.5 ? 2.5 : unit <= 5 ? 5 : 10;
  return nice * power;
}

/** Rounds away floating-point noise (0.30000000000000004 → 0.3). */
const clean = (v: number) => Number.parseFloat(v.toPrecision(12));

/**
 * The y domain for some values: widened to whole ticks, optionally including `floor` (e.g. 0 for losses) and
 * clamped to `limits` (e.g. [0, 1] for accuracy). An empty or flat series still gets a usable domain.
 */
export function niceDomain(
  values: readonly number[],
  options: { floor?: number; limits?: [number, number]; count?: number } = {},
): { min: number; max: number; ticks: number[] } {
  const finite = values.filter((v) => Number.isFinite(v));
  const count = options.count ?? 4;
  let lo = finite.length ? Math.min(...finite) : options.limits?.[0] ?? 0;
  let hi = finite.length ? Math.max(...finite) : options.limits?.[1] ?? 1;
  if (options.floor !== undefined) lo = Math.min(lo, options.floor);
  if (hi - lo < 1e-9) {
    const pad = Math.abs(hi) > 1e-9 ? Math.abs(hi) * 0.1 : 0.5;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, count);
  let min = clean(Math.floor(lo / step) * step);
  let max = clean(Math.ceil(hi / step) * step);
  if (options.limits) {
    min = Math.max(options.limits[0], min);
    max = Math.min(options.limits[1], max);
    if (max <= min) [min, max] = options.limits;
  }
  return { min, max, ticks: ticksBetween(min, max, step) };
}

/** Multiples of `step` from `min` to `max` inclusive (with a little slack for rounding). */
export function ticksBetween(min: number, max: number, step: number): number[] {
  const out: number[] = [];
  const first = Math.ceil(min / step - 1e-9) * step;
  for (let v = first; v <= max + step * 1e-9 && out.length < 50; v += step) out.push(clean(v));
  return out;
}

/** Integer x ticks (epochs) from `min` to `max`: at most `count` + 1 of them, always including the ends. */
export function integerTicks(min: number, max: number, count = 6): number[] {
  if (max <= min) return [min];
  const step = Math.max(1, Math.ceil((max - min) / count));
  const out: number[] = [];
  for (let v = min; v < max; v += step) out.push(v);
  if (out.length && max - out[out.length - 1] < step / 2) out.pop();
  out.push(max);
  return out;
}

/** A linear map from [d0, d1] onto [r0, r1]; a degenerate domain maps everything to the middle. */
export function linearScale(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** An SVG path through the points in order; a missing y ends the line there and the next value starts anew. */
export function linePath(points: readonly XY[], sx: (v: number) => number, sy: (v: number) => number): string {
  const parts: string[] = [];
  let pen = false;
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y)) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${round(sx(p.x))} ${round(sy(p.y))}`);
    pen = true;
  }
  return parts.join(' ');
}

const round = (v: number) => Math.round(v * 10) / 10;

/** Short tick labels: 0.25 → "0.25", 1200 → "1.2k", 0.5 as a share → "50%". */
export function formatTick(v: number, kind: 'number' | 'percent' = 'number'): string {
  if (kind === 'percent') return `${clean(v * 100)}%`;
  const abs = Math.abs(v);
  if (abs >= 1000) return `${clean(v / 1000)}k`;
  return String(clean(v));
}
