// The Data page's bundle import in a DOM (jsdom): Cancel after the inspection discards the copy it staged.
// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BundlesPanel } from '../../renderer/src/pages/data/BundlesPanel';
import { answerPageUploads } from '../helpers/uploads';

const sha256 = 'a'.repeat(64);
const inspection = {
  fileName: 'ada.rungbundle', sha256, kind: 'results', bundleId: '00000000-0000-4000-8000-000000000001', schemaVersion: 1, features: [], createdAt: '2026-12-07T10:00:00.000Z',
  evaluator: { id: '00000000-0000-4000-8000-000000000002', name: 'Ada' }, runIds: [],
  signer: { workstationId: 'w1', fingerprint: 'SHA256:x', trust: 'trusted', displayName: 'Ada laptop', note: null }, added: { judgments: 3 },
};
const desktop = {
  listEvaluators: vi.fn(async () => ({ ok: true, value: [] })),
  inspectBundle: vi.fn(async () => ({ ok: true, value: inspection })),
  discardInspectedBundle: vi.fn(async () => ({ ok: true, value: { discarded: true } })),
};
(window as { rung?: unknown }).rung = desktop;
answerPageUploads();
afterEach(cleanup);

describe('bundle import on the Data page', () => {
  it('Cancel discards the copy the inspection staged, and returns to the form', async () => {
    render(createElement(BundlesPanel, { onImported: () => undefined }));
    fireEvent.change(screen.getByTestId('bundle-file'), { target: { files: [new File(['bundle bytes'], 'ada.rungbundle')] } });
    fireEvent.click(screen.getByTestId('bundle-inspect'));
    fireEvent.click(await screen.findByTestId('bundle-cancel'));
    await waitFor(() => expect(desktop.discardInspectedBundle).toHaveBeenCalledWith({ sha256 }));
    expect(screen.queryByTestId('bundle-confirm')).toBeNull();
  });
});
