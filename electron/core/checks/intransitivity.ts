// Intransitivity: among one prompt's responses, decisive verdicts form a cycle (X ≻ Y, Y ≻ Z, Z ≻ X) — in one
// evaluator's verdicts, or in the consensus (majority per comparison). One flag per cycle and scope.
import { checkSettings } from './settings';
import type { FlagCandidate } from '../db/flags';
import { groupBy, latestPerEvaluator, majority, type HumanVerdict } from './verdicts';

interface Edge {
  winner: string;
  loser: string;
  comparisonId: string;
  judgmentIds: string[];
}

const edgeOf = (v: HumanVerdict, choice: 'A' | 'B', judgmentIds: string[]): Edge => ({
  winner: choice === 'A' ? v.responseAId : v.responseBId,
  loser: choice === 'A' ? v.responseBId : v.responseAId,
  comparisonId: v.comparisonId,
  judgmentIds,
});

/** All 3-cycles in a small preference graph, each once (rotated to start at its smallest response id). */
export function threeCycles(edges: readonly Edge[]): Edge[][] {
  const beats = groupBy(edges, (e) => e.winner);
  const seen = new Set<string>();
  const cycles: Edge[][] = [];
  for (const first of edges) {
    for (const second of beats.get(first.loser) ?? []) {
      for (const third of beats.get(second.loser) ?? []) {
        if (third.loser !== first.winner || new Set([first.winner, second.winner, third.winner]).size < 3) continue;
        const cycle = [first, second, third];
        const start = cycle.reduce((best, e, i) => (e.winner < cycle[best].winner ? i : best), 0);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        const key = rotated.map((e) => e.winner).join('>');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(rotated);
        }
      }
    }
  }
  return cycles;
}

function cycleFlag(scope: string, cycle: Edge[], severity: number, evaluator: string | null, evaluatorIds: string[]): FlagCandidate {
  return {
    kind: 'intransitive-cycle',
    dedupeKey: `intransitive-cycle:${scope}:${cycle.map((e) => e.winner).join('>')}`,
    severity,
    comparisonId: cycle[0].comparisonId,
    evaluatorIds,
    modelIds: [],
    evidence: {
      scope: evaluator ? 'evaluator' : 'consensus',
      evaluator,
      cycle: cycle.map((e) => ({ winner: e.winner, loser: e.loser, comparisonId: e.comparisonId, judgmentIds: e.judgmentIds })),
    },
  };
}

export function intransitiveCycles(verdicts: readonly HumanVerdict[]): FlagCandidate[] {
  const flags: FlagCandidate[] = [];
  const latest = latestPerEvaluator(verdicts);
  for (const promptGroup of groupBy(latest, (v) => v.promptId).values()) {
    for (const own of groupBy(promptGroup, (v) => v.evaluatorId).values()) {
      const edges = own.filter((v) => v.choice !== 'tie').map((v) => edgeOf(v, v.choice as 'A' | 'B', [v.judgmentId]));
      for (const cycle of threeCycles(edges)) {
        flags.push(cycleFlag(own[0].evaluatorId, cycle, checkSettings.intransitivity.evaluatorSeverity, own[0].evaluatorName, [own[0].evaluatorId]));
      }
    }
    const consensusEdges: Edge[] = [];
    for (const onComparison of groupBy(promptGroup, (v) => v.comparisonId).values()) {
      const verdict = majority(onComparison.map((v) => v.choice));
      if (verdict === 'A' || verdict === 'B') consensusEdges.push(edgeOf(onComparison[0], verdict, onComparison.map((v) => v.judgmentId)));
    }
    const evaluatorsOnPrompt = new Set(promptGroup.map((v) => v.evaluatorId)).size;
    // With a single evaluator the consensus is that evaluator's own graph, already checked above.
    if (evaluatorsOnPrompt > 1) {
      for (const cycle of threeCycles(consensusEdges)) {
        flags.push(cycleFlag('consensus', cycle, checkSettings.intransitivity.consensusSeverity, null, [...new Set(promptGroup.map((v) => v.evaluatorId))]));
      }
    }
  }
  return flags;
}
