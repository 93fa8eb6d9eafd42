// A ModelScorer over a model the engine trained: its weights loaded (and kept) by the model cache, comparisons
// featurized as it was trained (hashed words, an encoder's embeddings, or stored embeddings) and scored by the engine.
import type Database from 'better-sqlite3';
import { encoderFeatures, modelEncoder, withModelFeatures } from '../encoders/features';
import type { Items } from '../engine';
import { cachedModel } from '../engine/model-cache';
import { scoreComparisons } from '../engine/pipeline';
import { loadComparisons } from '../ladder/training-data';
import { scoreEmbeddingPair, scoreTextPair } from './engine-assistance';
import type { ModelScorer, PairScore } from './scorer';

export function engineScorer(db: Database.Database, modelId: string): ModelScorer {
  const stored = cachedModel(db, modelId);
  const scorer: ModelScorer = {
    id: stored.id,
    name: stored.name,
    kind: 'trained',
    config: stored.config,
    trainedOn: stored.trainedOn,
    async scoreTable(table, options) {
      const s = await scoreComparisons(await withModelFeatures(db, stored.config, table), stored.model, options);
      const byId = new Map<string, PairScore>();
      table.comparisonIds.forEach((id, i) =>
        byId.set(id, { rewardA: s.rewardA[i], rewardB: s.rewardB[i], stdA: s.stdA[i], stdB: s.stdB[i], pA: s.prob[i], spread: s.spread[i] }),
      );
      return { byId, precision: s.precision };
    },
    async scoreIds(comparisonIds) {
      if (comparisonIds.size === 0) return new Map();
      const table = loadComparisons(db, { judgedOnly: false, comparisonIds });
      if (table.comparisonIds.length === 0) return new Map();
      return (await scorer.scoreTable(table)).byId;
    },
    async responseRewards(responses) {
      const { model, name, config } = stored;
      const encoder = modelEncoder(config);
      let items: Items;
      if (encoder) items = await encoderFeatures(db, encoder, responses);
      else if (model.config.featurizer) items = await model.featurize({ prompts: responses.prompts, responses: responses.responses, promptIndex: responses.promptIndex });
      else if (responses.embeddings && responses.embeddings.dim === model.config.inputDim) items = responses.embeddings;
      else throw new Error(`${name} takes ${model.config.inputDim}-dimensional embeddings, but not every anchor response has one`);
      return Float64Array.from((await model.scoreItems(items)).mean);
    },
    async assist(_comparisonId, texts) {
      // Text and encoder models score each segment too (an encoder embeds the segments as texts of their own).
      if (stored.model.config.featurizer || modelEncoder(stored.config)) return scoreTextPair(db, stored, texts);
      return (await scoreEmbeddingPair(stored, texts)) ?? { missing: `${stored.name} takes embeddings, and this comparison's responses have none to score` };
    },
  };
  return scorer;
}
