// Training a reward model, then running the checks on it: the one "train, then check" behind the Ladder page's
// training jobs and `rung train` (plain, or RMk of a run with --run and --layer).
import type { ParsedParams, Result } from '../../api/contract';
import { runChecksAfter } from '../checks/triggers';
import type { TrainProgress } from '../engine';
import { trainRung, type TrainRungOptions, type TrainRungResult } from '../ladder/train-rung';
import type { Store } from '../store';
import { withEngineErrors } from './engine-errors';

/** Trains and stores the model, then runs the model checks on it (which never fail the training: failures go to the
 *  audit log); the verdict checks and the other models' checks find nothing new through a training (checks/run.ts). */
export async function trainAndCheck(store: Store, options: TrainRungOptions): Promise<TrainRungResult> {
  const result = await withEngineErrors(() => trainRung(store, options));
  await runChecksAfter(store, 'training', options.actor, { modelIds: [result.modelId] });
  return result;
}

/** A training that answers when it is done: what `rung train` prints. */
export async function trainModel(
  store: Store,
  params: ParsedParams<'trainModel'>,
  onProgress?: (stage: string, progress?: TrainProgress) => void,
): Promise<Result<'trainModel'>> {
  const result = await trainAndCheck(store, { ...params, onProgress });
  const m = result.heldOut;
  return {
    modelId: result.modelId,
    device: result.device,
    input: result.input,
    trainComparisons: result.trainComparisons,
    holdoutComparisons: result.holdoutComparisons,
    holdoutDecided: m?.decided ?? 0,
    judgmentsBySource: result.judgmentsBySource,
    criterion: result.criterion,
    judgmentsWithoutCriterion: result.judgmentsWithoutCriterion,
    accuracy: m?.accuracy ?? null,
    logLoss: m?.logLoss ?? null,
    ece: m?.ece ?? null,
    lengthBaselineAccuracy: m?.lengthBaselineAccuracy ?? null,
    crossValidation: result.crossValidation,
    epochsRun: result.epochsRun,
    bestEpoch: result.bestEpoch,
  };
}
