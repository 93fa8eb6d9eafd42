// The recursive loop on the demo ladder with three simulated evaluators (seeds 1, 2, 3) in an empty database: what
// `rung demo --simulate` runs. Options left out take the simulation's defaults.
import type { ParsedParams, Result } from '../../api/contract';
import { DEFAULT_RM0_BIAS_SHARE, NO_BIAS } from '../ladder/rm0-bias';
import { runSimulation } from '../ladder/simulation';
import type { SimulatedParams } from '../ladder/simulate';
import type { Store } from '../store';
import { withEngineErrors } from './engine-errors';

export function simulateDemo(store: Store, params: ParsedParams<'simulateDemo'>, actor?: string, onStage?: (message: string) => void): Promise<Result<'simulateDemo'>> {
  const given: Partial<SimulatedParams> = {};
  if (params.baseError !== undefined) given.baseError = params.baseError;
  if (params.errorPerStep !== undefined) given.errorPerStep = params.errorPerStep;
  if (params.assistedFactor !== undefined) given.assistedWrongStepFactor = params.assistedFactor;
  if (params.overtrust !== undefined) given.overtrust = params.overtrust;
  const kind = params.rm0Bias ?? 'none';
  return withEngineErrors(() =>
    runSimulation(store, {
      scale: params.scale,
      target: params.target,
      confidence: params.confidence,
      auditShare: params.auditShare,
      device: params.device,
      rm0Bias: kind === 'none' ? NO_BIAS : { kind, share: params.rm0BiasShare ?? DEFAULT_RM0_BIAS_SHARE },
      evaluators: [1, 2, 3].map((seed) => ({ ...given, seed })),
      actor,
      onStage,
    }),
  );
}
