// A ModelScorer over a lab's own model whose scores were imported (`rung scores import`): it has no weights, only a
// reward (and optionally a std) for each response of the comparisons its file scored. P(A ≻ B) is the Bradley-Terry
// sigmoid(reward_a − reward_b); its spread, p(1 − p)·√(std_a² + std_b²), carries the stds through (0 without them).
// A comparison the file did not score is left out, never guessed.
import type Database from 'better-sqlite3';
import { externalResponseRewards, externalScores, type ExternalScoreRow } from '../db/external-scores';
import type { ModelHeader } from '../db/models';
import { externalProvenance, type ExternalConfig } from './external-config';
import type { ModelScorer, PairScore } from './scorer';

function pairScore(row: ExternalScoreRow): PairScore {
  const stdA = row.stdA ?? 0, stdB = row.stdB ?? 0;
  const pA = 1 / (1 + Math.exp(row.rewardB - row.rewardA));
  return { rewardA: row.rewardA, rewardB: row.rewardB, stdA, stdB, pA, spread: pA * (1 - pA) * Math.hypot(stdA, stdB) };
}

export function externalScorer(db: Database.Database, header: ModelHeader, config: Record<string, unknown> & ExternalConfig): ModelScorer {
  const scoresOf = (ids: readonly string[]) => new Map(externalScores(db, header.id, ids).map((row) => [row.comparisonId, pairScore(row)]));
  return {
    id: header.id,
    name: header.name,
    kind: 'external',
    config,
    trainedOn: JSON.parse(header.trainedOn) as Record<string, unknown>,
    scoreTable: async (table) => ({ byId: scoresOf(table.comparisonIds), precision: 'external' }),
    scoreIds: async (comparisonIds) => scoresOf([...comparisonIds]),
    async responseRewards(responses) {
      const rewards = externalResponseRewards(db, header.id, responses.responseIds);
      return Float64Array.from(responses.responseIds, (id) => rewards.get(id) ?? NaN);
    },
    async assist(comparisonId) {
      const score = scoresOf([comparisonId]).get(comparisonId);
      if (!score) return { missing: `${header.name} is ${externalProvenance(config)}, and its file has no score for this comparison` };
      return {
        rewards: [
          { mean: score.rewardA, std: score.stdA },
          { mean: score.rewardB, std: score.stdB },
        ],
        pA: score.pA,
        spread: score.spread,
        segmentSource: 'auto',
        segments: { A: [], B: [] },
      };
    },
  };
}
