// `rung metrics --run R [--json|--csv]`: the per-layer report of a run (getLayerMetrics, exportLayerMetrics) as text, JSON or CSV.
import type { z } from 'zod';
import type { LayerMetrics as LayerMetricsSchema, Proportion as ProportionSchema } from '../api/metrics';
import { UsageError, type ParsedCommand } from './args';
import type { Contract } from './contract-call';
import { text } from './options';

type LayerMetrics = z.infer<typeof LayerMetricsSchema>;
type Proportion = z.infer<typeof ProportionSchema>;

const out = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const withInterval = (p: Proportion | null) => (p ? `${pct(p.rate)} [${pct(p.interval[0])}, ${pct(p.interval[1])}] (n=${p.total})` : 'n/a');
const seconds = (m: number | null, i: [number, number] | null) => (m === null ? 'n/a' : `${m.toFixed(1)} s${i ? ` [${i[0].toFixed(1)}, ${i[1].toFixed(1)}]` : ''}`);

function layerText(m: LayerMetrics): string[] {
  const on = m.modelCriterion ? `; trained on criterion ${m.modelCriterion.label} (${m.modelCriterion.key}): its figures are against people's verdicts on it` : '';
  const rm = m.modelId ? `active RM${m.layer}: ${m.modelName} (${m.heldOutComparisons} held-out comparisons${on})` : `no active RM${m.layer}`;
  return [
    `layer ${m.layer} (${m.layerName}): ${m.comparisons} comparisons; ${m.humanLabels} human labels (${m.simulatedLabels} simulated), ${m.autoLabelled} auto-labelled, ${m.humanLabelsSaved} human labels saved` +
      (m.auditedAutoLabelError === null ? '' : `; audited auto-label error ${pct(m.auditedAutoLabelError)} of ${m.auditedAutoLabels}`),
    `  human accuracy         ${withInterval(m.humanAccuracy)}`,
    `  assisted accuracy      ${withInterval(m.assistedAccuracy)}`,
    `  unassisted accuracy    ${withInterval(m.unassistedAccuracy)}`,
    `  assisted − unassisted  ${m.assistanceEffect ? `${pct(m.assistanceEffect.estimate)} [${pct(m.assistanceEffect.low)}, ${pct(m.assistanceEffect.high)}]` : 'n/a'}`,
    `  median time            assisted ${seconds(m.medianSecondsAssisted, m.medianSecondsAssistedInterval)}, unassisted ${seconds(m.medianSecondsUnassisted, m.medianSecondsUnassistedInterval)}`,
    `  over-trust             ${m.overTrust.followedWrong}/${m.overTrust.wrongShown} followed wrong assistance${m.overTrust.rate === null ? '' : ` = ${pct(m.overTrust.rate)} [${pct(m.overTrust.interval![0])}, ${pct(m.overTrust.interval![1])}]`}`,
    `  ${rm}${m.modelError ? ` (not scored: ${m.modelError})` : ''}`,
    `    held-out accuracy    ${withInterval(m.rmAccuracy)} vs consensus, over ${m.rmAccuracy?.total ?? 0} decided of ${m.heldOutComparisons} held out on layer ${m.layer}; ${withInterval(m.rmGroundTruthAccuracy)} vs ground truth; ECE ${m.ece === null ? 'n/a' : m.ece.toFixed(3)}`,
    `    lower layers         ${withInterval(m.agreementWithLowerLayers)} not trained on; ${withInterval(m.agreementWithLowerLayersTrained)} on RM${m.layer}'s own training comparisons`,
    `    cost curve           ${m.costCurve.length ? `${pct(m.costCurve[0].accuracy)} with 0 human labels → ${pct(m.costCurve[m.costCurve.length - 1].accuracy)} with ${m.costCurve[m.costCurve.length - 1].humanLabels}` : 'n/a'}`,
  ];
}

export async function runMetrics(command: ParsedCommand, contract: Contract): Promise<void> {
  const v = command.values;
  if (typeof v.run !== 'string' || v.run.trim() === '') throw new UsageError(`--run is required\nusage: ${command.spec.usage}`);
  if (v.json && v.csv) throw new UsageError('--json and --csv exclude each other');
  const format = v.json ? 'json' : v.csv ? 'csv' : null;
  const report = await contract(async (call) => {
    const run = await call('findRun', { idOrName: text(v.run) });
    if (format) return { run, exported: await call('exportLayerMetrics', { runId: run.id, format }), metrics: [] };
    return { run, exported: null, metrics: await call('getLayerMetrics', { runId: run.id }) };
  });
  if (report.exported) return void out(report.exported.content);
  out(`run "${report.run.name}": ${report.metrics.length} layers (rates with 95% intervals)`);
  for (const m of report.metrics) out(layerText(m).join('\n'));
}
