// Pure logic behind the Train RMk form's data options: layer weights (one per layer 0..k), how verdicts combine,
// and whether simulated evaluators' and models' judgments count; the typed values checked into startTraining params.
export type Combine = 'majority' | 'reliability';

export interface TrainOptions {
  layerWeights: number[];
  combine: Combine;
  includeSimulated: boolean;
  includeModelJudgments: boolean;
}

export interface TrainOptionsDraft {
  /** Weight of layer i as typed, for layers 0..k. */
  layerWeights: string[];
  combine: Combine;
  includeSimulated: boolean;
  includeModelJudgments: boolean;
}

export const MAX_LAYER_WEIGHT = 100;

export function defaultTrainOptions(k: number): TrainOptionsDraft {
  return { layerWeights: Array.from({ length: k + 1 }, () => '1'), combine: 'majority', includeSimulated: false, includeModelJudgments: false };
}

/** The draft as params, or a message per bad layer weight (by layer index) and for the set as a whole. */
export function validateTrainOptions(
  d: TrainOptionsDraft,
): { ok: true; value: TrainOptions } | { ok: false; errors: { layerWeights: Record<number, string>; all?: string } } {
  const layerErrors: Record<number, string> = {};
  const weights = d.layerWeights.map((text, i) => {
    const w = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(w)) layerErrors[i] = 'Enter a number (1 = normal weight, 0 = leave the layer out).';
    else if (w < 0 || w > MAX_LAYER_WEIGHT) layerErrors[i] = `A weight must be from 0 to ${MAX_LAYER_WEIGHT}.`;
    return w;
  });
  if (Object.keys(layerErrors).length) return { ok: false, errors: { layerWeights: layerErrors } };
  if (weights.length > 0 && weights.every((w) => w === 0)) return { ok: false, errors: { layerWeights: {}, all: 'At least one layer needs a weight above 0.' } };
  return { ok: true, value: { layerWeights: weights, combine: d.combine, includeSimulated: d.includeSimulated, includeModelJudgments: d.includeModelJudgments } };
}

/** What the form says the model will learn from. */
export function sourcesText(o: Pick<TrainOptions, 'includeSimulated' | 'includeModelJudgments'>): string {
  const extra = [o.includeSimulated && "simulated evaluators' judgments", o.includeModelJudgments && 'model judgments (auto-labels)'].filter(Boolean);
  return extra.length ? `human judgments plus ${extra.join(' and ')}` : 'human judgments';
}
