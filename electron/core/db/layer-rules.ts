// How comparisons enter a layer: by dataset, by the data's own `layer` field, by length, by number of
// segments, or by a metadata field (e.g. a difficulty label). Each rule becomes one SQL condition on
// `comparisons c`, with its parameters; db/layer-members.ts sorts each comparison into the layers it meets once.
import { inDatasetSql } from './membership';
import { READABLE_METADATA_SQL, readStoredJson } from './unreadable-rows';

export type LayerRule =
  | { kind: 'datasets'; datasetIds: string[] }
  | { kind: 'field'; layer: number }
  | { kind: 'length'; minChars?: number; maxChars?: number }
  | { kind: 'segments'; min?: number; max?: number }
  | { kind: 'metadata'; key: string; values: (string | number)[] };

const optionalNumber = (value: unknown): boolean => value === undefined || typeof value === 'number';

/** Whether a stored value has a rule's shape (its kind and the types of its fields; limits are the writer's concern). */
function isLayerRule(value: unknown): value is LayerRule {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const rule = value as Record<string, unknown>;
  switch (rule.kind) {
    case 'datasets':
      return Array.isArray(rule.datasetIds) && rule.datasetIds.every((id) => typeof id === 'string');
    case 'field':
      return Number.isInteger(rule.layer);
    case 'length':
      return optionalNumber(rule.minChars) && optionalNumber(rule.maxChars);
    case 'segments':
      return optionalNumber(rule.min) && optionalNumber(rule.max);
    case 'metadata':
      return typeof rule.key === 'string' && Array.isArray(rule.values) && rule.values.every((v) => typeof v === 'string' || typeof v === 'number');
    default:
      return false;
  }
}

/** A layer's stored rule, or null (named in the log as `skipped`) when it is not JSON or not a rule. */
export function readLayerRule(text: string, layerId: string, skipped: string): LayerRule | null {
  return readStoredJson(text, { table: 'layer', id: layerId, column: 'rule', skipped }, isLayerRule);
}

export interface RuleSql {
  where: string;
  params: (string | number)[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Total characters of the two responses (the prompt is shared by both sides and says little of difficulty),
 *  stored on the comparison (migration 0008). */
const RESPONSE_CHARS = 'c.response_chars';
/** The larger segment count of the two responses (0 where the data gave no segments). */
const SEGMENTS = `(SELECT max(coalesce(json_array_length(ra.segments), 0), coalesce(json_array_length(rb.segments), 0))
  FROM responses ra, responses rb WHERE ra.id = c.response_a_id AND rb.id = c.response_b_id)`;

function range(expression: string, min: number | undefined, max: number | undefined): RuleSql {
  const parts: string[] = [];
  const params: number[] = [];
  if (min !== undefined) {
    parts.push(`${expression} >= ?`);
    params.push(min);
  }
  if (max !== undefined) {
    parts.push(`${expression} <= ?`);
    params.push(max);
  }
  return { where: parts.length ? parts.join(' AND ') : '1', params };
}

export function ruleSql(rule: LayerRule): RuleSql {
  switch (rule.kind) {
    case 'datasets':
      if (rule.datasetIds.length === 0) return { where: '0', params: [] };
      return {
        where: inDatasetSql('c', `IN (${rule.datasetIds.map(() => '?').join(', ')})`),
        params: [...rule.datasetIds, ...rule.datasetIds],
      };
    case 'field':
      return { where: 'c.layer = ?', params: [rule.layer] };
    case 'length':
      return range(RESPONSE_CHARS, rule.minChars, rule.maxChars);
    case 'segments':
      return range(SEGMENTS, rule.min, rule.max);
    case 'metadata':
      if (!KEY.test(rule.key)) throw new RangeError(`metadata key must be a plain identifier, got ${JSON.stringify(rule.key)}`);
      if (rule.values.length === 0) return { where: '0', params: [] };
      return { where: `json_extract(${READABLE_METADATA_SQL}, '$.${rule.key}') IN (${rule.values.map(() => '?').join(', ')})`, params: rule.values };
  }
}
