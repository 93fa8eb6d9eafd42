// Submitting a verdict without waiting on another writer. A verdict is written into the store at once when its write
// lock is free. When another writer holds it (an import's copy at a million comparisons holds it for a step, a commit
// and the fsync of what it wrote, 150–200 ms), the verdict is checked in a read transaction, acknowledged once it is
// fsynced into the verdict journal (db/verdict-journal.ts), and moved into the store as soon as the lock frees, in the
// order acknowledged. Until then the evaluator's queue skips its comparison, and their progress, verdict list and undo
// wait for it to be stored. Verdicts a crash left in the journal are moved in when the store is next served.
import type { Store } from '../store';
import { isBusy, retryWhileBusy, withoutBusyWait } from '../db/busy-retry';
import {
  checkVerdictToJournal,
  storeAcknowledgedVerdicts,
  submitJudgment,
  type Acknowledgement,
  type AcknowledgedVerdict,
  type NewJudgment,
  type UnstoredVerdicts,
} from '../db/judgment-writes';
import { hasVerdictJournal, openVerdictJournal, verdictJournalPath, type VerdictJournal } from '../db/verdict-journal';
import { newId, nowIso } from '../ids';

/** Moving verdicts into the store never gives up: they are acknowledged, and safe in the journal meanwhile. */
const NO_DEADLINE = Number.POSITIVE_INFINITY;

export interface VerdictIntake {
  submit(judgment: NewJudgment): Acknowledgement;
  /** Comparisons the evaluator has verdicts on that are not in the store yet (the queue skips them). */
  unstoredComparisons(evaluatorId: string): string[];
  /**
   * Resolves once the evaluator's verdicts acknowledged by this thread are in the store; without an evaluator, once
   * every verdict in the journal is, whichever thread or process acknowledged it (an export or a training run on a job
   * thread reads them all).
   */
  stored(evaluatorId?: string): Promise<void>;
}

export function createVerdictIntake(store: Store): VerdictIntake {
  const { db } = store;
  const journaling = store.path !== ':memory:' && store.path !== '';
  /** Acknowledged and not yet stored, in the order acknowledged (the journal's too). */
  const unstored = new Map<string, AcknowledgedVerdict>();
  let journal: VerdictJournal | null = null;
  let moving: Promise<void> | null = null;

  const unstoredView: UnstoredVerdicts = {
    byRequest: (evaluatorId, requestId) => {
      for (const v of unstored.values()) {
        if (v.judgment.evaluatorId === evaluatorId && v.judgment.requestId === requestId) return { id: v.id, createdAt: v.createdAt, duplicate: false, comparisonId: v.judgment.comparisonId };
      }
      return undefined;
    },
    onComparison: (evaluatorId, comparisonId) => [...unstored.values()].some((v) => v.judgment.evaluatorId === evaluatorId && v.judgment.comparisonId === comparisonId),
    repeats: (judgmentId) => [...unstored.values()].some((v) => v.judgment.repeatOf === judgmentId),
  };

  function openJournal(): VerdictJournal {
    journal ??= openVerdictJournal(store.path, store.nativeBinding);
    return journal;
  }

  /** Moves what the journal holds into the store until nothing is left, then closes the journal. */
  async function moveAll(): Promise<void> {
    try {
      while (unstored.size > 0) {
        const batch = [...unstored.values()];
        await retryWhileBusy('storing acknowledged verdicts', () => withoutBusyWait(db, () => storeAcknowledgedVerdicts(db, batch)), NO_DEADLINE, store.path);
        openJournal().remove(batch.map((v) => v.id));
        for (const v of batch) unstored.delete(v.id);
      }
      journal?.close();
      journal = null;
    } catch (error) {
      // Not a busy store (that is waited out): the verdicts stay in the journal, safe, and are moved in when the store
      // is next served; this thread no longer holds them back from the queue.
      console.error(`rung: ${unstored.size} acknowledged verdict(s) stay in the verdict journal for now: ${(error as Error)?.message ?? String(error)}`);
      unstored.clear();
    }
  }

  /**
   * The one move in progress, started if none is. `moving` is cleared only once the move has settled (a move with
   * nothing to do settles at once: clearing it inside would run before it is assigned, and leave a settled move
   * standing for good), and a verdict journaled while the move was ending starts the next one.
   */
  function moveIntoStore(): Promise<void> {
    moving ??= moveAll().finally(() => {
      moving = null;
      if (unstored.size > 0) void moveIntoStore();
    });
    return moving;
  }

  /** Takes on whatever the journal holds (left by a crash, or acknowledged by another thread) and moves it in. A
   *  journal that cannot be read is reported and left as it is, for a person to look at: the store is still served. */
  function takeJournaled(): void {
    try {
      for (const v of openJournal().entries()) if (!unstored.has(v.id)) unstored.set(v.id, v);
    } catch (error) {
      console.error(`rung: the verdict journal ${verdictJournalPath(store.path)} could not be read, and is left as it is: ${(error as Error)?.message ?? String(error)}`);
      journal?.close();
      journal = null;
      return;
    }
    void moveIntoStore();
  }

  // Verdicts a crash (or a closing app) left in the journal: moved in before this thread's own.
  if (journaling && hasVerdictJournal(store.path)) takeJournaled();

  return {
    submit(judgment) {
      if (!journaling) return submitJudgment(db, judgment, { requireFresh: true }); // an in-memory store has no file beside it
      let busy: unknown = null;
      if (unstored.size === 0) {
        try {
          return withoutBusyWait(db, () => submitJudgment(db, judgment, { requireFresh: true }));
        } catch (error) {
          if (!isBusy(error)) throw error;
          busy = error;
        }
      }
      // Another writer holds the lock, or earlier verdicts wait in the journal (this one goes after them).
      const checked = checkVerdictToJournal(db, judgment, { requireFresh: true }, unstoredView);
      if ('acknowledged' in checked) return checked.acknowledged;
      const verdict: AcknowledgedVerdict = { id: newId(), createdAt: nowIso(), ...checked, judgment };
      let target: VerdictJournal;
      try {
        target = openJournal();
      } catch (error) {
        // No journal beside the store (a read-only folder): the busy failure goes back to the caller, who retries.
        if (busy) throw busy;
        throw error;
      }
      target.append(verdict);
      unstored.set(verdict.id, verdict);
      void moveIntoStore();
      return { id: verdict.id, createdAt: verdict.createdAt, duplicate: false };
    },
    unstoredComparisons: (evaluatorId) => [...unstored.values()].filter((v) => v.judgment.evaluatorId === evaluatorId).map((v) => v.judgment.comparisonId),
    async stored(evaluatorId) {
      if (evaluatorId === undefined && journaling && hasVerdictJournal(store.path)) takeJournaled();
      while (moving && (evaluatorId === undefined || [...unstored.values()].some((v) => v.judgment.evaluatorId === evaluatorId))) await moving;
    },
  };
}
