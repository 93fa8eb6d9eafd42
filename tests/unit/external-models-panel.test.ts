// The Data page's External models section in a DOM (jsdom) over the real service, as a browser reaches it (HTTP, the
// file uploaded): a bad line is refused beside the form naming the uploaded file's line and field, nothing kept; a good
// file, as a run layer's model with unmatched lines skipped, says what it imported and is listed with its file and place;
// the desktop app's form sends the token of the file its dialog chose.
// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ExternalModelsPanel } from '../../renderer/src/pages/data/ExternalModelsPanel';
import { useService } from '../helpers/api';
import { jsonl, uploadSource } from '../helpers/store';
import { answerPageUploads } from '../helpers/uploads';

const s = useService('http');
// getClient keeps the first window.rung it finds: this one sends each call to the current test's service.
(window as { rung?: unknown }).rung = new Proxy({}, { get: (_, method: string) => (params: unknown) => s.call(method, params) });
answerPageUploads();
afterEach(cleanup);

/** Three comparisons and a two-layer run "Pilot" over them; their ids. */
async function setUp(): Promise<string[]> {
  const rows = [1, 2, 3].map((i) => ({ prompt: `p${i}`, chosen: `good ${i}`, rejected: `bad ${i}` }));
  const { datasetId } = await s.value('importDataset', { source: uploadSource('maths.jsonl', rows) });
  const rule = { kind: 'datasets', datasetIds: [datasetId] };
  await s.value('createRun', { name: 'Pilot', layers: [{ name: 'Base', rule }, { name: 'Hard', rule }] });
  return s.t.store.db.prepare('SELECT id FROM comparisons ORDER BY rowid').pluck().all() as string[];
}

const models = () => s.t.store.db.prepare('SELECT count(*) FROM models').pluck().get();

async function choose(fileName: string, text: string) {
  render(createElement(ExternalModelsPanel));
  await screen.findByTestId('external-models-empty');
  fireEvent.change(screen.getByTestId('scores-file'), { target: { files: [new File([text], fileName, { type: 'application/x-ndjson' })] } });
}

describe("the Data page's External models section", () => {
  it("shows a refusal beside the form with the uploaded file's line and field, keeping nothing", async () => {
    const [c1, c2] = await setUp();
    await choose('lab-rm.jsonl', `{"comparison_id": "${c1}", "reward_a": 1, "reward_b": 0}\n{"comparison_id": "${c2}", "reward_a": 1, "reward_b": "high"}\n`);
    expect((screen.getByTestId('scores-name') as HTMLInputElement).value).toBe('lab-rm');
    fireEvent.click(screen.getByTestId('scores-submit'));
    const alert = await screen.findByTestId('scores-error');
    expect(alert.querySelector('.alert-message')?.textContent).toBe('lab-rm.jsonl:2: reward_b: must be a number, got string');
    expect(alert.querySelector('.alert-title')?.textContent).toBe('Nothing was imported.');
    expect(models()).toBe(0);
    expect(screen.getByTestId('external-models-empty')).toBeTruthy();
    expect((screen.getByTestId('scores-submit') as HTMLButtonElement).disabled).toBe(false); // the form can be sent again
  });

  it('imports a good file as a run layer\'s model, skipping unmatched lines when asked, and lists it', async () => {
    const ids = await setUp();
    await choose('lab.jsonl', jsonl([...ids.map((id) => ({ comparison_id: id, reward_a: 1, reward_b: -1 })), { comparison_id: 'elsewhere', reward_a: 0, reward_b: 1 }]));
    fireEvent.change(screen.getByTestId('scores-name'), { target: { value: 'lab-rm-v3' } });
    const run = (await screen.findByRole('option', { name: 'Pilot' })) as HTMLOptionElement;
    fireEvent.change(screen.getByTestId('scores-run'), { target: { value: run.value } });
    fireEvent.change(screen.getByTestId('scores-layer'), { target: { value: '1' } });
    fireEvent.click(screen.getByTestId('scores-skip-unmatched'));
    fireEvent.click(screen.getByTestId('scores-submit'));
    expect((await screen.findByTestId('scores-imported')).textContent).toBe(
      'Imported “lab-rm-v3”: 3 comparisons scored, 1 line skipped (no such comparison in this database); now the active model of layer 1 of run Pilot.',
    );
    const row = await screen.findByTestId('external-model-row');
    expect(within(row).getByTestId('external-model-name').textContent).toBe('lab-rm-v3');
    expect(within(row).getByTestId('external-model-file').textContent).toBe('lab.jsonl');
    expect(within(row).getByTestId('external-model-scores').textContent).toBe('3');
    expect(within(row).getByTestId('external-model-place').textContent).toBe('Pilot, layer 1 (active)');
    expect(screen.queryByTestId('scores-error')).toBeNull();
    await waitFor(() => expect((screen.getByTestId('scores-name') as HTMLInputElement).value).toBe(''));
    expect(await s.value('listModels', {})).toMatchObject([{ name: 'lab-rm-v3', kind: 'external', layer: 1, active: true }]);
  });

  it("on the desktop sends the token of the file the app's dialog chose, never its content or a path", async () => {
    await setUp();
    const files = window as { rungFiles?: unknown };
    files.rungFiles = { pick: async () => ({ ok: true, value: { token: 'b'.repeat(64), name: 'lab.jsonl', bytes: 120 } }) };
    try {
      render(createElement(ExternalModelsPanel));
      expect(screen.queryByTestId('scores-file')).toBeNull();
      fireEvent.click(screen.getByTestId('scores-choose'));
      await waitFor(() => expect(screen.getByTestId('scores-chosen').textContent).toBe('lab.jsonl'));
      expect((screen.getByTestId('scores-name') as HTMLInputElement).value).toBe('lab');
      fireEvent.click(screen.getByTestId('scores-submit'));
      // This service is reached as over HTTP, where only the desktop app's main process could have resolved the token.
      expect((await screen.findByTestId('scores-error')).textContent).toMatch(/importScores: a file chosen in the desktop app's dialog is known only to that app's window/);
      expect(screen.getByTestId('scores-chosen').textContent).toBe('No file chosen'); // a token is used once
    } finally {
      delete files.rungFiles;
    }
  });
});
