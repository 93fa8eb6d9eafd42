// Public surface of the API contract: schemas, types, method names, dispatch and errors.
export * from './contract';
export * from './flags';
export * from './ladder';
export * from './errors';
export * from './methods';
export * from './caller';
export { dispatch, describeIssues, isMethodName } from './dispatch';
