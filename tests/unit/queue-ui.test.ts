// The Queue page's routing outcome drawn to static markup: a certified threshold is a success with its counts; nothing
// certified is a warning (never a success) that says how many held-out pairs the target needs and how many there are.
// A model trained on a rubric criterion says its held-out pairs were judged on it. And the audited error's hint: what
// it rests on, including audits answered with a tie.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../electron/api/contract';
import { RouteOutcome, auditHint } from '../../renderer/src/pages/queue/RouteOutcome';

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
const base: Result<'routeLayer'> = {
  roundId: '0123abcd-0000-4000-8000-000000000001',
  runId: '0123abcd-0000-4000-8000-000000000002',
  layer: 1,
  modelId: 'm1',
  modelName: 'RM1 demo',
  modelEvaluatorId: '0123abcd-0000-4000-8000-000000000003',
  target: 0.05,
  confidence: 0.95,
  auditShare: 0.05,
  threshold: null,
  calibratedOn: 'this-layer',
  calibrationPairs: 28,
  calibrationPairsNeeded: 72,
  smallestCertifiableTarget: 0.101,
  coveredPairs: null,
  coveredErrors: null,
  errorBound: null,
  includeSimulated: false,
  pending: 40,
  autoLabelled: 0,
  audit: 0,
  human: 40,
  unscored: 0,
  criterion: null,
};

describe('Queue page: routing outcome', () => {
  it('nothing certified is a warning naming the held-out pairs the target needs and those there are', () => {
    const html = renderToStaticMarkup(createElement(RouteOutcome, { result: base }));
    expect(html).toContain('alert-warning');
    expect(html).not.toContain('alert-success');
    expect(text(html)).toContain('Nothing certified: no threshold keeps the auto-label error ≤ 5.0% at 95% confidence (28 held-out pairs of layer 1; a 5.0% target at 95% confidence needs at least 72; the smallest target they certify: 10.1%)');
    expect(text(html)).toContain('All 40 pending comparisons went to people.');
  });

  it('a certified threshold is a success with the errors among the pairs above it', () => {
    const result = { ...base, threshold: 0.93, calibrationPairs: 178, coveredPairs: 150, coveredErrors: 2, errorBound: 0.046, autoLabelled: 30, audit: 2, human: 10 };
    const html = renderToStaticMarkup(createElement(RouteOutcome, { result }));
    expect(html).toContain('alert-success');
    expect(text(html)).toContain('Routed 40 pending comparisons with RM1 demo: 30 auto-labelled (2 of them audited), 10 to people; error ≤ 4.6% at 95% confidence (2 errors in the 150 of 178 held-out pairs of layer 1;');
    // Certified on lower layers' pairs too: the outcome says so.
    expect(text(renderToStaticMarkup(createElement(RouteOutcome, { result: { ...result, calibratedOn: 'lower-layers-too' as const } })))).toContain('150 of 178 held-out pairs of layers 0–1;');
  });
});

describe('Queue page: routing with a model trained on a criterion', () => {
  it('says the held-out pairs were judged on the criterion', () => {
    const html = renderToStaticMarkup(createElement(RouteOutcome, { result: { ...base, criterion: { key: 'helpful', label: 'Helpfulness' } } }));
    expect(text(html)).toContain('(28 held-out pairs of layer 1 judged on criterion Helpfulness; a 5.0% target');
  });
});

describe('Queue page: audited error hint', () => {
  const status = { auditAnswered: 0, auditErrors: 0, auditUndecided: 0, estimatedErrorBound: null } as unknown as Result<'getQueueStatus'>;
  it('says when no audit is answered, when answers are undecided, and what a decided estimate rests on', () => {
    expect(auditHint(status, 0.95)).toBe('no audit answered yet');
    expect(auditHint({ ...status, auditUndecided: 1 }, 0.95)).toBe('no decided audit yet; 1 answered with a tie or a split verdict, not counted');
    expect(auditHint({ ...status, auditAnswered: 4, auditErrors: 1, auditUndecided: 1, estimatedErrorBound: 0.75 }, 0.95)).toBe(
      '1 of 4 audits wrong; ≤ 75.0% at 95% confidence; 1 answered with a tie or a split verdict, not counted',
    );
  });
});
