// A comparison judged under a rubric, free of React: the evaluator's drafts (a verdict per criterion, given one at a
// time to the active criterion), which criterion comes next, what is still missing, and the verdict they make (the
// first criterion's verdict is the judgment's own choice and strength).
import type { QueueItem } from './session';

export type Rubric = NonNullable<QueueItem['rubric']>;
export type CriterionChoice = 'A' | 'B' | 'tie';
export interface CriterionDraft {
  choice: CriterionChoice;
  strength?: 1 | 2 | 3;
}
/** Drafts by criterion key. */
export type Drafts = Record<string, CriterionDraft>;

/** The drafts a retracted verdict gives back (undo, change): its verdicts on the rubric's criteria. */
export function draftsFrom(rubric: Rubric | null, verdicts: readonly { criterion: string; choice: CriterionChoice; strength: number | null }[] | undefined): Drafts {
  if (!rubric || !verdicts) return {};
  const keys = new Set(rubric.criteria.map((c) => c.key));
  return Object.fromEntries(
    verdicts.filter((v) => keys.has(v.criterion)).map((v) => [v.criterion, { choice: v.choice, ...(v.strength === 1 || v.strength === 2 || v.strength === 3 ? { strength: v.strength } : {}) }]),
  );
}

/** The first criterion (in the rubric's order) without a draft; -1 when every one has a verdict. */
export function firstMissing(rubric: Rubric, drafts: Drafts): number {
  return rubric.criteria.findIndex((c) => !drafts[c.key]);
}

/** Where the active criterion goes once `from` got its verdict: the next one without a verdict (wrapping round),
 *  else the one after it (staying on the last). */
export function nextActive(rubric: Rubric, drafts: Drafts, from: number): number {
  const n = rubric.criteria.length;
  for (let step = 1; step < n; step++) {
    const i = (from + step) % n;
    if (!drafts[rubric.criteria[i].key]) return i;
  }
  return Math.min(from + 1, n - 1);
}

/** One step round the criteria (Tab: +1, Shift+Tab: −1). */
export const stepActive = (rubric: Rubric, active: number, by: 1 | -1): number => (active + by + rubric.criteria.length) % rubric.criteria.length;

/** The drafts as submitJudgment's criteria, in the rubric's order, with the first criterion's verdict (the judgment's
 *  own); null while one is missing. */
export function rubricVerdict(rubric: Rubric, drafts: Drafts): { first: CriterionDraft; criteria: { criterion: string; choice: CriterionChoice; strength?: 1 | 2 | 3 }[] } | null {
  if (firstMissing(rubric, drafts) >= 0) return null;
  const criteria = rubric.criteria.map((c) => ({ criterion: c.key, ...drafts[c.key] }));
  return { first: drafts[rubric.criteria[0].key], criteria };
}

/** A criterion's draft in the evaluator's words (left/right as they see it). */
export function draftWords(draft: CriterionDraft | undefined, leftSide: 'A' | 'B'): string {
  if (!draft) return '—';
  if (draft.choice === 'tie') return 'Tie';
  const side = draft.choice === leftSide ? 'Left' : 'Right';
  return draft.strength ? `${side}, ${['slightly', 'clearly', 'much'][draft.strength - 1]}` : side;
}

/** The pick (as the evaluator saw it) that stores this choice, given the side shown left. */
export const pickFor = (choice: CriterionChoice, leftSide: 'A' | 'B'): 'left' | 'right' | 'tie' => (choice === 'tie' ? 'tie' : choice === leftSide ? 'left' : 'right');
