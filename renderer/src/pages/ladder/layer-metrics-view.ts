// Pure logic behind the Ladder page's metrics section: one layer's report (getLayerMetrics) as table rows of
// label, value, 95% interval and how many items it rests on (RMk's rows name the rubric criterion it was trained on,
// whose verdicts they are measured against). Tested in tests/unit/layer-metrics-view.test.ts.
import type { Result } from '../../../../electron/api/contract';

export type LayerMetrics = Result<'getLayerMetrics'>[number];
type Proportion = NonNullable<LayerMetrics['rmAccuracy']>;

export interface MetricRow {
  id: string;
  label: string;
  value: string;
  interval: string;
  basis: string;
  hint?: string;
}

export const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)}%`);
const signedPct = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${(Math.abs(x) * 100).toFixed(1)}%`;
const seconds = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)} s`);
const range = (r: [number, number] | null, f: (x: number) => string) => (r ? `${f(r[0])} – ${f(r[1])}` : '—');

function proportionRow(id: string, label: string, p: Proportion | null, unit: string, hint?: string): MetricRow {
  return { id, label, value: pct(p?.rate), interval: range(p?.interval ?? null, pct), basis: p ? `${p.successes % 1 === 0 ? p.successes : p.successes.toFixed(1)}/${p.total} ${unit}` : `no ${unit}`, hint };
}

/** A held-out accuracy: over how many of the layer's held-out comparisons it could be computed (decided, or with ground truth). */
function heldOutRow(id: string, label: string, p: Proportion | null, heldOut: number, counted: string): MetricRow {
  const row = proportionRow(id, label, p, 'comparisons');
  const n = p?.total ?? 0;
  return { ...row, basis: `${p ? `${row.basis.split(' ')[0]} ` : ''}(${n} ${counted} of ${heldOut} held out)`, hint: `Of the ${heldOut} comparisons held out on this layer, ${n} ${counted}` };
}

export function metricRows(m: LayerMetrics): MetricRow[] {
  const k = m.layer;
  const o = m.overTrust;
  const on = m.modelCriterion ? ` on ${m.modelCriterion.label}` : '';
  return [
    proportionRow('human', 'People, all verdicts', m.humanAccuracy, 'verdicts', 'Against ground truth where known, else the majority of the other verdicts on the comparison'),
    proportionRow('assisted', 'People, assisted', m.assistedAccuracy, 'verdicts'),
    proportionRow('unassisted', 'People, control trials (no assistance)', m.unassistedAccuracy, 'verdicts'),
    {
      id: 'effect',
      label: 'Assisted − unassisted',
      value: m.assistanceEffect ? signedPct(m.assistanceEffect.estimate) : '—',
      interval: m.assistanceEffect ? `${signedPct(m.assistanceEffect.low)} – ${signedPct(m.assistanceEffect.high)}` : '—',
      basis: m.assistanceEffect ? 'Newcombe interval' : 'needs both kinds',
    },
    {
      id: 'time-assisted',
      label: 'Median time, assisted',
      value: seconds(m.medianSecondsAssisted),
      interval: range(m.medianSecondsAssistedInterval, seconds),
      basis: m.medianSecondsAssisted === null ? 'no timed verdicts' : m.medianSecondsAssistedInterval ? 'order-statistic interval' : 'too few for an interval',
    },
    {
      id: 'time-unassisted',
      label: 'Median time, control trials',
      value: seconds(m.medianSecondsUnassisted),
      interval: range(m.medianSecondsUnassistedInterval, seconds),
      basis: m.medianSecondsUnassisted === null ? 'no timed verdicts' : m.medianSecondsUnassistedInterval ? 'order-statistic interval' : 'too few for an interval',
    },
    {
      id: 'over-trust',
      label: 'Over-trust',
      value: pct(o.rate),
      interval: range(o.interval, pct),
      basis: o.wrongShown ? `followed ${o.followedWrong} of ${o.wrongShown} wrong suggestions` : 'assistance never wrong yet',
      hint: 'Share of assisted verdicts that chose the side the assistance wrongly favoured',
    },
    heldOutRow('rm', `RM${k} held out on layer ${k}, vs consensus${on}`, m.rmAccuracy, m.heldOutComparisons, 'decided'),
    heldOutRow('rm-gt', `RM${k} held out on layer ${k}, vs ground truth`, m.rmGroundTruthAccuracy, m.heldOutComparisons, 'with ground truth'),
    proportionRow('lower', `RM${k} on lower layers' established judgments${on}, not trained on`, m.agreementWithLowerLayers, 'comparisons', k === 0 ? 'Layer 0 has no lower layers' : `Comparisons of layers below ${k} that RM${k} never trained on`),
    proportionRow('lower-trained', `RM${k} on lower layers' established judgments${on}, its own training comparisons`, m.agreementWithLowerLayersTrained, 'comparisons', k === 0 ? 'Layer 0 has no lower layers' : `Training data, not a test: shown apart, never mixed in`),
    { id: 'ece', label: `RM${k} calibration (ECE)`, value: m.ece === null ? '—' : m.ece.toFixed(3), interval: '—', basis: `${m.reliability.reduce((s, b) => s + b.count, 0)} comparisons, 10 bins` },
  ];
}

/** What RMk's figures are on: '' for the judgments' own choices, else its criterion (people's verdicts on it). */
export function modelCriterionWords(m: Pick<LayerMetrics, 'modelCriterion' | 'layer'>): string {
  return m.modelCriterion ? `RM${m.layer} was trained on criterion ${m.modelCriterion.label}: its figures are against people's verdicts on it` : '';
}

/** The labels line: used, auto-labelled, saved, audited error. */
export function labelsSummary(m: LayerMetrics): string {
  const parts = [`${m.humanLabels} human labels${m.simulatedLabels ? ` (${m.simulatedLabels} simulated)` : ''} on ${m.comparisons} comparisons`];
  if (m.autoLabelled) parts.push(`${m.autoLabelled} auto-labelled, ${m.humanLabelsSaved} human labels saved`);
  if (m.auditedAutoLabelError !== null) parts.push(`audited auto-label error ${pct(m.auditedAutoLabelError)} of ${m.auditedAutoLabels}`);
  return parts.join(' · ');
}
