// The Experiments page's opened report: report.html is shown in the page, in a frame sandboxed without scripts and
// fed the stored report's own text (no address to load), on request under its claims; Save report.html keeps that text; a
// report that cannot be read says why and shows no frame; the form says what it will run (seeds, scale, about how long).
// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { computeClaims } from '../../electron/core/experiment/claims';
import { LADDER } from '../../electron/core/experiment/presets';
import { reportHtml } from '../../electron/core/experiment/report-html';
import { downloadText } from '../../renderer/src/lib/download';
import { ExperimentReport } from '../../renderer/src/pages/experiments/ExperimentReport';
import { ExperimentsPage } from '../../renderer/src/pages/experiments/ExperimentsPage';

vi.mock('../../renderer/src/lib/download', () => ({ downloadText: vi.fn() }));

const ID = '20261207T100000Z-quick';
const claims = computeClaims([]);
const summary = { id: ID, preset: 'quick' as const, scale: 1, seeds: 2, startedAt: '2026-12-07T10:00:00.000Z', seconds: 42, conditions: [LADDER], claims };
const html = reportHtml({ ...summary, runs: [] });

// getClient keeps the first window.rung it finds, so each test swaps the methods on one stub.
const desktop: Record<string, unknown> = {};
(window as { rung?: unknown }).rung = desktop;
afterEach(cleanup);

describe('an opened experiment', () => {
  it('shows its claims, report.html on request in a sandboxed frame without scripts, and saves the same text', async () => {
    desktop.getExperiment = vi.fn().mockResolvedValue({ ok: true, value: { summary, reportHtml: html } });
    render(createElement(ExperimentReport, { id: ID, onClose: () => undefined }));
    const frame = (await screen.findByTestId('experiment-report-frame')) as HTMLIFrameElement;
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('sandbox')).toBe(''); // every restriction: no scripts, no same origin, no forms, no popups
    expect(frame.getAttribute('srcdoc')).toBe(html);
    expect(frame.hasAttribute('src')).toBe(false);
    expect(frame.title).toBe(`report.html of experiment ${ID}`);
    // The report repeats the claims, so it opens on request: closed at first, open after its summary is clicked.
    const details = screen.getByTestId('experiment-report-details') as HTMLDetailsElement;
    expect(details.contains(frame)).toBe(true);
    expect(details.open).toBe(false);
    fireEvent.click(details.querySelector('summary')!);
    expect(details.open).toBe(true);
    expect(screen.getByTestId('experiment-claims').querySelectorAll('tbody tr')).toHaveLength(5);
    expect(desktop.getExperiment).toHaveBeenCalledWith({ id: ID });

    fireEvent.click(screen.getByTestId('experiment-save-html'));
    expect(downloadText).toHaveBeenCalledWith(html, `rung-experiment-${ID}.html`, 'text/html');
  });

  it('says why a report cannot be opened, and shows no frame', async () => {
    desktop.getExperiment = vi.fn().mockResolvedValue({ ok: false, error: { code: 'NOT_FOUND', message: `no experiment ${ID}` } });
    render(createElement(ExperimentReport, { id: ID, onClose: () => undefined }));
    expect((await screen.findByTestId('experiment-report-error')).textContent).toContain(`no experiment ${ID}`);
    expect(screen.queryByTestId('experiment-report-frame')).toBeNull();
    expect(screen.queryByTestId('experiment-save-html')).toBeNull();
  });
});

describe('the experiment form', () => {
  it('says what it will run: the preset, or the seeds and scale typed, with about how long', async () => {
    desktop.listExperiments = vi.fn().mockResolvedValue({ ok: true, value: { experiments: [], unreadable: [] } });
    desktop.listExperimentJobs = vi.fn().mockResolvedValue({ ok: true, value: [] });
    (window as { rungEvents?: unknown }).rungEvents = { subscribe: () => () => undefined };
    render(createElement(ExperimentsPage));
    const plan = screen.getByTestId('experiment-plan');
    expect(plan.textContent).toBe('4 conditions × 3 seeds at scale 5 (about 2 minutes on 2 cores)');
    fireEvent.change(screen.getByTestId('experiment-seeds'), { target: { value: '2' } });
    fireEvent.change(screen.getByTestId('experiment-scale'), { target: { value: '1' } });
    expect(plan.textContent).toBe('4 conditions × 2 seeds at scale 1 (under a minute on 2 cores)');
    fireEvent.change(screen.getByTestId('experiment-preset'), { target: { value: 'full' } });
    fireEvent.change(screen.getByTestId('experiment-seeds'), { target: { value: '20' } });
    fireEvent.change(screen.getByTestId('experiment-scale'), { target: { value: '' } });
    expect(plan.textContent).toBe('7 conditions × 20 seeds at scale 10 (about 40 minutes on 2 cores)');
    fireEvent.change(screen.getByTestId('experiment-seeds'), { target: { value: 'many' } });
    expect(plan.textContent).toBe('7 conditions × 10 seeds at scale 10 unless changed');
    expect(await screen.findByText('No experiments yet.')).toBeTruthy();
  });
});
