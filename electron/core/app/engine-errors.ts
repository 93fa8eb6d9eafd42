// The engine's failures as refusals the user reads (CONFLICT with the engine's own message: addon missing, no CUDA,
// no AMX, too little data), instead of internal errors.
import { RungError } from '../../api/errors';

export function withEngineErrors<T>(work: () => Promise<T>): Promise<T> {
  return work().catch((error: unknown) => {
    if (error instanceof RungError) throw error;
    if (error instanceof Error) throw new RungError('CONFLICT', error.message);
    throw error;
  });
}
