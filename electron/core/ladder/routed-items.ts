// The Queue page's list of routed comparisons: each as its latest deferral round left it (route, P, threshold,
// auto-label) with what people have answered since, and where it stands — an audit waiting or answered (and whether
// its answer agrees with the auto-label), a comparison waiting for people or judged.
import type { ParsedParams, Result } from '../../api/contract';
import { RungError } from '../../api/errors';
import { majority } from '../checks/verdicts';
import { layerExists } from '../db/runs';
import { routedAnswers, routedCounts, routedItems, type RoutedAnswerRow, type RoutedItemRow } from '../db/routed-items';
import type { Store } from '../store';

type RoutedItem = Result<'listRoutedItems'>['items'][number];

function status(route: RoutedItemRow['route'], answered: boolean): RoutedItem['status'] {
  if (route === 'auto') return answered ? 'checked by people' : 'auto-labelled';
  if (route === 'audit') return answered ? 'audit answered' : 'audit waiting';
  return answered ? 'judged' : 'waiting for people';
}

export function listRoutedItems(store: Store, params: ParsedParams<'listRoutedItems'>): Result<'listRoutedItems'> {
  const { runId, layer, route, offset, limit } = params;
  if (!layerExists(store.db, runId, layer)) throw new RungError('NOT_FOUND', `no layer ${layer} in run ${runId}`);
  const counts = routedCounts(store.db, runId, layer);
  const rows = routedItems(store.db, runId, layer, { route, offset, limit });
  const answersOf = new Map<string, RoutedAnswerRow[]>();
  for (const a of routedAnswers(store.db, rows.map((r) => r.comparisonId))) answersOf.set(a.comparisonId, [...(answersOf.get(a.comparisonId) ?? []), a]);
  const items = rows.map((r): RoutedItem => {
    const answers = (answersOf.get(r.comparisonId) ?? []).map(({ evaluator, choice, simulated }) => ({ evaluator, choice, simulated }));
    const consensus = answers.length > 0 ? majority(answers.map((a) => a.choice)) : null;
    return {
      ...r,
      answers,
      status: status(r.route, answers.length > 0),
      auditAgrees: r.route === 'audit' && consensus !== null && r.autoLabel !== null ? consensus === r.autoLabel : null,
    };
  });
  return { total: route ? counts[route] : counts.auto + counts.audit + counts.human, counts, items };
}
