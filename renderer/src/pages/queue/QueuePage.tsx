// The Queue page: for a run's layer, what deferral has done — waiting for people, auto-labelled, in audit, the audited
// auto-label error with its bound, human labels saved — the "Route pending comparisons" action, the list of routed
// comparisons, and a way to judge that layer's human queue on the Compare page.
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../electron/api/errors';
import type { Result } from '../../../../electron/api/contract';
import { getClient } from '../../lib/client';
import { formatDate } from '../../lib/format';
import { saveFilters } from '../../lib/storage';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RunSelect } from '../../components/RunSelect';
import { useResource } from '../../lib/useResource';
import { useStoredReport } from '../../lib/useStoredReport';
import { ReportAge } from '../../components/ReportAge';
import { RouteOutcome, auditHint, pct } from './RouteOutcome';
import { calibrationScopeText, routedCriterionText } from '../../../../electron/api/queue';
import { RoutedItems } from './RoutedItems';
import { COUNT_WORDS } from '../../lib/count-words';
import './queue.css';

type RouteState = { phase: 'idle' } | { phase: 'busy' } | { phase: 'done'; result: Result<'routeLayer'> } | { phase: 'failed'; error: ApiError };

/** A share typed as a percentage ("5" → 0.05); NaN when it is not a number. */
const share = (text: string) => (text.trim() === '' ? NaN : Number(text) / 100);

export function QueuePage() {
  const runs = useResource(() => getClient().listRuns({}));
  const [runId, setRunId] = useState<string>();
  const [layer, setLayer] = useState(0);
  const [version, setVersion] = useState(0);
  const run = runs.value?.find((r) => r.id === runId);

  // Audits are answered elsewhere (Compare, other evaluators): the numbers follow when the page is looked at again.
  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === 'visible') setVersion((v) => v + 1);
    };
    window.addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, []);

  useEffect(() => {
    if (!runId && runs.value && runs.value.length > 0) setRunId(runs.value[runs.value.length - 1].id);
  }, [runId, runs.value]);

  const status = useStoredReport<Result<'getQueueStatus'>>(
    async () => {
      if (!runId) return { ok: true as const, value: { value: null, computedAt: null, stale: false, computing: false } };
      const result = await getClient().getQueueStatusReport({ runId, layer });
      return result.ok ? { ok: true as const, value: { ...result.value, value: result.value.status } } : result;
    },
    runId ? { kind: 'queue-status', runId, layer } : null,
    `${runId ?? ''}:${layer}:${version}`,
  );

  const [target, setTarget] = useState('5');
  const [confidence, setConfidence] = useState('95');
  const [audit, setAudit] = useState('5');
  const [route, setRoute] = useState<RouteState>({ phase: 'idle' });
  const [routedVersion, setRoutedVersion] = useState(0);
  const [calibrateOn, setCalibrateOn] = useState<'this-layer' | 'lower-layers-too'>('this-layer');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!runId || route.phase === 'busy') return;
    setRoute({ phase: 'busy' });
    const result = await getClient().routeLayer({ runId, layer, target: share(target), confidence: share(confidence), auditShare: share(audit), calibrateOn });
    setRoute(result.ok ? { phase: 'done', result: result.value } : { phase: 'failed', error: result.error });
    if (result.ok) setRoutedVersion((v) => v + 1);
    status.recompute(); // the routing changed the figures: computed now, not when the background gets to it
  }

  function judgeOnCompare() {
    if (!runId) return;
    saveFilters({ runId, layer });
    window.location.hash = '#/compare';
  }

  const s = status.value;
  const round = s?.latestRound ?? null;

  return (
    <div className="page queue-page">
      <div className="page-header">
        <h1>Queue</h1>
        <p className="page-lede">
          Deferral: a layer's reward model auto-labels the pending comparisons it is confident about — as the model's judgments, never a
          person's — a random share of those is audited by people, and the rest wait for people, most uncertain first. The threshold is
          chosen on held-out human judgments so the auto-label error stays under the target with the stated confidence.
        </p>
      </div>

      {runs.error && <ErrorAlert title="Could not load the runs." error={runs.error} onRetry={runs.reload} testId="queue-runs-error" />}
      {runs.value?.length === 0 && (
        <div className="empty-state" data-testid="queue-empty">
          <p>No runs yet — create one (or the demo ladder) on the Ladder page, and train its first reward model.</p>
        </div>
      )}

      {runs.value && runs.value.length > 0 && (
        <form className="flags-filters" onSubmit={(e) => e.preventDefault()} aria-label="Run and layer">
          <label className="compare-filter">
            Run
            <RunSelect
              runs={runs.value}
              value={runId ?? ''}
              onChange={(id) => {
                setRunId(id);
                setLayer(0);
                setRoute({ phase: 'idle' });
              }}
              testId="queue-run"
            />
          </label>
          <label className="compare-filter">
            Layer
            <select
              value={layer}
              onChange={(e) => {
                setLayer(Number(e.target.value));
                setRoute({ phase: 'idle' });
              }}
              data-testid="queue-layer"
            >
              {(run?.layers ?? []).map((l) => (
                <option key={l.id} value={l.index}>
                  {l.index} · {l.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button" onClick={judgeOnCompare} disabled={!runId} data-testid="queue-judge">
            Judge this layer's queue on Compare
          </button>
        </form>
      )}

      {status.error && <ErrorAlert title="Could not load the queue status." error={status.error} onRetry={status.reload} testId="queue-status-error" />}

      {runId && <ReportAge report={status} testId="queue-status-age" />}
      {s && (
        <section aria-label="Queue status" data-testid="queue-status">
          <dl className="stats">
            <div className="stat">
              <dt title={COUNT_WORDS.waitingForHumans}>Waiting for people</dt>
              <dd data-testid="queue-waiting">{s.waitingForHumans}</dd>
            </div>
            <div className="stat">
              <dt title={COUNT_WORDS.autoLabelled}>Auto-labelled</dt>
              <dd data-testid="queue-auto">{s.autoLabelled}</dd>
            </div>
            <div className="stat">
              <dt title={COUNT_WORDS.inAudit}>In audit</dt>
              <dd data-testid="queue-audit">{s.inAudit}</dd>
            </div>
            <div className="stat">
              <dt title={COUNT_WORDS.auditedError}>Audited auto-label error</dt>
              <dd data-testid="queue-error">{pct(s.estimatedError)}</dd>
              <span className="hint">
                {auditHint(s, round?.confidence ?? 0.95)}
              </span>
            </div>
            <div className="stat">
              <dt title={COUNT_WORDS.humanLabels}>Human labels</dt>
              <dd data-testid="queue-human">{s.humanLabels}</dd>
              {s.simulatedLabels > 0 && <span className="hint">of which {s.simulatedLabels} simulated</span>}
            </div>
            <div className="stat">
              <dt title={COUNT_WORDS.humanLabelsSaved}>Human labels saved</dt>
              <dd data-testid="queue-saved">{s.humanLabelsSaved}</dd>
            </div>
          </dl>
          <p className={round?.threshold === null ? 'alert alert-warning' : 'muted'} data-testid="queue-round">
            {round
              ? `Last routed ${formatDate(round.createdAt)} by ${round.createdBy} with ${round.modelName ?? round.modelId}: ` +
                (round.threshold === null
                  ? `nothing certified: no threshold kept the error ≤ ${pct(round.target)} at ${pct(round.confidence, 0)} confidence on ${round.calibrationPairs} held-out pairs ${calibrationScopeText(round)}${routedCriterionText(round)} ` +
                    `(this target needs at least ${round.calibrationPairsNeeded}), so everything went to people.`
                  : `auto-label when confidence ≥ ${round.threshold.toFixed(3)} (${round.calibrationErrors} errors in ${round.calibrationPairs} held-out pairs ${calibrationScopeText(round)}${routedCriterionText(round)} above it; error ≤ ${pct(round.errorBound)} at ${pct(round.confidence, 0)} confidence), ${pct(round.auditShare, 0)} audited.`)
              : `${s.comparisons} comparisons in this layer; not routed yet.`}
          </p>
        </section>
      )}

      {runId && (
        <form className="form action-form" onSubmit={submit} aria-label="Route pending comparisons" data-testid="queue-route-form">
          <div className="form-actions">
            <label className="compare-filter">
              Target error (%)
              <input type="text" inputMode="decimal" value={target} onChange={(e) => setTarget(e.target.value)} size={5} data-testid="queue-target" />
            </label>
            <label className="compare-filter">
              Confidence (%)
              <input type="text" inputMode="decimal" value={confidence} onChange={(e) => setConfidence(e.target.value)} size={5} data-testid="queue-confidence" />
            </label>
            <label className="compare-filter" title="Which held-out pairs certify the threshold: this layer's own are exchangeable with its pending comparisons; lower layers' add pairs, but easier ones">
              Calibrate on
              <select value={calibrateOn} onChange={(e) => setCalibrateOn(e.target.value as 'this-layer' | 'lower-layers-too')} data-testid="queue-calibrate-on">
                <option value="this-layer">this layer</option>
                <option value="lower-layers-too">layers 0–{layer}</option>
              </select>
            </label>
            <label className="compare-filter">
              Audit share (%)
              <input type="text" inputMode="decimal" value={audit} onChange={(e) => setAudit(e.target.value)} size={5} data-testid="queue-audit-share" />
            </label>
            <button type="submit" className="button button-primary" disabled={route.phase === 'busy'} data-testid="queue-route">
              {route.phase === 'busy' ? 'Routing…' : 'Route pending comparisons'}
            </button>
          </div>
          {route.phase === 'failed' && <ErrorAlert title="The layer was not routed." error={route.error} testId="queue-route-error" />}
          {route.phase === 'done' && <RouteOutcome result={route.result} />}
        </form>
      )}

      {runId && <RoutedItems runId={runId} layer={layer} version={routedVersion} />}
    </div>
  );
}

