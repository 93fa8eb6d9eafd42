// Pages of listFlags for the virtual table: fetched on demand (offset/limit) as rows scroll into view, cached per
// query; a change of filters or sort starts over; refresh() refetches while still showing the rows it has.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Params, Result } from '../../../../electron/api/contract';
import type { ApiError } from '../../../../electron/api/errors';
import { getClient } from '../../lib/client';
import { pagesFor } from './logic';

export type FlagRow = Result<'listFlags'>['rows'][number];
export type FlagQuery = Omit<Params<'listFlags'>, 'offset' | 'limit'>;

export const PAGE_SIZE = 200;

export interface FlagPages {
  /** null until the first page of the current query arrives. */
  total: number | null;
  kinds: string[];
  error: ApiError | undefined;
  rowAt(index: number): FlagRow | undefined;
  /** Fetches whatever of rows [start, end) is not cached or in flight. */
  ensure(start: number, end: number): void;
  /** Refetch (after an action or a check run), showing the old rows until the new ones arrive. */
  refresh(): void;
  indexOf(id: string): number;
}

export function useFlagPages(query: FlagQuery): FlagPages {
  const key = JSON.stringify(query);
  const pages = useRef(new Map<number, FlagRow[]>());
  const stale = useRef(new Map<number, FlagRow[]>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const queryRef = useRef(query);
  queryRef.current = query;
  const [total, setTotal] = useState<number | null>(null);
  const [kinds, setKinds] = useState<string[]>([]);
  const [error, setError] = useState<ApiError>();
  const [, setTick] = useState(0);
  const wanted = useRef<[number, number]>([0, PAGE_SIZE]);

  const fetchPage = useCallback((page: number) => {
    const gen = generation.current;
    inFlight.current.add(page);
    void getClient()
      .listFlags({ ...queryRef.current, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
      .then((result) => {
        if (gen !== generation.current) return;
        inFlight.current.delete(page);
        if (!result.ok) {
          setError(result.error);
          return;
        }
        setError(undefined);
        pages.current.set(page, result.value.rows);
        stale.current.delete(page);
        setTotal(result.value.total);
        setKinds(result.value.kinds);
        setTick((t) => t + 1);
      });
  }, []);

  const ensure = useCallback(
    (start: number, end: number) => {
      wanted.current = [start, end];
      for (const page of pagesFor(start, end, PAGE_SIZE)) {
        if (!pages.current.has(page) && !inFlight.current.has(page)) fetchPage(page);
      }
    },
    [fetchPage],
  );

  const restart = useCallback(
    (keepRows: boolean) => {
      generation.current++;
      stale.current = keepRows ? new Map([...stale.current, ...pages.current]) : new Map();
      pages.current = new Map();
      inFlight.current = new Set();
      const [start, end] = wanted.current;
      const needed = new Set([0, ...pagesFor(start, end, PAGE_SIZE)]);
      for (const page of needed) fetchPage(page);
    },
    [fetchPage],
  );

  useEffect(() => {
    setTotal(null);
    wanted.current = [0, PAGE_SIZE];
    restart(false);
  }, [key, restart]);

  const rowAt = (index: number): FlagRow | undefined => {
    const page = Math.floor(index / PAGE_SIZE);
    const rows = pages.current.get(page) ?? stale.current.get(page);
    return rows?.[index - page * PAGE_SIZE];
  };

  const indexOf = (id: string): number => {
    for (const [page, rows] of pages.current) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) return page * PAGE_SIZE + i;
    }
    return -1;
  };

  return { total, kinds, error, rowAt, ensure, refresh: useCallback(() => restart(true), [restart]), indexOf };
}
