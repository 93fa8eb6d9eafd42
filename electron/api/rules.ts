// The contract's rules for the options a user types (shares, seeds, layers, devices), each with the one message that
// refuses it — the same over HTTP, IPC and from `rung`, which names the option: `--holdout must be …, got "1.5"`.
import { z } from 'zod';

/** A refused value as a message quotes it: its text, and for an object its JSON (String() throws on some objects). */
export function shownValue(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

/** The message of a refused value: `must be <expected>, got "<value>"`. */
export const must = (expected: string) => ({
  error: (issue: { input?: unknown }) => `must be ${expected}${issue.input === undefined ? '' : `, got "${shownValue(issue.input)}"`}`,
});

interface Bounds {
  min?: number;
  max?: number;
  /** Exclusive bounds. */
  above?: number;
  below?: number;
  integer?: boolean;
}

/** A number within bounds; every way of missing them is refused with the same message. */
export function numberRule(expected: string, bounds: Bounds) {
  const message = must(expected);
  let rule = bounds.integer ? z.number(message).int(message) : z.number(message);
  if (bounds.min !== undefined) rule = rule.min(bounds.min, message);
  if (bounds.max !== undefined) rule = rule.max(bounds.max, message);
  if (bounds.above !== undefined) rule = rule.gt(bounds.above, message);
  if (bounds.below !== undefined) rule = rule.lt(bounds.below, message);
  return rule;
}

/** One of a few words, e.g. `auto, cpu or cuda`. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const listed = values.length === 1 ? values[0] : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
  return z.enum(values, must(listed));
}

export const share = numberRule('a number from 0 to 1', { min: 0, max: 1 });
export const openShare = numberRule('a number between 0 and 1 (exclusive)', { above: 0, below: 1 });
/** Share of comparisons held out from training (whole prompts at a time). */
export const holdoutShare = numberRule('a number from 0 to below 1', { min: 0, below: 1 });
export const layerIndex = numberRule('a layer index (0, 1, …)', { min: 0, max: 1000, integer: true });
export const seed = numberRule('an integer from 0 to 2147483648', { min: 0, max: 2 ** 31, integer: true });
export const folds = numberRule('an integer from 2 to 20', { min: 2, max: 20, integer: true });
/** Weight of one layer's comparisons in training (0 leaves the layer out). */
export const layerWeight = numberRule('a number from 0 to 100', { min: 0, max: 100 });
export const device = oneOf(['auto', 'cpu', 'cuda']);
/** "bf16": an embedding model's first layer on Intel AMX (bfloat16, FP32 sums and weights); text models stay FP32. */
export const precision = oneOf(['fp32', 'bf16']);
export const combine = oneOf(['majority', 'reliability']);
