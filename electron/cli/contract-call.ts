// How `rung` commands reach the application: open the store, build the contract's handlers on it, dispatch each
// call with the command line as caller, close the store. A refusal becomes a CallRefused that main.ts prints.
import { dispatch, type Caller, type Params, type ProgressEvent, type Result } from '../api';
import { RungError, type ApiError } from '../api/errors';
import type { MethodName } from '../api/methods';
import { resolveDbPath } from '../core/paths';
import { createService } from '../core/service';
import { openStore, type Store } from '../core/store';
import pkg from '../../package.json';

/** A call the contract refused, with the option each refused field came from (params name → option name). */
export class CallRefused extends Error {
  constructor(
    readonly error: ApiError,
    readonly options: Record<string, string>,
  ) {
    super(error.message);
    this.name = 'CallRefused';
  }
}

/** The options of `rung` whose contract field is named otherwise (the rest: the field in kebab-case). */
const optionOfField: Record<string, string> = {
  layerWeights: 'layer-weight',
  auditShare: 'audit',
  assistedFactor: 'assisted-factor',
  modelId: 'model',
  datasetId: 'dataset',
  runId: 'run',
  idOrName: 'run',
};

export const optionOf = (field: string, overrides: Record<string, string>): string | undefined =>
  overrides[field] ?? optionOfField[field] ?? (/^[a-z][A-Za-z0-9]*$/.test(field) ? field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) : undefined);

/** A method's params as `rung` passes them: a value (or a list's item, or a record's value) may also be the text the user typed, for the contract to refuse. */
export type CommandParams<M extends MethodName> = { [K in keyof Params<M>]?: Params<M>[K] | string | (number | string)[] | Record<string, number | string> };

export type Call = <M extends MethodName>(method: M, params: CommandParams<M>, options?: Record<string, string>) => Promise<Result<M>>;

/** Runs a command's calls on its database. */
export type Contract = <T>(work: (call: Call) => Promise<T>) => Promise<T>;

/** The command's database: --db, $RUNG_DB or the per-user one; IN_MEMORY for a command that keeps nothing. */
export function openCommandStore(dbPath: string | undefined): Store {
  if (dbPath === IN_MEMORY) return openStore(IN_MEMORY);
  const path = resolveDbPath(dbPath);
  try {
    return openStore(path);
  } catch (error) {
    if (error instanceof RungError) throw error;
    throw new RungError('CONFLICT', `cannot open the database ${path}: ${(error as Error).message}`);
  }
}

/** A session's database that is no file: for a command whose work keeps nothing in one (`rung experiment`). */
export const IN_MEMORY = ':memory:';

export interface ContractSession {
  /** Database file (--db); default $RUNG_DB, else the per-user one; IN_MEMORY for none. */
  dbPath?: string;
  onProgress?: (event: ProgressEvent) => void;
  /** Where an unexpected error's details go (INTERNAL). */
  logError: (message: string, error: unknown) => void;
}

/** Runs work with a call function on one open store; the store is closed afterwards. */
export async function withContract<T>(session: ContractSession, work: (call: Call) => Promise<T>): Promise<T> {
  const store = openCommandStore(session.dbPath);
  const { handlers, verdictsStored } = createService(store, { mode: 'browser', version: pkg.version });
  try {
    const caller: Caller = { transport: 'cli', onProgress: session.onProgress };
    const call: Call = async (method, params, options = {}) => {
      const result = await dispatch(handlers, method, params, session.logError, caller);
      if (!result.ok) throw new CallRefused(result.error, options);
      return result.value as never;
    };
    return await work(call);
  } finally {
    await verdictsStored(); // verdicts journaled while another process wrote are in the store before it closes
    store.close();
  }
}
