// `rung metrics --run R [--json|--csv]`: the per-layer report of a run (ladder/layer-metrics.ts) as text, JSON or CSV.
import { RungError } from '../api/errors';
import { layerMetrics, type LayerMetrics } from '../core/ladder/layer-metrics';
import { exportLayerMetrics } from '../core/ladder/layer-metrics-export';
import type { Proportion } from '../core/metrics/judged-verdicts';
import type { Store } from '../core/store';
import { UsageError, type ParsedCommand } from './args';

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const withInterval = (p: Proportion | null) => (p ? `${pct(p.rate)} [${pct(p.interval[0])}, ${pct(p.interval[1])}] (n=${p.total})` : 'n/a');
const seconds = (m: number | null, i: [number, number] | null) => (m === null ? 'n/a' : `${m.toFixed(1)} s${i ? ` [${i[0].toFixed(1)}, ${i[1].toFixed(1)}]` : ''}`);

function layerText(m: LayerMetrics): string[] {
  const rm = m.modelId ? `active RM${m.layer}: ${m.modelName} (${m.heldOutComparisons} held-out comparisons)` : `no active RM${m.layer}`;
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
    `    held-out accuracy    ${withInterval(m.rmAccuracy)} vs consensus; ${withInterval(m.rmGroundTruthAccuracy)} vs ground truth; ECE ${m.ece === null ? 'n/a' : m.ece.toFixed(3)}`,
    `    lower layers         ${withInterval(m.agreementWithLowerLayers)}`,
    `    cost curve           ${m.costCurve.length ? `${pct(m.costCurve[0].accuracy)} with 0 human labels → ${pct(m.costCurve[m.costCurve.length - 1].accuracy)} with ${m.costCurve[m.costCurve.length - 1].humanLabels}` : 'n/a'}`,
  ];
}

/** A run by id or by name. */
function resolveRun(store: Store, ref: string): { id: string; name: string } {
  const row = store.db.prepare('SELECT id, name FROM runs WHERE id = ? OR name = ?').get(ref, ref) as { id: string; name: string } | undefined;
  if (!row) throw new RungError('NOT_FOUND', `no run with id or name "${ref}"`);
  return row;
}

export async function runMetrics(command: ParsedCommand, withStore: <T>(c: ParsedCommand, work: (store: Store) => Promise<T> | T) => Promise<T>): Promise<void> {
  const v = command.values;
  if (typeof v.run !== 'string' || v.run.trim() === '') throw new UsageError(`--run is required\nusage: ${command.spec.usage}`);
  if (v.json && v.csv) throw new UsageError('--json and --csv exclude each other');
  const { run, metrics } = await withStore(command, async (store) => {
    const run = resolveRun(store, v.run as string);
    return { run, metrics: await layerMetrics(store, run.id) };
  });
  if (v.json || v.csv) return void out(exportLayerMetrics(run.id, run.name, metrics, v.csv ? 'csv' : 'json').content);
  out(`run "${run.name}": ${metrics.length} layers (rates with 95% intervals)`);
  for (const m of metrics) out(layerText(m).join('\n'));
}
