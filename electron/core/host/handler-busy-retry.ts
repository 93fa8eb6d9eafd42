// Every contract call a database thread serves goes through retryWhileBusy (db/busy-retry.ts), named by its method in
// the BUSY message.
import type { Handlers } from '../../api/contract';
import { retryWhileBusy } from '../db/busy-retry';

/** Every handler wrapped in retryWhileBusy, named by its method in the BUSY message. */
export function withBusyRetry(handlers: Handlers, deadlineMs: number, dbPath: string): Handlers {
  const wrapped: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const [method, handler] of Object.entries(handlers) as [string, (...args: unknown[]) => unknown][]) {
    wrapped[method] = (...args) => retryWhileBusy(method, () => handler(...args), deadlineMs, dbPath);
  }
  return wrapped as unknown as Handlers;
}
