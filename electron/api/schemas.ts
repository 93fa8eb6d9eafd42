// The contract's shared field schemas: ids and counts mean the same in every method.
import { z } from 'zod';

/** A row's key (UUID, content-derived or random). */
export const id = z.string().uuid();
/** A number of things: an integer ≥ 0. */
export const count = z.number().int().nonnegative();
