// How comparisons enter a layer: by dataset, by the data's own `layer` field, by length, by number of
// segments, or by a metadata field (e.g. a difficulty label), described for people. Each rule's SQL and the
// members it selects are kept in core/db/layer-members.ts.
import type { LayerRule } from '../db/layer-members';

export type { LayerRule };

export function describeRule(rule: LayerRule): string {
  switch (rule.kind) {
    case 'datasets':
      return `datasets ${rule.datasetIds.length}`;
    case 'field':
      return `layer field = ${rule.layer}`;
    case 'length':
      return `response length ${rule.minChars ?? 0}–${rule.maxChars ?? '∞'} characters`;
    case 'segments':
      return `${rule.min ?? 0}–${rule.max ?? '∞'} segments`;
    case 'metadata':
      return `${rule.key} ∈ {${rule.values.join(', ')}}`;
  }
}
