// Test helper: the service over a fresh store, called through dispatch exactly as the transports call it.
import { afterEach, beforeEach } from 'vitest';
import { dispatch, type Handlers, type Transport } from '../../electron/api';
import type { ApiResult } from '../../electron/api/errors';
import { createHandlers, type ServiceContext } from '../../electron/core/service';
import { tempStore, type TempStore } from './store';

export interface ServiceFixture {
  t: TempStore;
  handlers: Handlers;
  /** The raw result envelope. */
  call(method: string, params?: unknown): Promise<ApiResult<unknown>>;
  /** The value of a call that must succeed (throws with the error code and message otherwise). */
  value<T = any>(method: string, params?: unknown): Promise<T>;
}

/**
 * Registers beforeEach/afterEach that give each test a fresh store and service; read the fields inside tests.
 * Calls come over `transport` (default the desktop window's IPC, which may import a file by its path); `context`
 * replaces parts of the service's (e.g. how experiments run).
 */
export function useService(transport: Transport = 'ipc', context: Partial<ServiceContext> = {}): ServiceFixture {
  const fixture = {} as ServiceFixture;
  beforeEach(() => {
    fixture.t = tempStore();
    fixture.handlers = createHandlers(fixture.t.store, { mode: 'browser', version: 'test', ...context });
  });
  afterEach(() => fixture.t.cleanup());
  fixture.call = (method, params = {}) => dispatch(fixture.handlers, method, params, () => undefined, { transport });
  fixture.value = async (method, params = {}) => {
    const result = await fixture.call(method, params);
    if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
    return result.value as never;
  };
  return fixture;
}
