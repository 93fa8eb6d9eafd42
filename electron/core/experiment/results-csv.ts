// results.csv of an experiment: one row per run and layer (condition, seed, layer), the figures a spreadsheet needs.
import { csvField } from '../datasets/export';
import type { LayerSummary, RunSummary } from './run-summary';

const COLUMNS: [string, (run: RunSummary, layer: LayerSummary) => unknown][] = [
  ['condition', (r) => r.condition],
  ['seed', (r) => r.seed],
  ['layer', (_, l) => l.layer],
  ['comparisons', (_, l) => l.comparisons],
  ['human_labels', (_, l) => l.humanLabels],
  ['auto_labelled', (_, l) => l.autoLabelled],
  ['human_labels_saved', (_, l) => l.humanLabelsSaved],
  ['threshold', (_, l) => l.threshold],
  ['certified_error_bound', (_, l) => l.thresholdErrorBound],
  ['audited_auto_label_error', (_, l) => l.auditedAutoLabelError],
  ['auto_label_ground_truth_error', (_, l) => l.autoLabelError.rate],
  ['label_ground_truth_accuracy', (_, l) => l.labelAccuracy.rate],
  ['assisted_ground_truth_accuracy', (_, l) => l.assistedAccuracy.rate],
  ['unassisted_ground_truth_accuracy', (_, l) => l.unassistedAccuracy.rate],
  ['rm_accuracy', (_, l) => l.rmAccuracy],
  ['length_bias_items', (_, l) => l.bias.length.items],
  ['labels_taking_length_side', (_, l) => l.bias.length.labels.rate],
  ['step_blind_items', (_, l) => l.bias['step-blind'].items],
  ['labels_taking_step_blind_side', (_, l) => l.bias['step-blind'].labels.rate],
  ['wrong_labels', (_, l) => l.checks.wrongLabels],
  ['flagged_wrong_labels', (_, l) => l.checks.flaggedWrongLabels],
  ['flagged_comparisons', (_, l) => l.checks.flaggedComparisons],
];

export function resultsCsv(runs: readonly RunSummary[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const run of runs) for (const layer of run.layers) lines.push(COLUMNS.map(([, cell]) => csvField(cell(run, layer))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
