// Sorting of the agreement table on the Evaluators page (unit-tested in tests/unit/flags-ui.test.ts).

export type SortDirection = 'asc' | 'desc';

/** Sorts rows by a numeric-or-null or string column; nulls always last, ties by name. */
export function sortRows<T extends { evaluator: string }>(rows: readonly T[], key: keyof T, direction: SortDirection): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === y) return a.evaluator.localeCompare(b.evaluator);
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y) || a.evaluator.localeCompare(b.evaluator);
    return sign * String(x).localeCompare(String(y));
  });
}
