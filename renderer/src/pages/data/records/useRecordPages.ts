// The record browser's pages of listComparisons: fetched one after another by keyset cursor and appended (a search that
// finds little goes on by itself for a while); a change of the query starts over. Tells how far the walk is
// ("searched N of M") so the list can ask for more.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Params, Result } from '../../../../../electron/api/contract';
import type { ApiError } from '../../../../../electron/api/errors';
import { getClient } from '../../../lib/client';

export type RecordRow = Result<'listComparisons'>['rows'][number];
export type RecordQuery = Omit<Params<'listComparisons'>, 'cursor' | 'limit'>;

export const RECORD_PAGE = 100;
/** Calls one walk makes at most before the list asks to search further (about 3 s of a search that finds little). */
export const AUTO_CALLS = 48;

export interface RecordPages {
  rows: RecordRow[];
  /** Comparisons examined so far, of `scope` in all (null until the first page arrives). */
  examined: number;
  scope: number | null;
  /** Every comparison walked matched (an index served each filter): scope is the number of matches. */
  exact: boolean;
  /** More to walk: loadMore() fetches the next page. */
  more: boolean;
  /** The last page came back full (so the list may fetch the next one as it scrolls). */
  lastFull: boolean;
  loading: boolean;
  error: ApiError | undefined;
  loadMore(): void;
}

/** The pages of `query`; a new query or `version` (the data changed) starts over. */
export function useRecordPages(query: RecordQuery, version = 0): RecordPages {
  const key = `${version}:${JSON.stringify(query)}`;
  const queryRef = useRef(query);
  queryRef.current = query;
  const generation = useRef(0);
  const cursor = useRef<string | null | undefined>(undefined);
  const busy = useRef(false);
  const [state, setState] = useState({ rows: [] as RecordRow[], examined: 0, scope: null as number | null, exact: true, more: false, lastFull: false });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError>();

  // One walk: pages one after another while they come back short (a search that matches little walks ~60 ms a
  // call), until a page's worth of rows, the end, or AUTO_CALLS calls; then the list asks before going on.
  const fetchNext = useCallback(async () => {
    if (busy.current || cursor.current === null) return;
    const gen = generation.current;
    busy.current = true;
    setLoading(true);
    let found = 0;
    for (let calls = 1; ; calls++) {
      const result = await getClient().listComparisons({ ...queryRef.current, cursor: cursor.current ?? undefined, limit: RECORD_PAGE });
      if (gen !== generation.current) return;
      if (!result.ok) {
        setError(result.error);
        break;
      }
      setError(undefined);
      const page = result.value;
      cursor.current = page.nextCursor;
      found += page.rows.length;
      setState((s) => ({
        rows: [...s.rows, ...page.rows],
        examined: s.examined + page.examined,
        scope: page.scope ?? s.scope,
        exact: page.exact,
        more: page.nextCursor !== null,
        lastFull: page.rows.length === RECORD_PAGE,
      }));
      if (page.nextCursor === null || found >= RECORD_PAGE || calls >= AUTO_CALLS) break;
    }
    busy.current = false;
    setLoading(false);
  }, []);

  useEffect(() => {
    generation.current++;
    cursor.current = undefined;
    busy.current = false;
    setError(undefined);
    setState({ rows: [], examined: 0, scope: null, exact: true, more: false, lastFull: false });
    void fetchNext();
  }, [key, fetchNext]);

  return { ...state, loading, error, loadMore: useCallback(() => void fetchNext(), [fetchNext]) };
}
