// The pages' criterion pickers (#18): the Evaluators page's agreement scope shows a Criterion select only for a run
// with a rubric and asks getEvaluatorStats for that run and criterion (the stored report otherwise); the Data page's
// export offers each rubric's criteria as the label and sends the run and criterion with exportData.
// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExportPanel } from '../../renderer/src/pages/data/ExportPanel';
import { AgreementScope, type AgreementScopeValue } from '../../renderer/src/pages/evaluators/AgreementScope';
import { useAgreementStats } from '../../renderer/src/pages/evaluators/useAgreementStats';

vi.mock('../../renderer/src/lib/download', () => ({ downloadText: vi.fn() }));

const RUBRIC_RUN = '00000000-0000-8000-8000-000000000001';
const PLAIN_RUN = '00000000-0000-8000-8000-000000000002';
const run = (id: string, name: string, criteria: { key: string; label: string; description: string }[]) => ({ id, name, description: '', createdAt: '2026-12-07T10:00:00.000Z', layers: [], criteria });
const runs = [
  run(RUBRIC_RUN, 'Rubric', [
    { key: 'helpful', label: 'Helpfulness', description: '' },
    { key: 'harmless', label: 'Harmlessness', description: '' },
  ]),
  run(PLAIN_RUN, 'Plain', []),
];
const stats = (alpha: number) => ({ evaluators: [], pairs: [], alpha, alphaUnits: 0 });

// getClient keeps the first window.rung it finds, so each test swaps the methods on one stub.
const desktop: Record<string, unknown> = {};
(window as { rung?: unknown }).rung = desktop;
afterEach(cleanup);

/** The scope picker over the figures it selects, as the Evaluators page wires them. */
function Agreement() {
  const [scope, setScope] = useState<AgreementScopeValue>({ runId: '', criterion: '' });
  const value = useAgreementStats(scope, 0).value;
  return createElement('div', null, createElement(AgreementScope, { runs, value: scope, onChange: setScope }), createElement('output', { 'data-testid': 'alpha' }, value ? String(value.alpha) : ''));
}

describe('the agreement scope', () => {
  it('offers a criterion only for a run with a rubric and asks for that run and criterion', async () => {
    desktop.getEvaluatorStatsReport = vi.fn().mockResolvedValue({ ok: true, value: { stats: stats(0.5), computedAt: '2026-12-07T10:00:00.000Z', stale: false, computing: false } });
    const getEvaluatorStats = vi.fn(async (params: { criterion?: string }) => ({ ok: true, value: stats(params.criterion === 'harmless' ? 0.1 : 0.9) }));
    desktop.getEvaluatorStats = getEvaluatorStats;
    render(createElement(Agreement));
    await waitFor(() => expect(screen.getByTestId('alpha').textContent).toBe('0.5'));
    expect(screen.queryByTestId('agreement-criterion')).toBeNull();
    fireEvent.change(screen.getByTestId('agreement-run'), { target: { value: PLAIN_RUN } });
    expect(screen.queryByTestId('agreement-criterion')).toBeNull();
    await waitFor(() => expect(getEvaluatorStats).toHaveBeenLastCalledWith({ runId: PLAIN_RUN, criterion: undefined }));
    fireEvent.change(screen.getByTestId('agreement-run'), { target: { value: RUBRIC_RUN } });
    const criterion = screen.getByTestId('agreement-criterion') as HTMLSelectElement;
    expect([...criterion.options].map((o) => o.textContent)).toEqual(['Overall verdict', 'Helpfulness', 'Harmlessness']);
    fireEvent.change(criterion, { target: { value: 'harmless' } });
    await waitFor(() => expect(screen.getByTestId('alpha').textContent).toBe('0.1'));
    expect(getEvaluatorStats).toHaveBeenLastCalledWith({ runId: RUBRIC_RUN, criterion: 'harmless' });
    fireEvent.change(screen.getByTestId('agreement-run'), { target: { value: '' } });
    await waitFor(() => expect(screen.getByTestId('alpha').textContent).toBe('0.5'));
  });
});

describe('the export label', () => {
  it("sends the chosen criterion's run and key", async () => {
    desktop.listRuns = vi.fn().mockResolvedValue({ ok: true, value: runs });
    const exportData = vi.fn().mockResolvedValue({ ok: true, value: { fileName: 'rung-preferences-harmless.jsonl', mimeType: 'application/x-ndjson', rows: 3, content: '' } });
    desktop.exportData = exportData;
    render(createElement(ExportPanel, { datasets: [], hasData: true }));
    const label = (await screen.findByTestId('export-criterion')) as HTMLSelectElement;
    expect([...label.options].map((o) => o.textContent)).toEqual(['Overall verdict', 'Helpfulness', 'Harmlessness']); // the plain run offers none
    fireEvent.click(screen.getByTestId('export-trl'));
    await waitFor(() => expect(exportData).toHaveBeenLastCalledWith({ format: 'trl-jsonl' }));
    fireEvent.change(label, { target: { value: `${RUBRIC_RUN} harmless` } });
    fireEvent.click(screen.getByTestId('export-trl'));
    await waitFor(() => expect(exportData).toHaveBeenLastCalledWith({ format: 'trl-jsonl', runId: RUBRIC_RUN, criterion: 'harmless' }));
    expect((await screen.findByTestId('export-done')).textContent).toBe('Saved rung-preferences-harmless.jsonl (3 rows).');
  });

  it('shows no label select when no run has a rubric', async () => {
    desktop.listRuns = vi.fn().mockResolvedValue({ ok: true, value: [runs[1]] });
    render(createElement(ExportPanel, { datasets: [], hasData: true }));
    await waitFor(() => expect(desktop.listRuns).toHaveBeenCalled());
    expect(screen.queryByTestId('export-criterion')).toBeNull();
  });
});
