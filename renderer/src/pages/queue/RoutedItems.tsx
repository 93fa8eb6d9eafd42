// The routed comparisons of a layer, as their latest round left them: most confident first, with P(A ≻ B), the
// round's threshold, the route, the auto-label, where each stands (an audit waiting or answered, and whether people
// agreed with the auto-label) and what people answered; filtered by route, a page at a time ("Show more").
import { useEffect, useRef, useState } from 'react';
import type { Result } from '../../../../electron/api/contract';
import type { ApiError } from '../../../../electron/api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SimulatedBadge } from '../../components/SimulatedBadge';
import { getClient } from '../../lib/client';
import { pct } from './RouteOutcome';

type Page = Result<'listRoutedItems'>;
type Route = 'auto' | 'audit' | 'human';

const PAGE = 100;
const ROUTE_LABELS: Record<Route, string> = { auto: 'auto-labelled', audit: 'audited', human: 'to people' };

interface Props {
  runId: string;
  layer: number;
  /** Changes when the layer was routed again (the list is read anew). */
  version: number;
}

export function RoutedItems({ runId, layer, version }: Props) {
  const [route, setRoute] = useState<Route | ''>('');
  const [page, setPage] = useState<Page>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(false);

  const latest = useRef(0);

  /** Reads a page (after `before`'s items, or the first); an answer to an earlier request than the latest is dropped. */
  async function load(offset: number, before: Page | undefined) {
    const request = ++latest.current;
    setLoading(true);
    const result = await getClient().listRoutedItems({ runId, layer, route: route || undefined, offset, limit: PAGE });
    if (request !== latest.current) return;
    setLoading(false);
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setPage(before ? { ...result.value, items: [...before.items, ...result.value.items] } : result.value);
  }

  // Read anew when the layer, the route or the routing changes (load itself is the same every render).
  useEffect(() => {
    setPage(undefined);
    void load(0, undefined);
  }, [runId, layer, route, version]);

  return (
    <section className="routed-items" aria-label="Routed comparisons" data-testid="routed-items">
      <div className="routed-items-bar">
        <h2 className="subheading">Routed comparisons</h2>
        <label className="compare-filter">
          Route
          <select value={route} onChange={(e) => setRoute(e.target.value as Route | '')} data-testid="routed-route">
            <option value="">all</option>
            {(Object.keys(ROUTE_LABELS) as Route[]).map((r) => (
              <option key={r} value={r}>
                {ROUTE_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        {page && (
          <span className="hint" data-testid="routed-counts">
            {page.counts.auto} auto-labelled, {page.counts.audit} audited, {page.counts.human} to people
          </span>
        )}
      </div>
      {error && <ErrorAlert title="Could not load the routed comparisons." error={error} testId="routed-error" />}
      {page && page.total === 0 && <p className="muted">Nothing routed{route ? ` ${ROUTE_LABELS[route]}` : ''} in this layer yet.</p>}
      {page && page.items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="routed-table">
            <thead>
              <tr>
                <th className="num" title="max(P, 1 − P): what the threshold is compared with">Confidence</th>
                <th className="num">P(A ≻ B)</th>
                <th className="num">Threshold</th>
                <th>Route</th>
                <th>Auto-label</th>
                <th>Status</th>
                <th>People answered</th>
                <th>Prompt</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((item) => (
                <tr key={item.comparisonId} data-testid="routed-row">
                  <td className="num">{pct(Math.max(item.pA, 1 - item.pA), 1)}</td>
                  <td className="num">{item.pA.toFixed(3)}</td>
                  <td className="num">{item.threshold === null ? 'none' : item.threshold.toFixed(3)}</td>
                  <td>{item.route}</td>
                  <td>{item.autoLabel ?? '—'}</td>
                  <td data-testid="routed-status">
                    {item.status}
                    {item.auditAgrees !== null && <span className={item.auditAgrees ? 'hint' : 'routed-disagrees'}>{item.auditAgrees ? ' · agrees' : ' · disagrees'}</span>}
                  </td>
                  <td>
                    {item.answers.length === 0
                      ? '—'
                      : item.answers.map((a, i) => (
                          <span key={i} className="routed-answer">
                            {a.evaluator}: {a.choice}
                            {a.simulated && <SimulatedBadge />}
                          </span>
                        ))}
                  </td>
                  <td className="routed-prompt">{item.prompt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && page.items.length < page.total && (
        <button type="button" className="button button-small" onClick={() => void load(page.items.length, page)} disabled={loading} data-testid="routed-more">
          {loading ? 'Loading…' : `Show more (${page.items.length} of ${page.total})`}
        </button>
      )}
    </section>
  );
}
