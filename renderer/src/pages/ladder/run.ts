// The run as the Ladder page draws it (one listRuns row), in its own module so that the ladder, its training panels,
// charts and forms share the type without importing one another.
import type { Result } from '../../../../electron/api/contract';

export type Run = Result<'listRuns'>[number];
