// The lab's overall agreement for the lead view (getLabAgreement, electron/core/metrics/lab-agreement.ts) against a
// hand-computed example: Krippendorff's α (nominal, ties a category, skips no verdict) and the pairwise κ summary, on an
// assignment's comparisons or on every comparison here; "not enough overlap" as nulls; refusals exact; and the lead
// view's panel (LabAgreement.tsx) that shows them.
// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LabAgreement } from '../../renderer/src/pages/evaluators/LabAgreement';
import { labAgreement } from '../../electron/core/metrics/lab-agreement';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();
const { call, value } = s;

type J = { evaluator: string; choice: 'A' | 'B' | 'tie' };
const row = (prompt: string, judgments: J[]) => ({ prompt, response_a: `${prompt} a`, response_b: `${prompt} b`, judgments });
const v = (evaluator: string, choice: J['choice']): J => ({ evaluator, choice });

// p1 A A A · p2 A B · p3 tie tie B · p4 B B · p5 one verdict (and Bob's skip): α over p1–p4, n = 10 values.
// D_o = (0 + 2/1 + 4/2 + 0) / 10 = 0.4; totals A 4, B 4, tie 2: D_e = (4·6 + 4·6 + 2·8) / (10·9) = 64/90; α = 1 − 0.4·90/64 = 0.4375.
// κ: Ada–Bob on p1–p3: p_o 2/3, p_e 1/3 → 0.5; Ada–Cy on p1, p3: p_o 1/2, p_e 1/4 → 1/3; Bob–Cy on p1, p3, p4: p_o 2/3, p_e 1/3 → 0.5.
const study = [
  row('p1', [v('Ada', 'A'), v('Bob', 'A'), v('Cy', 'A')]),
  row('p2', [v('Ada', 'A'), v('Bob', 'B')]),
  row('p3', [v('Ada', 'tie'), v('Bob', 'tie'), v('Cy', 'B')]),
  row('p4', [v('Bob', 'B'), v('Cy', 'B')]),
  row('p5', [v('Ada', 'A')]),
];

async function setup() {
  const { datasetId } = await value('importDataset', { source: uploadSource('study.jsonl', study), format: 'rung' });
  // another dataset's overlap: in the whole store's figures, not in the assignment's
  await value('importDataset', { source: uploadSource('other.jsonl', [row('q1', [v('Ada', 'A'), v('Bob', 'B')])]), format: 'rung' });
  const evaluators = await value('listEvaluators');
  const bob = evaluators.find((e: { name: string }) => e.name === 'Bob');
  const p5 = s.t.store.db.prepare(`SELECT c.id FROM comparisons c JOIN prompts p ON p.id = c.prompt_id WHERE p.text = 'p5'`).pluck().get() as string;
  await value('submitJudgment', { comparisonId: p5, evaluatorId: bob.id, choice: 'skip', leftSide: 'A' });
  const assignment = await value('createAssignment', { datasetId, evaluators: ['Ada', 'Bob', 'Cy'] });
  return assignment.id as string;
}

describe('the lab agreement', () => {
  it('matches the hand-computed α and κ on the assignment, with the items and evaluators it rests on', async () => {
    const assignmentId = await setup();
    const lab = await value('getLabAgreement', { assignmentId, minShared: 2 });
    expect(lab).toMatchObject({ assignmentId, items: 4, evaluators: 3, minShared: 2, kappa: { pairs: 3 } });
    expect(lab.alpha).toBeCloseTo(0.4375, 10);
    expect(lab.kappa.mean).toBeCloseTo(4 / 9, 10);
    expect(lab.kappa.min).toBeCloseTo(1 / 3, 10);
    expect(lab.kappa.max).toBeCloseTo(0.5, 10);
    // pairs need minShared items: Ada–Cy (2 shared) drops out at 3; none is left at 4
    const three = (await value('getLabAgreement', { assignmentId, minShared: 3 })).kappa;
    expect(three.pairs).toBe(2);
    for (const k of [three.mean, three.min, three.max]) expect(k).toBeCloseTo(0.5, 10);
    expect((await value('getLabAgreement', { assignmentId, minShared: 4 })).kappa).toBeNull();
    // the whole store adds q1 (A, B); the default of 10 shared items leaves no pair
    const all = await value('getLabAgreement', {});
    expect(all).toMatchObject({ assignmentId: null, items: 5, evaluators: 3, kappa: null, minShared: 10 });
    // q1 adds an A and a B that disagree: n = 12, D_o = 6/12, totals A 5, B 5, tie 2: D_e = (5·7 + 5·7 + 2·10) / (12·11) = 90/132
    expect(all.alpha).toBeCloseTo(1 - 0.5 / (90 / 132), 10);
  });

  it('is null (not enough overlap) with no item judged by two people, and refuses a bad scope or minimum', async () => {
    expect(await value('getLabAgreement', {})).toEqual({ assignmentId: null, alpha: null, items: 0, evaluators: 0, kappa: null, minShared: 10 });
    expect(labAgreement([{ unit: 'u', rater: 'a', value: 'A' }, { unit: 'v', rater: 'b', value: 'B' }], 1)).toEqual({ alpha: null, items: 0, evaluators: 0, kappa: null, minShared: 1 });
    const unknown = '0123abcd-0000-4000-8000-000000000000';
    expect(await call('getLabAgreement', { assignmentId: unknown })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `assignmentId: no assignment with id ${unknown}` } });
    expect(await call('getLabAgreement', { minShared: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: 'getLabAgreement: minShared: must be an integer ≥ 1 (items two evaluators share), got "0"' } });
  });
});

describe("the lead view's lab agreement", () => {
  const assignmentId = '00000000-0000-8000-8000-000000000001';
  // getClient keeps the first window.rung it finds, so each test swaps the method on one stub.
  const desktop: { getLabAgreement?: unknown } = {};
  (window as { rung?: unknown }).rung = desktop;
  afterEach(cleanup);

  it("shows α, the κ summary and what they rest on for the assignment, and for every comparison when chosen", async () => {
    const getLabAgreement = vi
      .fn()
      .mockResolvedValueOnce({ ok: true, value: { assignmentId, alpha: 0.4375, items: 4, evaluators: 3, kappa: { pairs: 3, mean: 4 / 9, min: 1 / 3, max: 0.5 }, minShared: 10 } })
      .mockResolvedValueOnce({ ok: true, value: { assignmentId: null, alpha: null, items: 0, evaluators: 0, kappa: null, minShared: 10 } });
    desktop.getLabAgreement = getLabAgreement;
    render(createElement(LabAgreement, { assignmentId, reloadKey: 'k' }));
    expect((await screen.findByTestId('lab-alpha')).textContent).toBe('0.44');
    expect(screen.getByTestId('lab-kappa').textContent).toBe('mean 0.44, range 0.33 to 0.50 (3 pairs with ≥ 10 shared items)');
    expect(screen.getByTestId('lab-basis').textContent).toBe('4 items judged by two or more, 3 evaluators');
    fireEvent.change(screen.getByTestId('lab-agreement-scope'), { target: { value: 'all' } });
    await waitFor(() => expect(screen.getByTestId('lab-alpha').textContent).toBe('not enough overlap'));
    expect(screen.getByTestId('lab-kappa').textContent).toBe('not enough overlap');
    expect(getLabAgreement.mock.calls.map((c) => c[0])).toEqual([{ assignmentId }, {}]);
  });

  it('shows a refusal', async () => {
    desktop.getLabAgreement = vi.fn().mockResolvedValue({ ok: false, error: { code: 'NOT_FOUND', message: `assignmentId: no assignment with id ${assignmentId}` } });
    render(createElement(LabAgreement, { assignmentId, reloadKey: 'k' }));
    expect((await screen.findByTestId('lab-agreement-error')).textContent).toContain(`no assignment with id ${assignmentId}`);
  });
});
