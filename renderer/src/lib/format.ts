// Small display helpers shared by the pages: counts, dates, durations, rates, verdicts, plurals and import-format names.

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
  mapped: 'Mapped columns',
};

export const shortFormatName: Record<string, string> = {
  trl: 'TRL',
  'hh-rlhf': 'HH-RLHF',
  pandalm: 'PandaLM',
  llmbar: 'LLMBar',
  rung: 'Rung',
  mapped: 'Mapped',
};

/** A verdict in words: which response it prefers (and, when known, which side that response was shown on). */
export function verdictText(choice: 'A' | 'B' | 'tie' | 'skip', leftSide: 'A' | 'B' | null): string {
  if (choice === 'tie') return 'Tie';
  if (choice === 'skip') return 'Skipped';
  if (!leftSide) return `Prefers ${choice}`;
  return `Prefers ${choice} (shown ${choice === leftSide ? 'left' : 'right'})`;
}

export function formatSeconds(ms: number | null): string {
  if (ms === null) return '—';
  const s = ms / 1000;
  return s < 10 ? `${s.toFixed(1)} s` : s < 600 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`;
}

export const percent = (x: number | null | undefined, digits = 0): string => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)}%`);
export const fixed = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined ? '—' : x.toFixed(digits));
