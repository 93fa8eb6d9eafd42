// The contract's methods for runs and their layers (spread into contract.ts).
import { z } from 'zod';

const id = z.string().uuid();
const count = z.number().int().nonnegative();

export const LayerRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('datasets'), datasetIds: z.array(id).min(1).max(100) }).strict(),
  z.object({ kind: z.literal('field'), layer: z.number().int().min(0).max(1000) }).strict(),
  z
    .object({ kind: z.literal('length'), minChars: z.number().int().nonnegative().optional(), maxChars: z.number().int().nonnegative().optional() })
    .strict(),
  z.object({ kind: z.literal('segments'), min: z.number().int().nonnegative().optional(), max: z.number().int().nonnegative().optional() }).strict(),
  z
    .object({
      kind: z.literal('metadata'),
      key: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a plain identifier (letters, digits, underscore)'),
      values: z.array(z.union([z.string().max(200), z.number()])).min(1).max(100),
    })
    .strict(),
]);

export const Run = z.object({
  id,
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
  layers: z.array(
    z.object({ id, index: count, name: z.string(), rule: LayerRule, description: z.string(), comparisons: count, humanJudgments: count }),
  ),
});

export const ladderMethods = {
  listRuns: { params: z.object({}).strict(), result: z.array(Run) },
  createRun: {
    params: z
      .object({
        name: z.string().trim().min(1).max(200),
        description: z.string().max(2000).default(''),
        layers: z.array(z.object({ name: z.string().trim().min(1).max(200), rule: LayerRule }).strict()).min(1).max(20),
        actor: z.string().trim().min(1).max(200).default('local user'),
      })
      .strict(),
    result: Run,
  },
  createDemoRun: { params: z.object({}).strict(), result: Run },
} as const;
