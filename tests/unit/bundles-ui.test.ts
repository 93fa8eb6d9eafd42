// The Data page's bundle import shows, before anything is written, who signed the bundle (workstation id, key
// fingerprint, trusted or not) and what it would add; the confirm button says when importing trusts a new key.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { addedText, BundleInspectionView } from '../../renderer/src/pages/data/BundlesPanel';

const inspection = {
  fileName: 'ada.rungbundle',
  sha256: 'a'.repeat(64),
  kind: 'results' as const,
  bundleId: '00000000-0000-4000-8000-000000000001',
  schemaVersion: 1,
  features: [],
  createdAt: '2026-12-06T10:00:00.000Z',
  evaluator: { id: '00000000-0000-4000-8000-000000000002', name: 'Ada' },
  runIds: [],
  signer: { workstationId: 'ws-1', fingerprint: 'SHA256:abc', trust: 'unknown' as const, displayName: null, note: 'not known' },
  added: { evaluators: 1, judgments: 12, retractions: 1, exclusions: 0, positionChecks: 0, relabelAnswers: 0, conflicts: 0 },
};

describe('bundle inspection view', () => {
  it('names the signer, its fingerprint, whether it is trusted, and what the import would add', () => {
    const html = renderToStaticMarkup(createElement(BundleInspectionView, { inspection }));
    expect(html).toContain('<dd data-testid="bundle-signer">ws-1</dd>');
    expect(html).toContain('<code>SHA256:abc</code>');
    expect(html).toMatch(/data-testid="bundle-trust">not known here: importing trusts this key/);
    expect(html).toMatch(/data-testid="bundle-would-add">1 evaluators, 12 judgments, 1 retractions</);
    const trusted = renderToStaticMarkup(createElement(BundleInspectionView, { inspection: { ...inspection, signer: { ...inspection.signer, trust: 'trusted', displayName: 'Ada laptop' } } }));
    expect(trusted).toMatch(/data-testid="bundle-trust">trusted \(Ada laptop\)/);
  });

  it('says "nothing new" for a bundle whose content is all here, and spells out camel-case kinds', () => {
    expect(addedText({ judgments: 0, retractions: 0 })).toBe('nothing new');
    expect(addedText({ positionChecks: 2, relabelAnswers: 1 })).toBe('2 position checks, 1 relabel answers');
  });
});
