// People's figures of one layer for the layer metrics (ladder/layer-metrics.ts), from its human verdicts read one at
// a time: labels, accuracy with and without assistance, time per judgment, over-trust. The truth of a verdict is
// metrics/judged-verdicts.ts truthOfVerdict: ground truth A/B, else the strict majority of the other verdicts.
import type Database from 'better-sqlite3';
import { layerVerdicts, type ChoiceCounts, type LayerVerdict } from '../db/layer-tallies';
import { differenceOfProportions } from '../metrics/intervals';
import { overTrustOf, proportion, truthOfVerdict, type Side } from '../metrics/judged-verdicts';
import { medianWithInterval } from '../metrics/median-interval';
import type { LayerMetrics } from './layer-metrics';

type PeoplePart = Pick<
  LayerMetrics,
  | 'humanLabels'
  | 'simulatedLabels'
  | 'humanAccuracy'
  | 'assistedAccuracy'
  | 'unassistedAccuracy'
  | 'assistanceEffect'
  | 'medianSecondsAssisted'
  | 'medianSecondsAssistedInterval'
  | 'medianSecondsUnassisted'
  | 'medianSecondsUnassistedInterval'
  | 'overTrust'
>;

/** Verdicts judged against a truth, and those equal to it. */
class Tally {
  judged = 0;
  correct = 0;
  add(choice: string, truth: Side | null): void {
    if (!truth) return;
    this.judged++;
    if (choice === truth) this.correct++;
  }
  get accuracy() {
    return proportion(this.correct, this.judged);
  }
}

/** The layer's verdicts, a comparison's at a time, with their counts by choice. */
function* byComparison(verdicts: Iterable<LayerVerdict>): Generator<[LayerVerdict[], ChoiceCounts]> {
  let group: LayerVerdict[] = [];
  const counted = (): [LayerVerdict[], ChoiceCounts] => [
    group,
    { nA: group.filter((v) => v.choice === 'A').length, nB: group.filter((v) => v.choice === 'B').length, nTie: group.filter((v) => v.choice === 'tie').length },
  ];
  for (const v of verdicts) {
    if (group.length && group[0].position !== v.position) {
      yield counted();
      group = [];
    }
    group.push(v);
  }
  if (group.length) yield counted();
}

export function peoplePart(db: Database.Database, layerId: string): PeoplePart {
  let humanLabels = 0, simulatedLabels = 0, followedWrong = 0, wrongShown = 0;
  const all = new Tally(), assisted = new Tally(), control = new Tally();
  const seconds = { assisted: [] as number[], control: [] as number[] };
  for (const [verdicts, counts] of byComparison(layerVerdicts(db, layerId)))
    for (const v of verdicts) {
      humanLabels++;
      if (v.simulated) simulatedLabels++;
      const truth = truthOfVerdict(v.groundTruth, v.choice, counts);
      all.add(v.choice, truth);
      if (v.mode !== 'assisted' && v.mode !== 'control') continue;
      (v.mode === 'assisted' ? assisted : control).add(v.choice, truth);
      if (v.durationMs !== null) seconds[v.mode].push(v.durationMs / 1000);
      if (v.mode === 'assisted' && typeof v.pA === 'number' && truth) {
        const predicted: Side = v.pA >= 0.5 ? 'A' : 'B';
        if (predicted === truth) continue;
        wrongShown++;
        if (v.choice === predicted) followedWrong++;
      }
    }
  const assistedAccuracy = assisted.accuracy, unassistedAccuracy = control.accuracy;
  const timeAssisted = medianWithInterval(seconds.assisted), timeControl = medianWithInterval(seconds.control);
  return {
    humanLabels,
    simulatedLabels,
    humanAccuracy: all.accuracy,
    assistedAccuracy,
    unassistedAccuracy,
    assistanceEffect:
      assistedAccuracy && unassistedAccuracy
        ? differenceOfProportions(assistedAccuracy.successes, assistedAccuracy.total, unassistedAccuracy.successes, unassistedAccuracy.total)
        : null,
    medianSecondsAssisted: timeAssisted?.median ?? null,
    medianSecondsAssistedInterval: timeAssisted?.interval ?? null,
    medianSecondsUnassisted: timeControl?.median ?? null,
    medianSecondsUnassistedInterval: timeControl?.interval ?? null,
    overTrust: overTrustOf(followedWrong, wrongShown),
  };
}
