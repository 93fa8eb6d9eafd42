// The record browser's virtual list: the rows loaded so far (fixed row height, only those in view in the DOM, as in
// the Flags table), the next page fetched as the end scrolls into view while pages come back full, and a footer
// that says how far the search is and asks for more. With the list focused, ↑/↓ (PageUp/PageDown, Home/End) move
// the selection and Enter opens it.
import { useEffect, type KeyboardEvent } from 'react';
import { fmt, searchedText } from './logic';
import { useVirtualRows } from '../../../lib/useVirtualRows';
import { moveSelection } from '../../../lib/virtual-rows';
import type { RecordPages } from './useRecordPages';

interface Props {
  pages: RecordPages;
  selected: number;
  onSelect: (index: number) => void;
  onOpen: (index: number) => void;
  openId: string | null;
}

const columns = ['Prompt', 'Response A', 'Response B', 'Layer', 'Judgments', 'Open flags'];

export function RecordsTable({ pages, selected, onSelect, onOpen, openId }: Props) {
  const total = pages.rows.length;
  const { scroller, rowHeight, viewHeight, start, end, onScroll } = useVirtualRows(total, selected);

  // The end of the loaded rows in view (or selected), and the last page was full: fetch the next.
  const { more, lastFull, loading, loadMore } = pages;
  const nearEnd = total > 0 && (end >= total || selected >= total - 1);
  useEffect(() => {
    if (nearEnd && more && lastFull && !loading) loadMore();
  }, [nearEnd, more, lastFull, loading, loadMore]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Enter') {
      if (selected >= 0) onOpen(selected);
    } else {
      const next = moveSelection(event.key, selected, total, Math.floor(viewHeight / rowHeight) - 1);
      if (next === null) return;
      onSelect(next);
    }
    event.preventDefault();
  };

  const rows = [];
  for (let i = start; i < end; i++) {
    const row = pages.rows[i];
    rows.push(
      <div
        key={row.id}
        id={`record-row-${i}`}
        className={`vt-row${i === selected ? ' is-selected' : ''}${row.id === openId ? ' is-open' : ''}`}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={i === selected}
        style={{ transform: `translateY(${i * rowHeight}px)`, height: rowHeight }}
        onClick={() => {
          onSelect(i);
          onOpen(i);
        }}
        data-testid="record-row"
        data-comparison-id={row.id}
      >
        <span className="vt-cell" role="gridcell" title={row.promptExcerpt}>{row.promptExcerpt}</span>
        <span className="vt-cell" role="gridcell" title={row.responseAExcerpt}>{row.responseAExcerpt}</span>
        <span className="vt-cell" role="gridcell" title={row.responseBExcerpt}>{row.responseBExcerpt}</span>
        <span className="vt-cell num" role="gridcell">{row.layer ?? '—'}</span>
        <span className="vt-cell num" role="gridcell">{row.judgments}</span>
        <span className="vt-cell num" role="gridcell">{row.openFlags || <span className="muted">0</span>}</span>
      </div>,
    );
  }

  return (
    <div className="vt records-table" data-testid="records-table">
      <div className="vt-row vt-head" role="row">
        {columns.map((c, i) => (
          <span key={c} className={`vt-cell${i >= 3 ? ' num' : ''}`} role="columnheader">
            {c}
          </span>
        ))}
      </div>
      <div
        ref={scroller}
        className="vt-scroll"
        role="grid"
        aria-label="Comparisons"
        aria-rowcount={total + 1}
        aria-activedescendant={selected >= start && selected < end ? `record-row-${selected}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={onScroll}
        data-testid="records-grid"
      >
        <div className="vt-spacer" role="rowgroup" style={{ height: total * rowHeight }}>
          {rows}
        </div>
      </div>
      <div className="records-footer" data-testid="records-footer">
        <span className="muted" aria-live="polite">
          {fmt(total)} shown · {searchedText(pages)}
        </span>
        {pages.more && (
          <button type="button" className="button button-small" onClick={loadMore} disabled={loading} data-testid="records-more">
            {loading ? 'Searching…' : pages.exact ? 'Load more' : 'Search further'}
          </button>
        )}
      </div>
    </div>
  );
}
