// One line saying how a reward model was trained, from its stored config and provenance: its input, the split's
// seed and held-out share, the layers and their weights, the rubric criterion that labelled it, how verdicts were combined, which sources counted, its
// ensemble and precision. Two models trained alike read the same; any difference in how shows.
import { externalProvenance, isExternalConfig } from '../scoring/external-config';

interface StoredConfig {
  input?: string;
  encoder?: { name?: string } | null;
  members?: number;
  hidden?: number;
  training?: { precision?: string; folds?: number | null };
}

interface StoredTrainedOn {
  layers?: string;
  layerWeights?: number[] | null;
  combine?: string;
  includeSimulated?: boolean;
  includeModelJudgments?: boolean;
  criterion?: { key: string; label: string } | null;
  split?: { holdout?: number; seed?: number };
}

function input(config: StoredConfig): string {
  if (config.input === 'encoder') return `encoder ${config.encoder?.name ?? '(unnamed)'}`;
  if (config.input === 'embedding') return 'stored embeddings';
  return 'hashed words';
}

function layers(trainedOn: StoredTrainedOn): string | null {
  if (!trainedOn.layers || trainedOn.layers === 'all') return 'all comparisons';
  const weights = trainedOn.layerWeights ?? [];
  const weighted = weights.some((w) => w !== 1) ? ` weighted ${weights.join(', ')}` : '';
  return `layers ${trainedOn.layers}${weighted}`;
}

/** The recipe line, e.g. "hashed words · layers 0..1 · seed 1 · 20% held out · majority · 5 × 32 MLP · fp32"; for an
 *  external model its provenance, "external (lab-rm.jsonl, 1200 scores)". */
export function trainingRecipe(configJson: string, trainedOnJson: string): string {
  const stored = JSON.parse(configJson) as Record<string, unknown>;
  if (isExternalConfig(stored)) return externalProvenance(stored); // trained elsewhere: where its scores came from
  const config = stored as StoredConfig;
  const trainedOn = JSON.parse(trainedOnJson) as StoredTrainedOn;
  const split = trainedOn.split ?? {};
  const parts = [
    input(config),
    layers(trainedOn),
    trainedOn.criterion ? `trained on criterion ${trainedOn.criterion.label}` : null,
    split.seed === undefined ? null : `seed ${split.seed}`,
    split.holdout === undefined ? null : `${Math.round(split.holdout * 100)}% held out`,
    config.training?.folds ? `${config.training.folds}-fold CV` : null,
    trainedOn.combine ? `${trainedOn.combine} vote` : null,
    trainedOn.includeSimulated ? 'simulated verdicts included' : null,
    trainedOn.includeModelJudgments ? 'model verdicts included' : null,
    config.members && config.hidden ? `${config.members} × ${config.hidden} MLP` : null,
    config.training?.precision ?? null,
  ];
  return parts.filter((p): p is string => p !== null).join(' · ');
}
