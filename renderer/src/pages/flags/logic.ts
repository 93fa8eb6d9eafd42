// Pure logic behind the Flags page (unit-tested in tests/unit/flags-ui.test.ts): which pages of the virtual table
// (lib/virtual-rows.ts) to fetch, labels for kinds and statuses, and the cycle chain drawn from a
// cycle flag's evidence.
import type { FlagKind } from '../../../../electron/api/checks';

/** Page indices (of `pageSize` rows) that cover rows [start, end). */
export function pagesFor(start: number, end: number, pageSize: number): number[] {
  if (end <= start) return [];
  const pages: number[] = [];
  for (let p = Math.floor(start / pageSize); p <= Math.floor((end - 1) / pageSize); p++) pages.push(p);
  return pages;
}


const kindLabels: Record<string, string> = {
  'evaluator-disagreement': 'Evaluators disagree',
  'self-inconsistency': 'Self-inconsistency',
  'intransitive-cycle': 'Intransitive cycle',
  'cross-layer': 'Cross-layer contradiction',
  'model-vs-human': 'Model vs human',
  'segment-vs-overall': 'Segment vs overall',
  drift: 'Drift',
  'evaluator-conflict': 'Evaluator conflict (two workstations)',
} satisfies Record<FlagKind, string>;

/** "evaluator-disagreement" → "Evaluators disagree"; unknown kinds are de-kebabed. */
export function kindLabel(kind: string): string {
  return kindLabels[kind] ?? kind.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export const statusLabels: Record<string, string> = {
  open: 'Open',
  confirmed: 'Confirmed',
  dismissed: 'Dismissed',
  relabel_requested: 'Relabel requested',
  relabelled: 'Relabelled',
};

export function severityBand(severity: number): 'high' | 'medium' | 'low' {
  return severity >= 0.75 ? 'high' : severity >= 0.4 ? 'medium' : 'low';
}

export interface CycleStep {
  winner: string;
  loser: string;
  comparisonId: string;
  judgmentIds: string[];
}

export interface CycleChain {
  /** Letters for the responses in cycle order: X, Y, Z (then more letters for longer cycles). */
  labels: Record<string, string>;
  /** Response ids in order; the chain reads order[0] ≻ order[1] ≻ … ≻ order[0]. */
  order: string[];
  steps: CycleStep[];
}

const cycleLetters = ['X', 'Y', 'Z', 'W', 'V', 'U', 'T'];

/** Reads evidence.cycle (as the intransitivity check writes it); null when the evidence holds no valid cycle. */
export function cycleChain(evidence: Record<string, unknown>): CycleChain | null {
  const raw = evidence.cycle;
  if (!Array.isArray(raw) || raw.length < 2) return null;
  const steps: CycleStep[] = [];
  for (const s of raw) {
    if (typeof s !== 'object' || s === null) return null;
    const { winner, loser, comparisonId, judgmentIds } = s as Record<string, unknown>;
    if (typeof winner !== 'string' || typeof loser !== 'string' || typeof comparisonId !== 'string') return null;
    steps.push({ winner, loser, comparisonId, judgmentIds: Array.isArray(judgmentIds) ? judgmentIds.filter((j): j is string => typeof j === 'string') : [] });
  }
  for (let i = 0; i < steps.length; i++) if (steps[i].loser !== steps[(i + 1) % steps.length].winner) return null;
  const order = steps.map((s) => s.winner);
  const labels = Object.fromEntries(order.map((id, i) => [id, cycleLetters[i] ?? `R${i + 1}`]));
  return { labels, order, steps };
}

/** "X ≻ Y ≻ Z ≻ X" */
export function chainText(chain: CycleChain): string {
  return [...chain.order, chain.order[0]].map((id) => chain.labels[id]).join(' ≻ ');
}

/** Whom a relabel can be asked of: people — not models, not an imported label source (a dataset's gold or source labels). */
export function isPerson(evaluator: { kind: string; labelSource: boolean }): boolean {
  return evaluator.kind === 'human' && !evaluator.labelSource;
}

/** Everything a flag action needs checked before it is sent; the message to show, or null when it can go. */
export function actionProblem(action: 'confirm' | 'dismiss' | 'request-relabel' | 'reopen' | 'exclude', actor: string, reason: string): string | null {
  if (actor.trim() === '') return 'Say who you are: type your name (or choose your evaluator profile on the Compare page).';
  if ((action === 'dismiss' || action === 'exclude') && reason.trim() === '') {
    return action === 'dismiss' ? 'A dismissal needs a reason: say why this is not a real inconsistency.' : 'Excluding a judgment needs a reason.';
  }
  return null;
}

/** The flag id in a #/flags/<id> hash, if any. */
export function flagIdFromHash(hash: string): string | null {
  const m = /^#\/?flags\/([0-9a-fA-F-]{36})\b/.exec(hash);
  return m ? m[1] : null;
}
