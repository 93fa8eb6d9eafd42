// Guidelines in a DOM (jsdom): the shared editor (Data page's datasets, Ladder page's layers) loads the Markdown with a
// rendered preview, Save stores it (a refusal stays shown), Cancel and Escape change nothing; the Compare page's panel
// shows the dataset's and the layer's guidelines labelled, asks once per dataset and layer, collapses by its toggle
// (remembered per evaluator), and its key `g` is listed in the `?` overlay.
// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GuidelinesButton } from '../../renderer/src/components/GuidelinesEditor';
import { GuidelinesPanel, useGuidelinesOpen } from '../../renderer/src/pages/compare/GuidelinesPanel';
import { HelpOverlay } from '../../renderer/src/pages/compare/HelpOverlay';
import { actionFor, defaultKeymap } from '../../renderer/src/pages/compare/keymap';

const datasetId = '00000000-0000-4000-8000-000000000001';
const runId = '00000000-0000-4000-8000-000000000002';
const written = { writtenBy: 'Lea', writtenAt: '2026-12-07T10:00:00.000Z' };
const datasetGuidelines = { scope: 'dataset', label: 'Dataset maths', datasetId, runId: null, layer: null, text: '# Maths\nCheck the **answer**.', ...written };
const layerGuidelines = { scope: 'layer', label: 'Run Pilot · layer 1 (long)', datasetId: null, runId, layer: 1, text: 'Read *every* step.', ...written };

// getClient keeps the first window.rung it finds, so each test swaps the methods on one stub.
const desktop: { getGuidelines?: unknown; setGuidelines?: unknown } = {};
(window as { rung?: unknown }).rung = desktop;
beforeEach(() => window.localStorage.clear());
afterEach(cleanup);

describe('the guidelines editor', () => {
  it('shows the stored Markdown with its preview, keeps a refusal in view, and saves', async () => {
    desktop.getGuidelines = vi.fn().mockResolvedValue({ ok: true, value: [datasetGuidelines] });
    const setGuidelines = vi
      .fn()
      .mockResolvedValueOnce({ ok: false, error: { code: 'INVALID_PARAMS', message: 'setGuidelines: text: must be at most 65536 bytes (64 KiB) of UTF-8 text, got 70000 bytes' } })
      .mockResolvedValueOnce({ ok: true, value: { ...datasetGuidelines, text: '## Short' } });
    desktop.setGuidelines = setGuidelines;
    render(createElement(GuidelinesButton, { target: { datasetId }, title: 'dataset maths' }));
    fireEvent.click(screen.getByRole('button', { name: 'Guidelines' }));
    const editor = within(await screen.findByRole('dialog', { name: 'Guidelines: dataset maths' }));
    await waitFor(() => expect((editor.getByTestId('guidelines-text') as HTMLTextAreaElement).value).toBe(datasetGuidelines.text));
    await waitFor(() => expect(editor.getByTestId('guidelines-preview').querySelector('h1')?.textContent).toBe('Maths')); // the preview follows
    expect(editor.getByText(/Last written by Lea/)).toBeTruthy();
    fireEvent.change(editor.getByTestId('guidelines-text'), { target: { value: 'x'.repeat(70_000) } });
    fireEvent.click(editor.getByRole('button', { name: 'Save' }));
    expect((await editor.findByRole('alert')).textContent).toContain('must be at most 65536 bytes (64 KiB) of UTF-8 text, got 70000 bytes');
    fireEvent.change(editor.getByTestId('guidelines-text'), { target: { value: '## Short' } });
    await waitFor(() => expect(editor.getByTestId('guidelines-preview').querySelector('h2')?.textContent).toBe('Short'));
    fireEvent.click(editor.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(setGuidelines.mock.calls.map((c) => c[0])).toEqual([
      { datasetId, text: 'x'.repeat(70_000) },
      { datasetId, text: '## Short' },
    ]);
  });

  it("writes a layer's guidelines by run and layer; Cancel and Escape close without saving", async () => {
    const getGuidelines = vi.fn().mockResolvedValue({ ok: true, value: [] });
    const setGuidelines = vi.fn();
    Object.assign(desktop, { getGuidelines, setGuidelines });
    render(createElement(GuidelinesButton, { target: { runId, layer: 1 }, title: 'Pilot, layer 1 (long)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Guidelines' }));
    await waitFor(() => expect((screen.getByTestId('guidelines-text') as HTMLTextAreaElement).disabled).toBe(false));
    expect(getGuidelines).toHaveBeenCalledWith({ runId, layer: 1 });
    fireEvent.change(screen.getByTestId('guidelines-text'), { target: { value: 'draft' } });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Guidelines' }));
    await waitFor(() => expect((screen.getByTestId('guidelines-text') as HTMLTextAreaElement).value).toBe(''));
    fireEvent.keyDown(screen.getByTestId('guidelines-text'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(setGuidelines).not.toHaveBeenCalled();
  });
});

/** The panel as the Compare page holds it: its open state from useGuidelinesOpen. */
function Panel(props: { evaluatorId: string; datasetId: string | null; runId?: string; layer?: number }) {
  const [open, toggle] = useGuidelinesOpen(props.evaluatorId);
  return createElement(GuidelinesPanel, { datasetId: props.datasetId, runId: props.runId, layer: props.layer, open, onToggle: toggle, toggleKeys: 'G' });
}

describe("the Compare page's guidelines panel", () => {
  it("shows the dataset's and the layer's guidelines labelled, asked once per dataset and layer", async () => {
    const getGuidelines = vi.fn().mockResolvedValue({ ok: true, value: [datasetGuidelines, layerGuidelines] });
    desktop.getGuidelines = getGuidelines;
    const view = render(createElement(Panel, { evaluatorId: 'e1', datasetId, runId, layer: 1 }));
    const panel = within(await screen.findByTestId('compare-guidelines'));
    expect(panel.getByTestId('compare-guidelines-dataset').querySelector('h1')?.textContent).toBe('Maths');
    expect(panel.getByTestId('compare-guidelines-dataset').querySelector('strong')?.textContent).toBe('answer');
    expect(panel.getByTestId('compare-guidelines-layer').textContent).toContain('Run Pilot · layer 1 (long)');
    expect(panel.getByTestId('compare-guidelines-layer').querySelector('em')?.textContent).toBe('every');
    expect(getGuidelines).toHaveBeenCalledWith({ datasetId, runId, layer: 1 });
    // The next comparisons, of another dataset and then of the first again: one call more, not one per comparison.
    view.rerender(createElement(Panel, { evaluatorId: 'e1', datasetId: '00000000-0000-4000-8000-000000000003', runId, layer: 1 }));
    view.rerender(createElement(Panel, { evaluatorId: 'e1', datasetId, runId, layer: 1 }));
    await waitFor(() => expect(screen.getByTestId('compare-guidelines')).toBeTruthy());
    expect(getGuidelines).toHaveBeenCalledTimes(2);
  });

  it('without a layer chosen asks for the dataset only; collapses and stays collapsed for that evaluator only', async () => {
    const getGuidelines = vi.fn().mockResolvedValue({ ok: true, value: [datasetGuidelines] });
    desktop.getGuidelines = getGuidelines;
    const view = render(createElement(Panel, { evaluatorId: 'e1', datasetId, runId }));
    const toggle = await screen.findByTestId('compare-guidelines-toggle');
    expect(getGuidelines).toHaveBeenCalledWith({ datasetId });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    act(() => fireEvent.click(toggle));
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByTestId('compare-guidelines-dataset')).toBeNull();
    view.unmount();
    render(createElement(Panel, { evaluatorId: 'e1', datasetId }));
    expect((await screen.findByTestId('compare-guidelines-toggle')).getAttribute('aria-expanded')).toBe('false');
    cleanup();
    render(createElement(Panel, { evaluatorId: 'e2', datasetId }));
    expect((await screen.findByTestId('compare-guidelines-toggle')).getAttribute('aria-expanded')).toBe('true');
  });

  it('shows nothing when no guidelines apply, and says so when they cannot be loaded', async () => {
    desktop.getGuidelines = vi.fn().mockResolvedValue({ ok: true, value: [] });
    const { container } = render(createElement(Panel, { evaluatorId: 'e1', datasetId }));
    await waitFor(() => expect(desktop.getGuidelines).toHaveBeenCalled());
    expect(container.innerHTML).toBe('');
    cleanup();
    desktop.getGuidelines = vi.fn().mockResolvedValue({ ok: false, error: { code: 'UNAVAILABLE', message: 'the database is busy' } });
    render(createElement(Panel, { evaluatorId: 'e1', datasetId }));
    expect((await screen.findByTestId('compare-guidelines-error')).textContent).toContain('the database is busy');
  });

  it('has the key g, listed in the `?` overlay', () => {
    expect(actionFor(defaultKeymap, 'g')).toBe('guidelines');
    render(createElement(HelpOverlay, { keymap: defaultKeymap, onChange: () => undefined, onClose: () => undefined }));
    expect(screen.getByText('Show or hide the guidelines (the dataset’s and the layer’s)')).toBeTruthy();
  });
});
