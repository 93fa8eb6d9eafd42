// One simulated run of an experiment, kept small: per layer the figures the claims and the report read (labels, what
// deferral certified and saved, and what only a simulation knows: accuracies against the ground truth, bias reach).
import type { Rm0Bias } from '../ladder/rm0-bias';
import type { SimulatedParams } from '../ladder/simulate';
import type { SimulationReport } from '../ladder/simulation';
import type { LayerTruth, Share } from '../ladder/simulation-truth';
import type { Condition } from './presets';

export interface LayerSummary {
  layer: number;
  comparisons: number;
  /** Verdicts by the simulated people on this layer. */
  humanLabels: number;
  autoLabelled: number;
  humanLabelsSaved: number;
  threshold: number | null;
  thresholdErrorBound: number | null;
  auditedAutoLabelError: number | null;
  rmAccuracy: number | null;
  assistedAccuracy: Share;
  unassistedAccuracy: Share;
  autoLabelError: Share;
  labelAccuracy: Share;
  bias: LayerTruth['bias'];
  decisiveBySteps: Record<string, number>;
  checks: LayerTruth['checks'];
}

export interface RunSummary {
  condition: string;
  seed: number;
  seconds: number;
  rm0Bias: Rm0Bias;
  /** The simulated evaluators' parameters (the same for all three but their seeds). */
  evaluatorParams: SimulatedParams;
  checksFound: Record<string, number>;
  layers: LayerSummary[];
}

export function summarize(condition: Condition, seed: number, seconds: number, report: SimulationReport): RunSummary {
  return {
    condition: condition.id,
    seed,
    seconds,
    rm0Bias: report.rm0Bias,
    evaluatorParams: report.simulatedEvaluators[0].params,
    checksFound: report.checks,
    layers: report.rows.map((r) => ({
      layer: r.layer,
      comparisons: r.comparisons,
      humanLabels: r.humanLabels,
      autoLabelled: r.autoLabelled,
      humanLabelsSaved: r.humanLabelsSaved,
      threshold: r.threshold,
      thresholdErrorBound: r.thresholdErrorBound,
      auditedAutoLabelError: r.auditedAutoLabelError,
      rmAccuracy: r.rmAccuracy,
      assistedAccuracy: r.truth.assistedGroundTruthAccuracy,
      unassistedAccuracy: r.truth.unassistedGroundTruthAccuracy,
      autoLabelError: r.truth.autoLabelGroundTruthError,
      labelAccuracy: r.truth.labelGroundTruthAccuracy,
      bias: r.truth.bias,
      decisiveBySteps: r.truth.decisiveBySteps,
      checks: r.truth.checks,
    })),
  };
}
