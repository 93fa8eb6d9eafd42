// React hook that loads one API result, keeps the last good value while reloading, and exposes errors as data.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult } from '../../../electron/api/errors';

export interface Resource<T> {
  value: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Calls `load` on mount and whenever `reloadKey` changes or reload() is called. */
export function useResource<T>(load: () => Promise<ApiResult<T>>, reloadKey: unknown = 0): Resource<T> {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let current = true;
    setLoading(true);
    loadRef.current().then((result) => {
      if (!current) return;
      if (result.ok) {
        setValue(result.value);
        setError(undefined);
      } else {
        setError(result.error);
      }
      setLoading(false);
    });
    return () => {
      current = false;
    };
  }, [reloadKey, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { value, error, loading, reload };
}
