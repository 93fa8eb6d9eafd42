// The Compare page's Guidelines panel above the comparison: the researcher's Markdown for the comparison's dataset
// and, when judging a run's layer, for that layer (both, labelled, when both exist), collapsible by its button or key,
// open or closed as each evaluator last left it. Fetched once per dataset and layer (getGuidelines), never per item.
import { useCallback, useEffect, useState } from 'react';
import type { Result } from '../../../../electron/api/contract';
import type { ApiResult } from '../../../../electron/api/errors';
import { getClient } from '../../lib/client';
import { renderMarkdown } from '../../lib/markdown';
import { loadGuidelinesOpen, saveGuidelinesOpen } from '../../lib/storage';
import './guidelines.css';

type Guidelines = Result<'getGuidelines'>;

/** Whether the evaluator's panel is open (remembered per evaluator in this browser), and its toggle. */
export function useGuidelinesOpen(evaluatorId: string): [boolean, () => void] {
  const [open, setOpen] = useState(() => loadGuidelinesOpen(evaluatorId));
  useEffect(() => setOpen(loadGuidelinesOpen(evaluatorId)), [evaluatorId]);
  const toggle = useCallback(() => setOpen((was) => (saveGuidelinesOpen(evaluatorId, !was), !was)), [evaluatorId]);
  return [open, toggle];
}

/** The guidelines for a dataset and a run's layer, each combination asked for once while the panel lives. */
function useGuidelines(datasetId: string | null, runId: string | null, layer: number | null): ApiResult<Guidelines> | undefined {
  const [cache] = useState(() => new Map<string, Promise<ApiResult<Guidelines>>>());
  const [result, setResult] = useState<ApiResult<Guidelines>>();
  const key = `${datasetId ?? ''}|${runId ?? ''}|${layer ?? ''}`;
  useEffect(() => {
    if (datasetId === null && runId === null) return setResult({ ok: true, value: [] });
    let pending = cache.get(key);
    if (!pending) {
      pending = getClient().getGuidelines({ ...(datasetId !== null ? { datasetId } : {}), ...(runId !== null && layer !== null ? { runId, layer } : {}) });
      cache.set(key, pending);
    }
    let current = true;
    void pending.then((r) => {
      if (!current) return;
      if (!r.ok) cache.delete(key); // asked again for the next comparison
      setResult(r);
    });
    return () => {
      current = false;
    };
  }, [cache, key, datasetId, runId, layer]);
  return result;
}

interface Props {
  /** The comparison's dataset (the queue's dataset filter, when one is chosen). */
  datasetId: string | null;
  /** The run and its layer being judged (the layer's guidelines need both). */
  runId?: string;
  layer?: number;
  open: boolean;
  onToggle: () => void;
  toggleKeys: string;
}

export function GuidelinesPanel({ datasetId, runId, layer, open, onToggle, toggleKeys }: Props) {
  const inLayer = runId !== undefined && layer !== undefined; // a run's layer is being judged
  const result = useGuidelines(datasetId, inLayer ? runId : null, inLayer ? layer : null);
  if (!result) return null;
  if (!result.ok) {
    return (
      <p className="guidelines-panel guidelines-failed muted" role="status" data-testid="compare-guidelines-error">
        The guidelines could not be loaded: {result.error.message}
      </p>
    );
  }
  if (result.value.length === 0) return null;
  return (
    <section className="guidelines-panel" aria-label="Guidelines" data-testid="compare-guidelines">
      <header className="pane-header">
        <button type="button" className="button button-small" onClick={onToggle} aria-expanded={open} data-testid="compare-guidelines-toggle">
          {open ? 'Hide' : 'Show'} guidelines <kbd>{toggleKeys}</kbd>
        </button>
        <span className="muted">{result.value.map((g) => g.label).join(' · ')}</span>
      </header>
      {open && (
        <div className="guidelines-panel-body">
          {result.value.map((g) => (
            <article key={g.scope} data-testid={`compare-guidelines-${g.scope}`}>
              <h3 className="guidelines-label">{g.label}</h3>
              <div className="md" dangerouslySetInnerHTML={{ __html: renderMarkdown(g.text) }} />
            </article>
          ))}
        </div>
      )}
    </section>
  );
}
