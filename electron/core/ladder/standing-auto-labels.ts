// The auto-labels that stand on a run's layer: each comparison's latest deferral (a later round supersedes an
// earlier one) whose auto-label is live and not excluded from training, and what people answered to the audited
// ones. The Queue page and the layer metrics count "auto-labelled", "in audit", "human labels saved" and the audited
// error from these same rows and the same reading of the answers, so their numbers agree.
import type Database from 'better-sqlite3';
import type { LayerDeferral } from '../db/deferrals';
import { loadComparisons } from './training-data';

export interface StandingAutoLabel extends LayerDeferral {
  route: 'auto' | 'audit';
  autoChoice: 'A' | 'B';
}

export function standingAutoLabels(layerDeferrals: readonly LayerDeferral[], memberIds: ReadonlySet<string>): StandingAutoLabel[] {
  const latest = new Map(layerDeferrals.map((d) => [d.comparisonId, d]));
  return [...latest.values()].filter((d): d is StandingAutoLabel => d.live && d.route !== 'human' && memberIds.has(d.comparisonId));
}

export interface AuditOutcomes {
  /** Audits nobody has answered with a usable verdict yet. */
  waiting: number;
  /** Audits whose human consensus is decisive, and those where it differs from the auto-label. */
  answered: number;
  errors: number;
  /** Audits answered without a decisive consensus (a tie, or a split): not counted in the error, but said. */
  undecided: number;
}

/**
 * What people answered to these audits, read as calibration reads held-out pairs: the human consensus of each
 * (ladder/training-data.ts, simulated evaluators included, a model's verdicts not).
 */
export function auditOutcomes(db: Database.Database, audits: readonly StandingAutoLabel[]): AuditOutcomes {
  const audited = audits.filter((a) => a.route === 'audit');
  const table = loadComparisons(db, { judgedOnly: true, comparisonIds: new Set(audited.map((a) => a.comparisonId)), includeSimulated: true });
  const consensus = new Map(table.comparisonIds.map((id, i) => [id, table.target[i]]));
  const outcomes: AuditOutcomes = { waiting: 0, answered: 0, errors: 0, undecided: 0 };
  for (const a of audited) {
    const target = consensus.get(a.comparisonId);
    if (target === undefined || Number.isNaN(target)) outcomes.waiting++;
    else if (target === 0.5) outcomes.undecided++;
    else {
      outcomes.answered++;
      if ((target > 0.5 ? 'A' : 'B') !== a.autoChoice) outcomes.errors++;
    }
  }
  return outcomes;
}
