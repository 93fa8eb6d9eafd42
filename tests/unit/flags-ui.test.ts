// Pure logic of the Flags page and the agreement table: the virtual window, page fetching, keyboard moves,
// verdict words, the cycle chain from a cycle flag's evidence, sorting with nulls last, action checks, the hash.
import { describe, expect, it } from 'vitest';
import {
  actionProblem,
  chainText,
  cycleChain,
  flagIdFromHash,
  kindLabel,
  pagesFor,
} from '../../renderer/src/pages/flags/logic';
import { moveSelection, scrollToRow, visibleRange } from '../../renderer/src/lib/virtual-rows';
import { verdictText } from '../../renderer/src/lib/format';
import { sortRows } from '../../renderer/src/pages/evaluators/sort-rows';

describe('virtual window', () => {
  it('renders only the rows in view plus the overscan, at any depth of 100,000 rows', () => {
    expect(visibleRange(0, 360, 36, 100_000, 5)).toEqual({ start: 0, end: 16 });
    const deep = visibleRange(36 * 50_000, 360, 36, 100_000, 5);
    expect(deep).toEqual({ start: 49_995, end: 50_016 });
    expect(deep.end - deep.start).toBeLessThan(30);
    expect(visibleRange(36 * 100_000, 360, 36, 100_000, 5)).toEqual({ start: 99_994, end: 100_000 });
  });

  it('is empty for an empty table and clamps to short tables', () => {
    expect(visibleRange(0, 500, 36, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(0, 500, 36, 3)).toEqual({ start: 0, end: 3 });
  });

  it('asks for the pages that cover the window, each once', () => {
    expect(pagesFor(0, 16, 200)).toEqual([0]);
    expect(pagesFor(190, 215, 200)).toEqual([0, 1]);
    expect(pagesFor(49_995, 50_016, 200)).toEqual([249, 250]);
    expect(pagesFor(5, 5, 200)).toEqual([]);
  });

  it('scrolls just enough to show the selected row', () => {
    expect(scrollToRow(0, 100, 360, 36)).toBe(0);
    expect(scrollToRow(5, 0, 360, 36)).toBe(0);
    expect(scrollToRow(10, 0, 360, 36)).toBe(36 * 11 - 360);
    expect(scrollToRow(3, 36 * 20, 360, 36)).toBe(108);
  });

  it('moves the selection with the arrow, page, home and end keys, within bounds', () => {
    expect(moveSelection('ArrowDown', -1, 10, 5)).toBe(0);
    expect(moveSelection('ArrowDown', 9, 10, 5)).toBe(9);
    expect(moveSelection('ArrowUp', 0, 10, 5)).toBe(0);
    expect(moveSelection('ArrowUp', 4, 10, 5)).toBe(3);
    expect(moveSelection('PageDown', 2, 10, 5)).toBe(7);
    expect(moveSelection('PageUp', 2, 10, 5)).toBe(0);
    expect(moveSelection('End', 2, 10, 5)).toBe(9);
    expect(moveSelection('Home', 7, 10, 5)).toBe(0);
    expect(moveSelection('x', 2, 10, 5)).toBeNull();
    expect(moveSelection('ArrowDown', -1, 0, 5)).toBeNull();
  });
});

describe('words', () => {
  it('names kinds and verdicts plainly', () => {
    expect(kindLabel('evaluator-disagreement')).toBe('Evaluators disagree');
    expect(kindLabel('some-new-check')).toBe('Some new check');
    expect(verdictText('A', 'A')).toBe('Prefers A (shown left)');
    expect(verdictText('A', 'B')).toBe('Prefers A (shown right)');
    expect(verdictText('B', null)).toBe('Prefers B');
    expect(verdictText('tie', 'A')).toBe('Tie');
    expect(verdictText('skip', null)).toBe('Skipped');
  });

  it('refuses a dismissal or exclusion without a reason, and any action without an actor', () => {
    expect(actionProblem('confirm', '', '')).toMatch(/who you are/);
    expect(actionProblem('confirm', 'ann', '')).toBeNull();
    expect(actionProblem('dismiss', 'ann', '  ')).toMatch(/needs a reason/);
    expect(actionProblem('dismiss', 'ann', 'duplicate item')).toBeNull();
    expect(actionProblem('exclude', 'ann', '')).toMatch(/needs a reason/);
    expect(actionProblem('request-relabel', 'ann', '')).toBeNull();
  });

  it('reads the open flag from the hash', () => {
    const id = '0b7e5c1e-3f7a-4c6e-9a55-1f2d3c4b5a69';
    expect(flagIdFromHash(`#/flags/${id}`)).toBe(id);
    expect(flagIdFromHash('#/flags')).toBeNull();
    expect(flagIdFromHash(`#/compare/${id}`)).toBeNull();
  });
});

describe('cycle chain', () => {
  const evidence = {
    scope: 'consensus',
    cycle: [
      { winner: 'r1', loser: 'r2', comparisonId: 'c1', judgmentIds: ['j1'] },
      { winner: 'r2', loser: 'r3', comparisonId: 'c2', judgmentIds: ['j2', 'j3'] },
      { winner: 'r3', loser: 'r1', comparisonId: 'c3', judgmentIds: ['j4'] },
    ],
  };

  it('draws X ≻ Y ≻ Z ≻ X with one step per comparison', () => {
    const chain = cycleChain(evidence)!;
    expect(chainText(chain)).toBe('X ≻ Y ≻ Z ≻ X');
    expect(chain.labels).toEqual({ r1: 'X', r2: 'Y', r3: 'Z' });
    expect(chain.steps.map((s) => s.comparisonId)).toEqual(['c1', 'c2', 'c3']);
  });

  it('rejects evidence that is not a closed cycle', () => {
    expect(cycleChain({})).toBeNull();
    expect(cycleChain({ cycle: [evidence.cycle[0], evidence.cycle[2]] })).toBeNull();
    expect(cycleChain({ cycle: [{ winner: 1 }] })).toBeNull();
  });
});

describe('agreement table sort', () => {
  const rows = [
    { evaluator: 'bob', consensusAgreement: 0.5, judgments: 3 },
    { evaluator: 'ann', consensusAgreement: null, judgments: 9 },
    { evaluator: 'cy', consensusAgreement: 0.9, judgments: 3 },
  ];
  it('sorts numbers either way with missing values last, ties by name', () => {
    expect(sortRows(rows, 'consensusAgreement', 'desc').map((r) => r.evaluator)).toEqual(['cy', 'bob', 'ann']);
    expect(sortRows(rows, 'consensusAgreement', 'asc').map((r) => r.evaluator)).toEqual(['bob', 'cy', 'ann']);
    expect(sortRows(rows, 'judgments', 'asc').map((r) => r.evaluator)).toEqual(['bob', 'cy', 'ann']);
    expect(sortRows(rows, 'evaluator', 'asc').map((r) => r.evaluator)).toEqual(['ann', 'bob', 'cy']);
  });
});
