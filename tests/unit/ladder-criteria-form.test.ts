// The "New run" form's criteria (a rubric): drafts become createRun's criteria by the contract's own rules, each bad
// one gets its message next to its field, none sends no criteria at all, and the counts of messages include them.
import { describe, expect, it } from 'vitest';
import { newCriterionDraft, validateCriteria } from '../../renderer/src/pages/ladder/criteria-draft';
import { countErrors, emptyRunDraft, validateRun } from '../../renderer/src/pages/ladder/draft';

const criterion = (key: string, label: string, description = '') => ({ ...newCriterionDraft(), key, label, description });
const named = () => {
  const draft = emptyRunDraft();
  return { ...draft, name: 'Rubric', layers: [{ ...draft.layers[0], name: 'all' }] };
};

describe("the New run form's criteria", () => {
  it('sends the criteria trimmed and in order, and none when there are none', () => {
    const result = validateRun({ ...named(), criteria: [criterion(' helpful ', ' Helpfulness ', ' Does it answer? '), criterion('harmless', 'Harmlessness')] });
    expect(result.ok && result.params.criteria).toEqual([
      { key: 'helpful', label: 'Helpfulness', description: 'Does it answer?' },
      { key: 'harmless', label: 'Harmlessness', description: '' },
    ]);
    const plain = validateRun(named());
    expect(plain.ok && plain.params).not.toHaveProperty('criteria');
  });

  it('puts each message next to its field', () => {
    const result = validateCriteria([criterion('Bad key', 'x'), criterion('ok', ''), criterion('ok', 'y', 'd'.repeat(501))]);
    expect(result).toEqual({
      ok: false,
      errors: [
        { key: 'A key of 1 to 32 characters: a lower-case letter, then lower-case letters, digits, _ or -.' },
        { label: 'A label of 1 to 80 characters.' },
        { key: '"ok" is given twice: each criterion needs its own key.', description: 'At most 500 characters.' },
      ],
    });
    const nine = validateCriteria(Array.from({ length: 9 }, (_, i) => criterion(`c${i}`, `C${i}`)));
    expect(nine).toMatchObject({ ok: false, list: 'At most 8 criteria.' });
    const run = validateRun({ ...named(), criteria: [criterion('', 'x')] });
    expect(!run.ok && countErrors(run.errors)).toBe(1);
  });
});
