// Error codes of the API contract and the error class the domain throws to produce them.
// Every failed call resolves to {ok:false, error:{code, message}}; nothing else crosses a transport.

export const errorCodes = [
  'INVALID_PARAMS', // params failed schema validation
  'UNKNOWN_METHOD', // no such method in the contract
  'NOT_FOUND', // a referenced id does not exist
  'BAD_INPUT', // a file or value was refused (message names file:line: field)
  'CONFLICT', // the request contradicts stored state
  'FORBIDDEN', // the caller may not make this call
  'BUSY', // another writer held the database past the call's deadline; nothing was changed
  'UNAVAILABLE', // the domain's worker stopped while the call ran; it is restarted, the call may be repeated
  'INTERNAL', // a bug or an environment failure; details are logged, not sent
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** One refused field of INVALID_PARAMS: its dotted path in the params and what is wrong with it. */
export interface ParamIssue {
  path: string;
  message: string;
}

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** With INVALID_PARAMS from the params' schema: each refused field. */
  issues?: ParamIssue[];
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown by domain code to fail a call with a specific code and a message fit for the user. */
export class RungError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'RungError';
    this.code = code;
  }
}
