// The Flags page: where researchers find and resolve inconsistencies. Filters and sort over a virtual table of
// all flags (pages fetched as they scroll into view), Run checks, CSV/JSONL export, and the flag detail drawer
// (#/flags/<id>, so a reload keeps it open).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { flagStatuses } from '../../../../electron/api/flags';
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { loadEvaluatorId } from '../../lib/storage';
import { downloadText } from '../../lib/download';
import { FlagDetail } from './FlagDetail';
import { FlagsTable } from './FlagsTable';
import { flagIdFromHash, kindLabel, statusLabels } from './logic';
import { useFlagPages, type FlagQuery } from './useFlagPages';
import { plural } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import './flags.css';

type SortKey = NonNullable<FlagQuery['sort']>;
type Status = (typeof flagStatuses)[number];

interface Filters {
  kind: string;
  status: '' | Status;
  minSeverity: string;
  layer: string;
  evaluatorId: string;
  modelId: string;
}
const noFilters: Filters = { kind: '', status: '', minSeverity: '', layer: '', evaluatorId: '', modelId: '' };

function useHashFlagId(): string | null {
  const [id, setId] = useState(() => flagIdFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setId(flagIdFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return id;
}

export function FlagsPage() {
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [sort, setSort] = useState<SortKey>('severity');
  const [direction, setDirection] = useState<'asc' | 'desc'>('desc');
  const [selected, setSelected] = useState(-1);
  const openId = useHashFlagId();
  const [checking, setChecking] = useState(false);
  const [checkMessage, setCheckMessage] = useState<string | null>(null);
  const [actionError, setActionError] = useState<{ title: string; message: string } | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const grid = useRef<HTMLDivElement>(null);

  const evaluators = useResource(() => getClient().listEvaluators({}));
  const layers = useResource(() => getClient().listLayers({}));
  const profileId = loadEvaluatorId();
  const profileName = evaluators.value?.find((e) => e.id === profileId)?.name ?? null;

  const query: FlagQuery = useMemo(
    () => ({
      sort,
      direction,
      ...(filters.kind ? { kind: filters.kind } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.minSeverity ? { minSeverity: Number(filters.minSeverity) } : {}),
      ...(filters.layer !== '' ? { layer: Number(filters.layer) } : {}),
      ...(filters.evaluatorId ? { evaluatorId: filters.evaluatorId } : {}),
      ...(filters.modelId.trim() ? { modelId: filters.modelId.trim() } : {}),
    }),
    [filters, sort, direction],
  );
  const pages = useFlagPages(query);
  const filtered = JSON.stringify(filters) !== JSON.stringify(noFilters);

  useEffect(() => {
    document.body.classList.add('fill-mode');
    return () => document.body.classList.remove('fill-mode');
  }, []);
  useEffect(() => setSelected(-1), [query]);
  // After a reload with a flag open, select its row once it is loaded.
  useEffect(() => {
    if (openId && selected < 0) {
      const i = pages.indexOf(openId);
      if (i >= 0) setSelected(i);
    }
  });

  const set = (key: keyof Filters) => (value: string) => setFilters((f) => ({ ...f, [key]: value }));

  const open = useCallback(
    (index: number) => {
      const row = pages.rowAt(index);
      if (row) window.location.hash = `#/flags/${row.id}`;
    },
    [pages],
  );
  const close = useCallback(() => {
    window.location.hash = '#/flags';
    requestAnimationFrame(() => grid.current?.querySelector<HTMLElement>('[data-testid=flags-grid]')?.focus());
  }, []);

  function onSort(key: SortKey) {
    if (key === sort) setDirection((d) => (d === 'desc' ? 'asc' : 'desc'));
    else {
      setSort(key);
      setDirection(key === 'kind' ? 'asc' : 'desc');
    }
  }

  async function runChecks() {
    setChecking(true);
    setCheckMessage(null);
    setActionError(null);
    const result = await getClient().runChecks({});
    setChecking(false);
    if (!result.ok) return setActionError({ title: 'The checks did not run.', message: result.error.message });
    const open = Object.values(result.value.byKind).reduce((a, b) => a + b, 0);
    const failed = result.value.failed.map((f) => ` The ${f.kind} check failed: ${f.error}`).join('');
    setCheckMessage(
      (result.value.added === 0
        ? `Checks ran: no new flags (${plural(open, 'open flag')} in all).`
        : `Checks ran: ${plural(result.value.added, 'new flag')} (${plural(open, 'open flag')} in all).`) + failed,
    );
    pages.refresh();
  }

  async function exportAs(format: 'csv' | 'jsonl') {
    setExporting(format);
    setActionError(null);
    const result = await getClient().exportFlags({ format, ...(filters.status ? { status: filters.status } : {}) });
    setExporting(null);
    if (!result.ok) return setActionError({ title: 'The export failed.', message: result.error.message });
    downloadText(result.value.content, result.value.fileName, result.value.mimeType);
  }

  const total = pages.total;
  const humanEvaluators = evaluators.value ?? [];

  return (
    <div className="page flags-page" ref={grid}>
      <div className="flags-toolbar">
        <h1>Flags</h1>
        <span className="muted" data-testid="flags-total" aria-live="polite">
          {total === null ? 'Loading…' : filtered ? `${total.toLocaleString()} matching` : `${total.toLocaleString()} ${total === 1 ? 'flag' : 'flags'}`}
        </span>
        <div className="flags-toolbar-end">
          <button type="button" className="button button-primary" onClick={runChecks} disabled={checking} data-testid="flags-run-checks">
            {checking ? 'Running checks…' : 'Run checks'}
          </button>
          <button type="button" className="button" onClick={() => exportAs('csv')} disabled={exporting !== null} data-testid="flags-export-csv" title={filters.status ? `Exports ${statusLabels[filters.status].toLowerCase()} flags` : 'Exports all flags'}>
            {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
          </button>
          <button type="button" className="button" onClick={() => exportAs('jsonl')} disabled={exporting !== null} data-testid="flags-export-jsonl" title={filters.status ? `Exports ${statusLabels[filters.status].toLowerCase()} flags` : 'Exports all flags'}>
            {exporting === 'jsonl' ? 'Exporting…' : 'Export JSONL'}
          </button>
        </div>
      </div>

      <form className="flags-filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters" data-testid="flags-filters">
        <label className="compare-filter">
          Kind
          <select value={filters.kind} onChange={(e) => set('kind')(e.target.value)} data-testid="filter-kind">
            <option value="">All kinds</option>
            {[...new Set([...pages.kinds, ...(filters.kind ? [filters.kind] : [])])].map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label className="compare-filter">
          Severity
          <select value={filters.minSeverity} onChange={(e) => set('minSeverity')(e.target.value)} data-testid="filter-severity">
            <option value="">Any</option>
            <option value="0.25">≥ 0.25</option>
            <option value="0.5">≥ 0.50</option>
            <option value="0.75">≥ 0.75</option>
            <option value="0.9">≥ 0.90</option>
          </select>
        </label>
        <label className="compare-filter">
          Status
          <select value={filters.status} onChange={(e) => set('status')(e.target.value)} data-testid="filter-status">
            <option value="">Any status</option>
            {flagStatuses.map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="compare-filter">
          Layer
          <select value={filters.layer} onChange={(e) => set('layer')(e.target.value)} data-testid="filter-layer">
            <option value="">All layers</option>
            {(layers.value ?? []).map((l) => (
              <option key={l} value={String(l)}>
                Layer {l}
              </option>
            ))}
          </select>
        </label>
        <label className="compare-filter">
          Evaluator
          <select value={filters.evaluatorId} onChange={(e) => set('evaluatorId')(e.target.value)} data-testid="filter-evaluator">
            <option value="">Anyone</option>
            {humanEvaluators.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
                {e.kind === 'model' ? ' (model)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="compare-filter">
          Model
          <input type="text" value={filters.modelId} onChange={(e) => set('modelId')(e.target.value)} placeholder="model id" size={10} data-testid="filter-model" />
        </label>
        {filtered && (
          <button type="button" className="button button-small" onClick={() => setFilters(noFilters)} data-testid="filter-clear">
            Clear filters
          </button>
        )}
        <span className="hint flags-keys">
          <kbd>↑</kbd>
          <kbd>↓</kbd> select · click or <kbd>Enter</kbd> open · <kbd>Esc</kbd> close
        </span>
      </form>

      {checkMessage && (
        <p className="alert alert-success" role="status" data-testid="flags-check-result">
          {checkMessage}
        </p>
      )}
      {actionError && <ErrorAlert title={actionError.title} error={actionError.message} testId="flags-action-error" />}
      {pages.error && <ErrorAlert title="Could not load the flags." error={pages.error} onRetry={pages.refresh} testId="flags-error" />}

      {total === 0 && !filtered && (
        <div className="empty-state" data-testid="flags-empty">
          <h2>No flags — run the checks</h2>
          <p>
            Flags appear when the consistency checks find evaluators who disagree, an evaluator who contradicts their own earlier answer, or
            preferences that go round in a cycle. Run the checks now, or after importing judgments.
          </p>
        </div>
      )}
      {total === 0 && filtered && (
        <div className="empty-state" data-testid="flags-empty-filtered">
          <h2>No flags match these filters</h2>
          <p>Loosen or clear the filters to see more.</p>
        </div>
      )}
      <div className={`flags-body${openId ? ' has-detail' : ''}`}>
        {total !== 0 && (
          <FlagsTable
            pages={pages}
            selected={selected}
            onSelect={setSelected}
            onOpen={open}
            sort={sort}
            direction={direction}
            onSort={onSort}
            openId={openId}
            onClose={close}
          />
        )}
        {openId && (
          <FlagDetail
            key={openId}
            id={openId}
            profileName={profileName}
            evaluators={humanEvaluators as Result<'listEvaluators'>}
            onClose={close}
            onChanged={pages.refresh}
          />
        )}
      </div>
    </div>
  );
}
