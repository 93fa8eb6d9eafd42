// LLMBar-style sets: `input`, `output_1`, `output_2`, `label` (1 or 2: the better output).
// The label is gold: kept as the comparison's ground truth and as a judgment by the dataset's gold evaluator.
import { FieldError } from '../errors';
import { emptyRecord, requiredText } from '../record';
import type { ImportFormatReader } from './types';

export const llmbar: ImportFormatReader = {
  name: 'llmbar',
  signature: 'input, output_1, output_2, label',
  responseFields: ['output_1', 'output_2'],
  detect: (obj) => 'input' in obj && 'output_1' in obj && 'output_2' in obj,
  read(obj, context) {
    const record = emptyRecord(requiredText(obj, 'input'), requiredText(obj, 'output_1'), requiredText(obj, 'output_2'));
    const label = obj.label;
    if (label === undefined) throw new FieldError('label', 'missing');
    if (label !== 1 && label !== 2) throw new FieldError('label', `expected 1 or 2, got ${JSON.stringify(label)}`);
    record.groundTruth = label === 1 ? 'A' : 'B';
    record.judgments.push({
      evaluator: `${context.datasetName} gold label`,
      evaluatorKind: 'human',
      labelSource: true,
      choice: record.groundTruth,
      strength: null,
      confidence: null,
      rationale: null,
    });
    return record;
  },
};
