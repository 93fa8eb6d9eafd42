// The contract's validation through dispatch: unknown methods, bad params, handler errors and results
// that do not match their schema all become typed error envelopes.
import { describe, expect, it, vi } from 'vitest';
import { contract, dispatch, methodNames, RungError, type Handlers } from '../../electron/api';

const uuid = '0123abcd-0000-4000-8000-000000000000';

function handlersWith(overrides: Partial<Handlers>): Handlers {
  const fail = () => {
    throw new Error('not expected in this test');
  };
  return { ...(Object.fromEntries(methodNames.map((m) => [m, fail])) as unknown as Handlers), ...overrides };
}

const quiet = () => undefined;

describe('contract', () => {
  it('methods.ts lists exactly the contract methods', () => {
    expect([...methodNames].sort()).toEqual(Object.keys(contract).sort());
  });

  it('refuses an unknown method', async () => {
    expect(await dispatch(handlersWith({}), 'dropTables', {}, quiet)).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: 'unknown method: dropTables' } });
    expect(await dispatch(handlersWith({}), 'toString', {}, quiet)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('refuses params that fail the schema, naming the field, without calling the handler', async () => {
    const submitJudgment = vi.fn();
    const handlers = handlersWith({ submitJudgment });
    const bad = await dispatch(handlers, 'submitJudgment', { comparisonId: uuid, evaluatorId: uuid, choice: 'C', leftSide: 'A' }, quiet);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: expect.stringMatching(/^submitJudgment: choice: /) } });
    const extra = await dispatch(handlers, 'submitJudgment', { comparisonId: uuid, evaluatorId: uuid, choice: 'A', leftSide: 'A', admin: true }, quiet);
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: expect.stringMatching(/admin/) } });
    const notUuid = await dispatch(handlers, 'nextComparison', { evaluatorId: "1' OR 1=1" }, quiet);
    expect(notUuid).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: expect.stringMatching(/evaluatorId/) } });
    const notObject = await dispatch(handlers, 'getStats', 'hello', quiet);
    expect(notObject).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(submitJudgment).not.toHaveBeenCalled();
  });

  it('passes parsed params (with defaults) to the handler and returns its value', async () => {
    const createEvaluator = vi.fn(async ({ name, domains }: { name: string; domains: string[] }) => ({
      id: uuid,
      name,
      kind: 'human' as const,
      domains,
      source: null,
      simulated: false,
      labelSource: false,
      judgments: 0,
      createdAt: 'now',
    }));
    const result = await dispatch(handlersWith({ createEvaluator }), 'createEvaluator', { name: '  Ada  ' }, quiet);
    // The handler also learns who calls: a call that does not say is treated as the most restricted caller (HTTP).
    expect(createEvaluator).toHaveBeenCalledWith({ name: 'Ada', domains: [] }, { transport: 'http' });
    expect(result).toMatchObject({ ok: true, value: { name: 'Ada', domains: [] } });
  });

  it('maps a RungError to its code and any other error to INTERNAL', async () => {
    const known = await dispatch(handlersWith({ getStats: () => { throw new RungError('NOT_FOUND', 'gone'); } }), 'getStats', {}, quiet);
    expect(known).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } });
    const log = vi.fn();
    const unknown = await dispatch(handlersWith({ getStats: () => { throw new TypeError('boom: /home/ada/secret.db'); } }), 'getStats', {}, log);
    // The answer carries an error id, never the raw message; the log has both.
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/^getStats: internal error [0-9a-f]{8}; the details are in Rung's log$/) } });
    const errorId = /internal error ([0-9a-f]{8})/.exec((unknown as { error: { message: string } }).error.message)![1];
    expect(JSON.stringify(unknown)).not.toContain('secret');
    expect(log).toHaveBeenCalledWith(expect.stringContaining(`[error ${errorId}]`), expect.objectContaining({ message: 'boom: /home/ada/secret.db' }));
  });

  it('refuses a handler result that breaks the contract', async () => {
    const log = vi.fn();
    const result = await dispatch(handlersWith({ getStats: () => ({ comparisons: -1 }) as never }), 'getStats', {}, log);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/^getStats: internal error [0-9a-f]{8}; the details are in Rung's log$/) } });
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/result does not match the contract \[error [0-9a-f]{8}\]/), { comparisons: -1 });
  });
});
