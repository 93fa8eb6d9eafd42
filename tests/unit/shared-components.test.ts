// The renderer's shared form components: RunSelect (Compare filters, Queue, Ladder metrics) and EvaluatorForm (Evaluators
// page, Compare picker), rendered to markup: options, the "no run" choice, the words and test ids each use passes in.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EvaluatorForm, parseDomains, type EvaluatorFormTexts } from '../../renderer/src/components/EvaluatorForm';
import { RunSelect } from '../../renderer/src/components/RunSelect';

const runs = [
  { id: 'r1', name: 'Demo ladder' },
  { id: 'r2', name: 'Planted <ladder>' },
];

describe('RunSelect', () => {
  const html = (props: Partial<Parameters<typeof RunSelect>[0]>) =>
    renderToStaticMarkup(createElement(RunSelect, { runs, value: 'r2', onChange: () => {}, testId: 'queue-run', ...props }));

  it('lists the runs by name, escaped, with the chosen one selected and its test id', () => {
    const shown = html({});
    expect(shown).toMatch(/^<select data-testid="queue-run">/);
    expect(shown).toContain('<option value="r1">Demo ladder</option>');
    expect(shown).toContain('<option value="r2" selected="">Planted &lt;ladder&gt;</option>');
    expect(shown).not.toContain('<option value="">');
  });

  it('offers the "no run" choice first only when it is given a label, selected for the value ""', () => {
    const shown = html({ value: '', noneLabel: 'All runs', id: 'm-run' });
    expect(shown).toMatch(/^<select id="m-run" data-testid="queue-run"><option value="" selected="">All runs<\/option><option value="r1">/);
  });
});

describe('EvaluatorForm', () => {
  const texts: EvaluatorFormTexts = {
    domainsLabel: 'Domains of expertise',
    domainsHint: 'Separate domains with commas.',
    submit: 'Create and start judging',
    submitting: 'Creating…',
    failed: 'Could not create the profile.',
  };
  const html = renderToStaticMarkup(createElement(EvaluatorForm, { texts, testIdPrefix: 'compare-evaluator', submitTestId: 'compare-evaluator-create', onCreated: () => {} }));

  it('uses the words and test ids it is given, with the submit button disabled while the name is empty', () => {
    for (const id of ['compare-evaluator-form', 'compare-evaluator-name', 'compare-evaluator-domains', 'compare-evaluator-create']) expect(html).toContain(`data-testid="${id}"`);
    expect(html).toContain('Domains of expertise</label>');
    expect(html).toContain('Separate domains with commas.</p>');
    expect(html).toMatch(/<button type="submit" class="button button-primary" disabled="" data-testid="compare-evaluator-create">Create and start judging<\/button>/);
    expect(html).not.toContain('compare-evaluator-error');
    expect(html).not.toContain('compare-evaluator-created');
  });

  it('splits domains on commas, trims them, drops empty ones and duplicates', () => {
    expect(parseDomains('math, code,  ,Law, math')).toEqual(['math', 'code', 'Law']);
    expect(parseDomains('')).toEqual([]);
    expect(parseDomains(' , ,')).toEqual([]);
  });
});
