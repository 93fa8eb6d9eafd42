// Per-layer metrics as files: JSON (the full report, reliability bins and cost curve included) and CSV (one row
// per layer, rates with their 95% interval bounds as separate columns), for the Ladder page and `rung metrics`.
import { csvField } from '../datasets/export';
import type { LayerMetrics } from './layer-metrics';
import type { Proportion } from '../metrics/judged-verdicts';

type Cell = string | number | null;

const proportionColumns = (name: string, p: Proportion | null): [string, Cell][] => [
  [name, p?.rate ?? null],
  [`${name}Low`, p?.interval[0] ?? null],
  [`${name}High`, p?.interval[1] ?? null],
  [`${name}N`, p?.total ?? 0],
];

/** The CSV columns of one layer, in order. */
export function layerCsvColumns(m: LayerMetrics): [string, Cell][] {
  return [
    ['layer', m.layer],
    ['layerName', m.layerName],
    ['comparisons', m.comparisons],
    ['humanLabels', m.humanLabels],
    ['simulatedLabels', m.simulatedLabels],
    ['autoLabelled', m.autoLabelled],
    ['humanLabelsSaved', m.humanLabelsSaved],
    ['auditedAutoLabels', m.auditedAutoLabels],
    ['auditedAutoLabelError', m.auditedAutoLabelError],
    ['modelId', m.modelId],
    ['modelCriterion', m.modelCriterion?.key ?? null],
    ['heldOutComparisons', m.heldOutComparisons],
    ...proportionColumns('rmAccuracy', m.rmAccuracy),
    ...proportionColumns('rmGroundTruthAccuracy', m.rmGroundTruthAccuracy),
    ['ece', m.ece],
    ...proportionColumns('agreementWithLowerLayers', m.agreementWithLowerLayers),
    ...proportionColumns('agreementWithLowerLayersTrained', m.agreementWithLowerLayersTrained),
    ...proportionColumns('humanAccuracy', m.humanAccuracy),
    ...proportionColumns('assistedAccuracy', m.assistedAccuracy),
    ...proportionColumns('unassistedAccuracy', m.unassistedAccuracy),
    ['assistanceEffect', m.assistanceEffect?.estimate ?? null],
    ['assistanceEffectLow', m.assistanceEffect?.low ?? null],
    ['assistanceEffectHigh', m.assistanceEffect?.high ?? null],
    ['medianSecondsAssisted', m.medianSecondsAssisted],
    ['medianSecondsAssistedLow', m.medianSecondsAssistedInterval?.[0] ?? null],
    ['medianSecondsAssistedHigh', m.medianSecondsAssistedInterval?.[1] ?? null],
    ['medianSecondsUnassisted', m.medianSecondsUnassisted],
    ['medianSecondsUnassistedLow', m.medianSecondsUnassistedInterval?.[0] ?? null],
    ['medianSecondsUnassistedHigh', m.medianSecondsUnassistedInterval?.[1] ?? null],
    ['overTrustFollowedWrong', m.overTrust.followedWrong],
    ['overTrustWrongShown', m.overTrust.wrongShown],
    ['overTrust', m.overTrust.rate],
    ['overTrustLow', m.overTrust.interval?.[0] ?? null],
    ['overTrustHigh', m.overTrust.interval?.[1] ?? null],
  ];
}

export function layerMetricsCsv(metrics: readonly LayerMetrics[]): string {
  if (metrics.length === 0) return '';
  const header = layerCsvColumns(metrics[0]).map(([name]) => name);
  const rows = metrics.map((m) => layerCsvColumns(m).map(([, v]) => csvField(v)).join(','));
  return [header.join(','), ...rows].join('\r\n') + '\r\n';
}

export function exportLayerMetrics(runId: string, runName: string, metrics: readonly LayerMetrics[], format: 'csv' | 'json') {
  const base = `rung-metrics-${runName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || runId}`;
  return format === 'csv'
    ? { fileName: `${base}.csv`, mimeType: 'text/csv', content: layerMetricsCsv(metrics) }
    : { fileName: `${base}.json`, mimeType: 'application/json', content: `${JSON.stringify({ runId, runName, layers: metrics }, null, 2)}\n` };
}
