// Anthropic HH-RLHF: `chosen` and `rejected` are whole dialogues ("\n\nHuman: … \n\nAssistant: …");
// their shared prefix up to the last "\n\nAssistant:" becomes the prompt, the rest the two responses.
import { FieldError } from '../errors';
import { emptyRecord, orderPair, sourceLabel, requiredText } from '../record';
import type { ImportFormatReader } from './types';

const ASSISTANT_TURN = '\n\nAssistant:';

export function splitDialogues(chosen: string, rejected: string): { prompt: string; chosen: string; rejected: string } {
  let common = 0;
  const limit = Math.min(chosen.length, rejected.length);
  while (common < limit && chosen.charCodeAt(common) === rejected.charCodeAt(common)) common++;
  // The prompt ends right after the last assistant marker both dialogues share.
  let cut = chosen.lastIndexOf(ASSISTANT_TURN, common - ASSISTANT_TURN.length);
  if (cut === -1 || cut + ASSISTANT_TURN.length > common) {
    throw new FieldError('chosen', 'chosen and rejected share no dialogue prefix ending in "\\n\\nAssistant:"');
  }
  cut += ASSISTANT_TURN.length;
  return {
    prompt: chosen.slice(0, cut).trim(),
    chosen: chosen.slice(cut).trim(),
    rejected: rejected.slice(cut).trim(),
  };
}

export const hhRlhf: ImportFormatReader = {
  name: 'hh-rlhf',
  signature: 'chosen, rejected (dialogues)',
  responseFields: ['chosen', 'rejected'],
  detect: (obj) => 'chosen' in obj && 'rejected' in obj && !('prompt' in obj),
  read(obj, context) {
    const split = splitDialogues(requiredText(obj, 'chosen'), requiredText(obj, 'rejected'));
    const pair = orderPair(split.chosen, split.rejected);
    const record = emptyRecord(split.prompt, pair.responseA, pair.responseB);
    record.judgments.push(sourceLabel(context.datasetName, pair.winner));
    return record;
  },
};
