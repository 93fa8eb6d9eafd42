// Small display helpers shared by the pages: counts, dates, plurals and import-format names.

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export const formatLabels: Record<string, string> = {
  auto: 'Detect automatically',
  trl: 'TRL JSONL (prompt, chosen, rejected)',
  'hh-rlhf': 'HH-RLHF (chosen, rejected dialogues)',
  pandalm: 'PandaLM (response1, response2, annotators)',
  llmbar: 'LLMBar (input, output_1, output_2, label)',
  rung: 'Rung JSONL',
};

export const shortFormatName: Record<string, string> = {
  trl: 'TRL',
  'hh-rlhf': 'HH-RLHF',
  pandalm: 'PandaLM',
  llmbar: 'LLMBar',
  rung: 'Rung',
};
