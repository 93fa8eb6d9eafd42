// The Data page's datasets table counts the verdicts people gave in Rung beside the judgments each file brought:
// for every dataset holding the comparison (a comparison two files share counts in both), standing A/B/tie only.
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();
const { value } = s;

const pair = (i: number) => ({ prompt: `p${i}`, response_a: `a${i}`, response_b: `b${i}` });

async function importRows(name: string, rows: object[]): Promise<string> {
  return (await value('importDataset', { source: uploadSource(`${name}.jsonl`, rows), format: 'rung' })).datasetId;
}

describe('verdicts in Rung per dataset', () => {
  it('counts standing A/B/tie verdicts given in the app, in each dataset that holds the comparison, apart from imported judgments', async () => {
    const first = await importRows('first', [pair(0), pair(1), { ...pair(2), judgments: [{ evaluator: 'imported annotator', choice: 'A' }] }]);
    const second = await importRows('second', [pair(1), pair(3)]); // shares p1 with the first
    const ada = await value('createEvaluator', { name: 'Ada' });
    const bob = await value('createEvaluator', { name: 'Bob' });
    const judge = async (evaluatorId: string, prompt: string, choice: string) => {
      const items = await value('nextComparisons', { evaluatorId, count: 10 });
      const item = items.find((i: any) => i.comparison.prompt === prompt && !i.repeatOf);
      return value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId, choice, leftSide: item.leftSide });
    };
    await judge(ada.id, 'p1', 'A'); // shared: counts in both
    await judge(ada.id, 'p0', 'tie');
    await judge(ada.id, 'p3', 'skip'); // a skip is no verdict
    await judge(bob.id, 'p1', 'B');
    await judge(bob.id, 'p2', 'A');
    await value('undoLastJudgment', { evaluatorId: bob.id }); // Bob's p2 no longer stands
    const counts = Object.fromEntries((await value('listDatasets')).map((d: any) => [d.id, [d.judgments, d.appVerdicts]]));
    expect(counts).toEqual({ [first]: [1, 3], [second]: [0, 2] });
  });

  it('a dataset imported after the verdicts, bringing a judged comparison again, counts them too', async () => {
    const first = await importRows('first', [pair(0), pair(1)]);
    const ada = await value('createEvaluator', { name: 'Ada' });
    for (const item of await value('nextComparisons', { evaluatorId: ada.id, count: 2 })) {
      await value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: ada.id, choice: 'A', leftSide: item.leftSide });
    }
    const later = await importRows('later', [pair(1), pair(2)]);
    const counts = Object.fromEntries((await value('listDatasets')).map((d: any) => [d.id, d.appVerdicts]));
    expect(counts).toEqual({ [first]: 2, [later]: 1 });
  });

  it('leaves out a position check’s repeat of a verdict', async () => {
    const only = await importRows('only', [pair(0)]);
    const ada = await value('createEvaluator', { name: 'Ada' });
    const [item] = await value('nextComparisons', { evaluatorId: ada.id, count: 1 });
    const original = await value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: ada.id, choice: 'A', leftSide: item.leftSide });
    // A position check's repeat, written as the queue would store it: it repeats the verdict, so it is not another one.
    s.t.store.db
      .prepare(`INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, repeat_of, created_at) VALUES ('repeat-1', ?, ?, 'A', 'ui', ?, ?)`)
      .run(item.comparison.id, ada.id, original.id, new Date().toISOString());
    expect((await value('listDatasets')).find((d: any) => d.id === only).appVerdicts).toBe(1);
  });
});
