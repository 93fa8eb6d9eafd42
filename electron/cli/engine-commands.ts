// `rung train`, `rung score` and `rung model list|edit|export`: train a reward model on the human judgments in the
// database and store it; score the database's comparisons (or a file's) with a stored model; list the models, name and
// note one, or write its files into a folder.
// Parsing and printing; the work is the contract's.
import type { Result } from '../api/contract';
import { UsageError, type ParsedCommand } from './args';
import type { Contract } from './contract-call';
import { numeric, text } from './options';

const out = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

/** `--layer-weight I=W` (repeatable) as a weight per layer 0..max I, 1 where not given (the contract checks the weights). */
function parseLayerWeights(given: string[] | undefined): (number | string)[] | undefined {
  if (!given || given.length === 0) return undefined;
  const entries = given.map((entry) => {
    const m = /^(\d+)=(.+)$/.exec(entry.trim());
    if (!m || m[2].trim() === '') throw new UsageError(`--layer-weight must be LAYER=WEIGHT with a weight ≥ 0 (e.g. 0=0.5), got "${entry}"`);
    return { layer: Number(m[1]), weight: numeric(m[2]) ?? m[2] };
  });
  const weights: (number | string)[] = Array.from({ length: Math.max(...entries.map((e) => e.layer)) + 1 }, () => 1);
  for (const e of entries) weights[e.layer] = e.weight;
  return weights;
}

export async function runTrain(command: ParsedCommand, contract: Contract): Promise<void> {
  const v = command.values;
  const runRef = text(v.run);
  if ((runRef === undefined) !== (v.layer === undefined)) throw new UsageError('--run and --layer go together');
  const layerWeights = v['layer-weight'] as unknown as string[] | undefined;
  if (layerWeights?.length && runRef === undefined) throw new UsageError('--layer-weight needs --run and --layer');
  if (v.criterion !== undefined && runRef === undefined) throw new UsageError('--criterion needs --run and --layer');
  const tty = process.stderr.isTTY && !v.json;
  const summary = await contract(async (call) => {
    try {
      const runId = runRef === undefined ? undefined : (await call('findRun', { idOrName: runRef })).id;
      return await call('trainModel', {
        runId,
        layer: numeric(v.layer),
        holdout: numeric(v.holdout),
        folds: numeric(v.folds),
        seed: numeric(v.seed),
        device: text(v.device),
        precision: text(v.precision),
        layerWeights: parseLayerWeights(layerWeights),
        combine: text(v.combine),
        includeSimulated: v['include-simulated'] === true,
        includeModelJudgments: v['include-model-judgments'] === true,
        encoder: text(v.encoder),
        criterion: text(v.criterion),
        actor: 'cli',
      });
    } finally {
      if (tty) process.stderr.write('\r\x1b[K');
    }
  });
  if (v.json) return void out(JSON.stringify(summary, null, 2));
  out(`model ${summary.modelId} (${summary.input} features, ${summary.device}): trained on ${summary.trainComparisons} comparisons, ${summary.holdoutComparisons} held out (whole prompts)`);
  const by = summary.judgmentsBySource;
  out(`judgments used: ${by.human} human, ${by.simulated} simulated, ${by.model} model`);
  if (summary.criterion) out(`trained on criterion ${summary.criterion.label} (${summary.criterion.key}); ${summary.judgmentsWithoutCriterion} judgments without a verdict on it left out`);
  if (summary.accuracy !== null || summary.logLoss !== null)
    out(`held out: accuracy ${pct(summary.accuracy)} over ${summary.holdoutDecided} decided of ${summary.holdoutComparisons} held-out comparisons (ties left out)  logLoss ${num(summary.logLoss)}  ece ${num(summary.ece)}  lengthBaselineAccuracy ${pct(summary.lengthBaselineAccuracy)}`);
  const cv = summary.crossValidation;
  if (cv) out(`${cv.folds}-fold CV by prompt: accuracy ${pct(cv.accuracy)}  logLoss ${num(cv.logLoss)}  lengthBaselineAccuracy ${pct(cv.lengthBaselineAccuracy)}`);
}

export async function runScore(command: ParsedCommand, contract: Contract): Promise<void> {
  const v = command.values;
  const report = await contract((call) =>
    call('scoreComparisons', { modelId: text(v.model), datasetId: text(v.dataset), path: text(v.file), precision: text(v.precision) }, { path: 'file' }),
  );
  if (v.json) return void out(JSON.stringify(report, null, 2));
  out(`comparison                             P(A≻B)  spread  reward A (±std)     reward B (±std)`);
  for (const r of report.comparisons)
    out(`${r.id}  ${r.probA.toFixed(3)}   ${r.spread.toFixed(3)}  ${r.rewardA.toFixed(3).padStart(7)} (±${r.stdA.toFixed(3)})  ${r.rewardB.toFixed(3).padStart(7)} (±${r.stdB.toFixed(3)})`);
  const agreement = report.agreementWithHumans;
  const precision = report.precision === 'external' ? 'external scores' : report.precision;
  out(`scored ${report.comparisons.length} comparisons with model ${report.modelId} (${precision}); agreement with human consensus on ${agreement.decided} decided comparisons (training ones included): ${pct(agreement.accuracy)}`);
}

type ModelSummary = Result<'listModels'>[number];

function printModel(m: ModelSummary): void {
  const where = m.layer === null ? 'no run' : `layer ${m.layer}`;
  const made = m.kind === 'external' ? `imported ${m.createdAt}` : `trained ${m.createdAt}: held-out accuracy ${pct(m.heldOut?.accuracy ?? null)}`;
  out(`${m.id}  "${m.name}"${m.active ? ' (active)' : ''}, ${where}, ${made}`);
  out(`  ${m.recipe}`);
  if (m.notes) out(`  notes: ${m.notes.replace(/\n/g, '\n         ')}`);
}

/** `rung model list [--run RUN]`, `rung model edit ID [--name NAME] [--notes TEXT]` and `rung model export ID --out DIR`. */
export async function runModel(command: ParsedCommand, contract: Contract): Promise<void> {
  const v = command.values;
  const [action, modelId] = command.positionals;
  const usage = `\nusage: ${command.spec.usage}`;
  if (action === 'list') {
    if (modelId !== undefined) throw new UsageError(`rung model list takes no model id${usage}`);
    const models = await contract(async (call) => call('listModels', { runId: v.run === undefined ? undefined : (await call('findRun', { idOrName: text(v.run) })).id }));
    if (v.json) return void out(JSON.stringify(models, null, 2));
    if (models.length === 0) return void out('no models yet: rung train, or train a layer on the Ladder page');
    return models.forEach(printModel);
  }
  if (action !== 'export' && action !== 'edit') throw new UsageError(`${action === undefined ? 'say what to do' : `unknown model action "${action}"`}: list, edit or export${usage}`);
  if (modelId === undefined) throw new UsageError(`the model's id is required${usage}`);
  if (action === 'edit') {
    if (v.name === undefined && v.notes === undefined) throw new UsageError(`give --name NAME, --notes TEXT or both${usage}`);
    const edited = await contract((call) => call('editModel', { modelId, name: text(v.name), notes: text(v.notes) }, { modelId: 'ID' }));
    if (v.json) return void out(JSON.stringify(edited, null, 2));
    return printModel(edited);
  }
  if (v.out === undefined) throw new UsageError(`--out DIR is required${usage}`);
  const written = await contract((call) => call('exportModelToFolder', { modelId, out: text(v.out) }, { modelId: 'ID' }));
  if (v.json) return void out(JSON.stringify(written, null, 2));
  out(`wrote ${written.files.join(' and ')} to ${written.outDir}`);
}
