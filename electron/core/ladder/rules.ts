// A layer's entry rule in words, for the Ladder page (the rule's SQL is in db/layer-rules.ts).
import type { LayerRule } from '../db/layer-rules';

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
