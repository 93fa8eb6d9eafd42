// Runs one contract call: checks the method name, validates params and result, refuses local-file access the caller
// may not have, maps errors to codes. IPC, HTTP and the `rung` command all go through here, so none can skip a rule.
import { z } from 'zod';
import { defaultCaller, type Caller } from './caller';
import { contract, type Handlers } from './contract';
import { RungError, type ApiResult, type ParamIssue } from './errors';
import { localFileRefusal } from './local-files';
import { illFormedString } from './well-formed';
import { methodNames, type MethodName } from './methods';

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (methodNames as readonly string[]).includes(name);
}

/** Formats zod issues as `field: message; field: message` for a user-facing error. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(params)'}: ${issue.message}`)
    .join('; ');
}

/** Each issue's field (dotted path) and message, for a caller that names its own fields (e.g. `rung`'s options). */
function paramIssues(error: z.ZodError): ParamIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export type Logger = (message: string, error: unknown) => void;

/** A short id that ties an INTERNAL answer to its logged detail: the detail stays in the log, never in the answer. */
const newErrorId = (): string => globalThis.crypto.randomUUID().slice(0, 8);
const internalMessage = (method: string, errorId: string) => `${method}: internal error ${errorId}; the details are in Rung's log`;

export async function dispatch(
  handlers: Handlers,
  method: unknown,
  rawParams: unknown,
  logError: Logger = (message, error) => console.error(message, error),
  caller: Caller = defaultCaller,
): Promise<ApiResult<unknown>> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown method: ${String(method)}` } };
  }
  const spec = contract[method];
  const illFormed = illFormedString(rawParams);
  if (illFormed) return { ok: false, error: { code: 'INVALID_PARAMS', message: `${method}: ${illFormed}` } };
  const parsed = spec.params.safeParse(rawParams ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'INVALID_PARAMS', message: `${method}: ${describeIssues(parsed.error)}`, issues: paramIssues(parsed.error) } };
  }
  const refusal = localFileRefusal(method, parsed.data as never, caller.transport);
  if (refusal) return { ok: false, error: { code: 'FORBIDDEN', message: refusal } };
  try {
    const handler = handlers[method] as (params: unknown, caller: Caller) => unknown;
    const value = await handler(parsed.data, caller);
    const checked = spec.result.safeParse(value);
    if (!checked.success) {
      const errorId = newErrorId();
      logError(`${method}: result does not match the contract [error ${errorId}]: ${describeIssues(checked.error)}`, value);
      return { ok: false, error: { code: 'INTERNAL', message: internalMessage(method, errorId) } };
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    if (error instanceof RungError) return { ok: false, error: { code: error.code, message: error.message } };
    const errorId = newErrorId();
    logError(`${method}: unexpected error [error ${errorId}]`, error);
    return { ok: false, error: { code: 'INTERNAL', message: internalMessage(method, errorId) } };
  }
}
