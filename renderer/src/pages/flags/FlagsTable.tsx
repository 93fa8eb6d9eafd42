// The virtual flags table: fixed row height, only the rows in view (plus a few) are in the DOM, pages fetched as
// they scroll into view. One focusable grid; a click on a row opens it, and from page load (useTableKeys) ↑/↓
// (PageUp/PageDown, Home/End) move the selection, Enter opens, Esc closes.
import { useEffect } from 'react';
import { formatDate } from '../../lib/format';
import { useVirtualRows } from '../../lib/useVirtualRows';
import { moveSelection } from '../../lib/virtual-rows';
import { kindLabel, severityBand, statusLabels } from './logic';
import type { FlagPages, FlagQuery } from './useFlagPages';
import { useTableKeys } from './useTableKeys';

type SortKey = NonNullable<FlagQuery['sort']>;

interface Props {
  pages: FlagPages;
  selected: number;
  onSelect: (index: number) => void;
  onOpen: (index: number) => void;
  sort: SortKey;
  direction: 'asc' | 'desc';
  onSort: (sort: SortKey) => void;
  openId: string | null;
  /** Esc (outside the detail and the fields) closes an open detail. */
  onClose: () => void;
}

const columns: { key: string; label: string; sort?: SortKey; className?: string }[] = [
  { key: 'severity', label: 'Severity', sort: 'severity' },
  { key: 'kind', label: 'Kind', sort: 'kind' },
  { key: 'status', label: 'Status' },
  { key: 'layer', label: 'Layer', className: 'num' },
  { key: 'prompt', label: 'Prompt' },
  { key: 'evaluators', label: 'Evaluators' },
  { key: 'created', label: 'Created', sort: 'created' },
];

export function FlagsTable({ pages, selected, onSelect, onOpen, sort, direction, onSort, openId, onClose }: Props) {
  const total = pages.total ?? 0;
  const { scroller, rowHeight, viewHeight, start, end, onScroll } = useVirtualRows(total, selected);

  const { ensure } = pages;
  useEffect(() => {
    ensure(start, end);
  }, [ensure, start, end, pages.total]);

  useTableKeys((key) => {
    if (key === 'Escape') {
      if (openId) onClose();
      return openId !== null;
    }
    if (key === 'Enter') {
      if (selected >= 0) onOpen(selected);
      return selected >= 0;
    }
    const next = moveSelection(key, selected, total, Math.floor(viewHeight / rowHeight) - 1);
    if (next === null) return false;
    onSelect(next);
    // The grid takes the focus, so a screen reader follows the selected row (aria-activedescendant).
    if (document.activeElement !== scroller.current) scroller.current?.focus({ preventScroll: true });
    return true;
  });

  const rows = [];
  for (let i = start; i < end; i++) {
    const row = pages.rowAt(i);
    const style = { transform: `translateY(${i * rowHeight}px)`, height: rowHeight };
    if (!row) {
      rows.push(
        <div key={`loading-${i}`} className="vt-row vt-loading" role="row" aria-rowindex={i + 2} style={style}>
          <span className="vt-cell muted" role="gridcell">Loading…</span>
        </div>,
      );
      continue;
    }
    const band = severityBand(row.severity);
    rows.push(
      <div
        key={row.id}
        id={`flag-row-${i}`}
        className={`vt-row${i === selected ? ' is-selected' : ''}${row.id === openId ? ' is-open' : ''}`}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={i === selected}
        style={style}
        onClick={() => {
          onSelect(i);
          onOpen(i);
        }}
        data-testid="flag-row"
        data-flag-id={row.id}
        data-kind={row.kind}
        data-status={row.status}
      >
        <span className="vt-cell" role="gridcell">
          <span className={`severity severity-${band}`} title={`Severity ${row.severity.toFixed(3)} (${band})`}>
            <span className="severity-bar" style={{ width: `${Math.round(row.severity * 100)}%` }} />
          </span>
          <span className="severity-num">{row.severity.toFixed(2)}</span>
        </span>
        <span className="vt-cell" role="gridcell">
          {kindLabel(row.kind)}
          {row.criterion !== undefined && (
            <span className="chip flag-criterion" title={`On the criterion ${row.criterion}`} data-testid="flag-criterion">
              {row.criterion}
            </span>
          )}
        </span>
        <span className="vt-cell" role="gridcell">
          <span className={`badge status-${row.status}`} title={row.relabelOutcome ?? undefined}>{statusLabels[row.status] ?? row.status}</span>
        </span>
        <span className="vt-cell num" role="gridcell">{row.layer ?? '—'}</span>
        <span className="vt-cell vt-ellipsis" role="gridcell" title={row.promptExcerpt}>{row.promptExcerpt || <span className="muted">—</span>}</span>
        <span className="vt-cell vt-ellipsis" role="gridcell" title={row.evaluators.join(', ')}>{row.evaluators.join(', ') || <span className="muted">—</span>}</span>
        <span className="vt-cell vt-ellipsis" role="gridcell">{formatDate(row.createdAt)}</span>
      </div>,
    );
  }

  return (
    <div className="vt" data-testid="flags-table">
      <div className="vt-row vt-head" role="row">
        {columns.map((c) =>
          c.sort ? (
            <button
              key={c.key}
              type="button"
              className={`vt-cell vt-sort${sort === c.sort ? ' is-sorted' : ''}`}
              onClick={() => onSort(c.sort!)}
              aria-label={`Sort by ${c.label.toLowerCase()}`}
              data-testid={`flags-sort-${c.sort}`}
            >
              {c.label}
              <span aria-hidden="true">{sort === c.sort ? (direction === 'desc' ? ' ↓' : ' ↑') : ''}</span>
            </button>
          ) : (
            <span key={c.key} className={`vt-cell ${c.className ?? ''}`} role="columnheader">
              {c.label}
            </span>
          ),
        )}
      </div>
      <div
        ref={scroller}
        className="vt-scroll"
        role="grid"
        aria-label="Flags"
        aria-rowcount={total + 1}
        aria-activedescendant={selected >= start && selected < end && pages.rowAt(selected) ? `flag-row-${selected}` : undefined}
        tabIndex={0}
        onScroll={onScroll}
        data-testid="flags-grid"
      >
        <div className="vt-spacer" role="rowgroup" style={{ height: total * rowHeight }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
