// Why "Agrees with consensus" has no value: agreementReport names the reason (nobody else judged the evaluator's
// comparisons; never 2 others on the same one; the others always split), and the Evaluators page shows it in the cell.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { agreementReport, type AgreementVerdict } from '../../electron/core/metrics/evaluator-stats';
import { AgreementPanel } from '../../renderer/src/pages/evaluators/AgreementPanel';

/** Verdicts as [evaluator, comparison, choice]. */
const verdicts = (rows: [string, string, 'A' | 'B' | 'tie'][]): AgreementVerdict[] =>
  rows.map(([evaluator, comparisonId, choice]) => ({ evaluatorId: evaluator, evaluatorName: evaluator, comparisonId, choice, durationMs: null }));

const gaps = (rows: [string, string, 'A' | 'B' | 'tie'][]) =>
  Object.fromEntries(agreementReport(verdicts(rows)).evaluators.map((e) => [e.evaluator, [e.consensusAgreement, e.consensusGap]]));

describe('agreement with consensus: why it is missing', () => {
  it('names no shared items, too few others, and others split; none where there is a value', () => {
    expect(
      gaps([
        ['ann', 'c1', 'A'], // ann alone on c1
        ['bob', 'c2', 'A'], // bob and cy share c2, nobody else
        ['cy', 'c2', 'B'],
      ]),
    ).toEqual({ ann: [null, 'no-shared-items'], bob: [null, 'too-few-others'], cy: [null, 'too-few-others'] });

    // On c3 each has two others: dee's are split (A, B), eve's agree with each other (A, A), fay's are split (A, B).
    expect(
      gaps([
        ['dee', 'c3', 'A'],
        ['eve', 'c3', 'B'],
        ['fay', 'c3', 'A'],
      ]),
    ).toEqual({ dee: [null, 'others-split'], eve: [0, null], fay: [null, 'others-split'] });
  });

  it('reads only the latest verdict of each evaluator on a comparison', () => {
    // bob changed his mind: his latest verdict agrees with ann, so cy has a consensus of two others.
    const report = gaps([
      ['ann', 'c1', 'A'],
      ['bob', 'c1', 'B'],
      ['bob', 'c1', 'A'],
      ['cy', 'c1', 'B'],
    ]);
    expect(report.cy).toEqual([0, null]);
    expect(report.ann).toEqual([null, 'others-split']);
  });

  it('shows the reason where the dash is, with the full reason as its tooltip', () => {
    const stats = agreementReport(
      verdicts([
        ['ann', 'c1', 'A'],
        ['bob', 'c2', 'A'],
        ['cy', 'c2', 'B'],
        ['dee', 'c3', 'A'],
        ['eve', 'c3', 'B'],
        ['fay', 'c3', 'A'],
      ]),
    );
    const report = { value: { ...stats, pairs: [] }, error: undefined, loading: false, reload: () => {}, computedAt: '2026-12-01T10:00:00.000Z', stale: false, computing: false, recompute: () => {}, recomputing: false, recomputeError: undefined };
    const html = renderToStaticMarkup(createElement(AgreementPanel, { stats: report, onShow: () => {} }));
    const cell = (evaluator: string) => html.split(`data-evaluator="${evaluator}"`)[1].split('</tr>')[0];
    expect(cell('ann')).toContain('data-gap="no-shared-items"');
    expect(cell('ann')).toContain('title="Nobody else has judged any comparison this evaluator judged."');
    expect(cell('ann')).toMatch(/— <\/span>no shared items<span class="visually-hidden">: Nobody else/);
    expect(cell('bob')).toContain('no consensus yet (needs ≥ 2 others)');
    expect(cell('dee')).toContain('others split');
    expect(cell('eve')).toContain('data-testid="agreement-consensus"');
    expect(cell('eve')).not.toContain('agreement-consensus-gap');
  });
});
