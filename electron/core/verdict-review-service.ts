// The contract's handlers for taking verdicts back (merged into service.ts): undo of the latest, the evaluator's own
// standing verdicts for the Compare page's review, and the retraction of one of them to judge it again ("change").
import type { Handlers } from '../api/contract';
import { retractJudgment, undoLastJudgment, type Undone } from './db/judgment-writes';
import { ownVerdictPage } from './db/own-verdicts';
import { assistanceAfterUndo } from './ladder/assistance';
import type { VerdictIntake } from './app/verdict-intake';
import type { Store } from './store';

type ReviewHandlers = Pick<Handlers, 'undoLastJudgment' | 'listOwnVerdicts' | 'retractJudgment'>;

export function createVerdictReviewHandlers(store: Store, verdicts: VerdictIntake): ReviewHandlers {
  /** A retracted verdict's comparison as it comes back: with the assistance of the run layer it was judged at. */
  const comingBack = async (undone: Undone, evaluatorId: string) => {
    const assistance = await assistanceAfterUndo(store.db, undone.judgmentId, evaluatorId, undone.item.comparison.id);
    return { ...undone, item: { ...undone.item, assistance } };
  };
  return {
    undoLastJudgment: async ({ evaluatorId }) => {
      await verdicts.stored(evaluatorId); // the latest verdict may still be in the journal
      const undone = undoLastJudgment(store.db, evaluatorId);
      return undone ? comingBack(undone, evaluatorId) : null;
    },
    listOwnVerdicts: async ({ evaluatorId, offset, limit }) => {
      await verdicts.stored(evaluatorId); // the review shows every verdict the evaluator was told is in
      return ownVerdictPage(store.db, evaluatorId, offset, limit);
    },
    retractJudgment: async ({ evaluatorId, judgmentId }) => {
      await verdicts.stored(evaluatorId);
      return comingBack(retractJudgment(store.db, evaluatorId, judgmentId), evaluatorId);
    },
  };
}
