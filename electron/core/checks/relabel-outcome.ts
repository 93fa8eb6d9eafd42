// The words for what an answered relabel request came to: "Bob kept A", "Bob changed A → B", "Bob skipped; A stands",
// or "answered by Bob: B" where they had no earlier verdict. The Flags page and the API show them as they are.
import type { RelabelAnswerFacts } from '../db/flag-queries';

export function relabelOutcome({ answeredBy, original, answer }: RelabelAnswerFacts): string {
  if (original === null) return answer === 'skip' ? `skipped by ${answeredBy}` : `answered by ${answeredBy}: ${answer}`;
  if (answer === 'skip') return `${answeredBy} skipped; ${original} stands`;
  return answer === original ? `${answeredBy} kept ${original}` : `${answeredBy} changed ${original} → ${answer}`;
}

/** A flag's outcome: its answers' words joined with "; ", first answer first; null when none was answered. */
export function flagRelabelOutcome(answers: readonly RelabelAnswerFacts[]): string | null {
  return answers.length === 0 ? null : answers.map(relabelOutcome).join('; ');
}
