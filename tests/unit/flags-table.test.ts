// The Flags table in a DOM (jsdom): one click on a row opens it, and ↓/↑/Enter/Esc work from page load without focusing
// the grid first — but not while typing in a field, inside the flag detail, or Enter on a button.
// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement, useState } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FlagsTable } from '../../renderer/src/pages/flags/FlagsTable';
import type { FlagPages, FlagRow } from '../../renderer/src/pages/flags/useFlagPages';

const rows: FlagRow[] = ['f-0', 'f-1', 'f-2'].map((id, i) => ({
  id,
  kind: 'evaluator-disagreement',
  severity: 0.9 - i / 10,
  status: 'open',
  comparisonId: null,
  layer: 0,
  promptExcerpt: `prompt ${i}`,
  evaluators: ['ann', 'bob'],
  notes: '',
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: null,
  resolvedBy: null,
  resolvedAt: null,
  relabelOutcome: null,
}));

const pages: FlagPages = {
  total: rows.length,
  kinds: ['evaluator-disagreement'],
  error: undefined,
  rowAt: (i) => rows[i],
  ensure: () => {},
  refresh: () => {},
  indexOf: (id) => rows.findIndex((r) => r.id === id),
};

/** The table as the page holds it, with the fields and the detail drawer a key may come from. */
function Page() {
  const [selected, setSelected] = useState(-1);
  const [openId, setOpenId] = useState<string | null>(null);
  const e = createElement;
  return e(
    'div',
    null,
    e('input', { 'aria-label': 'Model filter' }),
    e('select', { 'aria-label': 'Kind filter' }, e('option', null, 'All kinds')),
    e('button', { type: 'button' }, 'Run checks'),
    e(FlagsTable, {
      pages,
      selected,
      onSelect: setSelected,
      onOpen: (i: number) => setOpenId(rows[i].id),
      sort: 'severity',
      direction: 'desc',
      onSort: () => {},
      openId,
      onClose: () => setOpenId(null),
    }),
    openId && e('aside', { role: 'dialog', 'data-testid': 'detail', 'data-flag-id': openId }, e('textarea', { 'aria-label': 'Reason' })),
  );
}

const flagRows = () => screen.getAllByTestId('flag-row');
const selectedIds = () => flagRows().filter((r) => r.getAttribute('aria-selected') === 'true').map((r) => r.dataset.flagId);
const openedId = () => screen.queryByTestId('detail')?.dataset.flagId ?? null;
const press = (target: Element, key: string) => fireEvent.keyDown(target, { key });

beforeAll(() => {
  // jsdom has no ResizeObserver; the table only measures its viewport with it.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});
afterEach(cleanup);

describe('Flags table', () => {
  it('opens a flag with one click on its row, and selects it', () => {
    render(createElement(Page));
    fireEvent.click(flagRows()[1]);
    expect(openedId()).toBe('f-1');
    expect(selectedIds()).toEqual(['f-1']);
  });

  it('moves with ↓/↑ and opens with Enter from page load, focusing the grid; Esc closes', () => {
    render(createElement(Page));
    expect(document.activeElement).toBe(document.body);
    press(document.body, 'ArrowDown');
    expect(selectedIds()).toEqual(['f-0']);
    expect(document.activeElement).toBe(screen.getByTestId('flags-grid'));
    expect(screen.getByTestId('flags-grid').getAttribute('aria-activedescendant')).toBe('flag-row-0');
    press(document.body, 'ArrowDown');
    press(document.body, 'ArrowDown');
    press(document.body, 'ArrowUp');
    expect(selectedIds()).toEqual(['f-1']);
    press(document.body, 'Enter');
    expect(openedId()).toBe('f-1');
    press(document.body, 'Escape');
    expect(openedId()).toBeNull();
  });

  it('leaves the keys alone while typing in a field, inside the detail, for Enter on a button, and with a modifier', () => {
    render(createElement(Page));
    press(screen.getByLabelText('Model filter'), 'ArrowDown');
    press(screen.getByLabelText('Kind filter'), 'ArrowDown');
    expect(selectedIds()).toEqual([]);
    fireEvent.keyDown(document.body, { key: 'ArrowDown', ctrlKey: true });
    expect(selectedIds()).toEqual([]);

    press(document.body, 'ArrowDown');
    press(screen.getByRole('button', { name: 'Run checks' }), 'Enter');
    expect(openedId()).toBeNull();

    fireEvent.click(flagRows()[2]);
    const reason = screen.getByLabelText('Reason');
    for (const key of ['ArrowUp', 'Enter', 'Escape']) press(reason, key);
    press(screen.getByTestId('detail'), 'ArrowUp');
    expect(selectedIds()).toEqual(['f-2']);
    expect(openedId()).toBe('f-2');
  });
});
