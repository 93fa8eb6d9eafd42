// Pure logic of the record browser (unit-tested in tests/unit/records-ui.test.ts): the query a filter form makes,
// and how far a search has walked.
import type { RecordQuery } from './useRecordPages';

export const fmt = (n: number): string => n.toLocaleString('en-US');

/** The filter form's fields, as typed (empty: not filtered). */
export interface RecordForm {
  text: string;
  datasetId: string;
  runId: string;
  layer: string;
  evaluatorId: string;
  verdict: '' | 'A' | 'B' | 'tie' | 'skip' | 'none';
  metadataKey: string;
  metadataValue: string;
}

export const emptyForm: RecordForm = { text: '', datasetId: '', runId: '', layer: '', evaluatorId: '', verdict: '', metadataKey: '', metadataValue: '' };

/** The listComparisons query of a filled form: empty fields are left out; a layer is a whole number. */
export function queryOf(form: RecordForm): RecordQuery {
  const query: RecordQuery = {};
  if (form.text.trim()) query.text = form.text.trim();
  if (form.datasetId) query.datasetId = form.datasetId;
  if (form.runId) query.runId = form.runId;
  if (form.layer.trim() !== '') query.layer = Number(form.layer);
  if (form.evaluatorId) query.evaluatorId = form.evaluatorId;
  if (form.verdict) query.verdict = form.verdict;
  if (form.metadataKey.trim() || form.metadataValue.trim()) {
    query.metadataKey = form.metadataKey.trim();
    query.metadataValue = form.metadataValue.trim();
  }
  return query;
}

/** "12 matching" when every comparison walked matches, else "searched 20,000 of 1,000,000 so far" (or "searched all"). */
export function searchedText(p: { examined: number; scope: number | null; exact: boolean; more: boolean }): string {
  if (p.scope === null) return 'searching…';
  if (p.exact) return `${fmt(p.scope)} matching`;
  return p.more ? `searched ${fmt(p.examined)} of ${fmt(p.scope)} so far` : `searched all ${fmt(p.scope)}`;
}
