// Reading flags for the explorer: a filtered, sorted page of rows, one flag's full detail (comparison, every
// judgment on it, provenance — which model assisted which judgment, which judgments trained which model, what
// trained the flagged models —, relabel requests, audit trail), judgments (with their verdicts on a rubric criterion
// when asked), and exports. The SQL is in db/flag-queries.ts.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { csvField } from '../datasets/export';
import {
  assistedJudgments,
  exportedFlags,
  flagAuditTrail,
  flagComparison,
  flaggedModels,
  flagPage,
  judgmentPage,
  judgmentsByEvaluator,
  judgmentsOn,
  modelsTrainedOn,
  rawFlag,
  relabelRequestsOf,
  responseTexts,
  type FlagPageOptions,
  type RawFlag,
  type RawJudgment,
  type RelabelAnswerFacts,
} from '../db/flag-queries';
import { flagRelabelOutcome, relabelOutcome } from './relabel-outcome';
import { judgmentCriteria } from '../db/criteria';
import { chosenCriterion } from '../ladder/criterion';

const EXCERPT = 200;

export function toFlagRow(raw: RawFlag) {
  const prompt = raw.prompt ?? '';
  return {
    id: raw.id,
    kind: raw.kind,
    severity: raw.severity,
    status: raw.status,
    comparisonId: raw.comparisonId,
    layer: raw.layer,
    promptExcerpt: prompt.length > EXCERPT ? `${prompt.slice(0, EXCERPT - 1)}…` : prompt,
    evaluators: raw.evaluatorNames ? raw.evaluatorNames.split('\u001f') : [],
    notes: raw.notes,
    createdAt: raw.createdAt,
    updatedAt: raw.updatedAt,
    resolvedBy: raw.resolvedBy,
    resolvedAt: raw.resolvedAt,
    relabelOutcome: flagRelabelOutcome(JSON.parse(raw.relabelAnswers) as RelabelAnswerFacts[]),
    ...criterionOfFlag(raw.evidence),
  };
}

/** The criterion a per-criterion flag's evidence names (checks/criterion-checks.ts), as the flag's row shows it. */
function criterionOfFlag(evidenceJson: string): { criterion?: string } {
  const criterion = (JSON.parse(evidenceJson) as { criterion?: { label?: unknown } }).criterion;
  return typeof criterion?.label === 'string' ? { criterion: criterion.label } : {};
}

export function listFlags(db: Database.Database, options: FlagPageOptions) {
  const { total, rows, kinds } = flagPage(db, options);
  return { total, rows: rows.map(toFlagRow), kinds };
}

export function getFlagRow(db: Database.Database, id: string) {
  const raw = rawFlag(db, id);
  if (!raw) throw new RungError('NOT_FOUND', `no flag with id ${id}`);
  return { raw, row: toFlagRow(raw) };
}

/** A judgment as the contract lists it (assisted as a boolean). */
export const toJudgmentRow = (r: RawJudgment) => ({ ...r, assisted: r.assisted === 1 });

/** A page of judgments; with a run and a criterion of its rubric, those with a verdict on it, each carrying that verdict. */
export function listJudgments(db: Database.Database, filter: { evaluatorId?: string; comparisonId?: string; runId?: string; criterion?: string; offset: number; limit: number }) {
  const chosen = chosenCriterion(db, filter.runId, filter.criterion);
  const { total, rows } = judgmentPage(db, { ...filter, criterion: chosen ? { runId: chosen.runId, key: chosen.key } : undefined });
  if (!chosen) return { total, rows: rows.map(toJudgmentRow) };
  const verdicts = judgmentCriteria(db, rows.map((r) => r.id));
  return {
    total,
    rows: rows.map((r) => {
      const on = verdicts.get(r.id)!.verdicts.find((v) => v.criterion === chosen.key)!; // the page holds only judgments with one
      return { ...toJudgmentRow(r), criterion: { key: chosen.key, label: chosen.label, choice: on.choice, strength: on.strength } };
    }),
  };
}

export function getFlagDetail(db: Database.Database, id: string) {
  const { raw, row } = getFlagRow(db, id);
  const comparison = raw.comparisonId ? flagComparison(db, raw.comparisonId) : null;
  // Judgments on the flagged comparison, and on every comparison the evidence names (a cycle spans three).
  const evidence = JSON.parse(raw.evidence) as Record<string, unknown>;
  const comparisonIds = new Set<string>(raw.comparisonId ? [raw.comparisonId] : []);
  for (const edge of (evidence.cycle as { comparisonId: string }[] | undefined) ?? []) comparisonIds.add(edge.comparisonId);
  const judgments = judgmentsOn(db, [...comparisonIds]).map(toJudgmentRow);
  const assisted = assistedJudgments(db, [...comparisonIds]);
  const judgmentIds = judgments.map((j) => j.id);
  const models = modelsTrainedOn(db, judgmentIds).map((m) => ({ ...m, trainedOnJudgments: m.trainedOnJudgments ?? 0 }));
  const flaggedModels = flaggedModelProvenance(db, id, judgmentIds);
  const relabelRequests = relabelRequestsOf(db, id).map(({ answeredBy, original, answer, ...request }) => ({
    ...request,
    outcome: answeredBy !== null && answer !== null ? relabelOutcome({ answeredBy, original, answer }) : null,
  }));
  if (Array.isArray(evidence.cycle)) {
    const ids = new Set<string>();
    for (const edge of evidence.cycle as { winner: string; loser: string }[]) ids.add(edge.winner).add(edge.loser);
    const texts = responseTexts(db, [...ids]);
    evidence.responses = Object.fromEntries(texts.map((r) => [r.id, r.text.length > EXCERPT ? `${r.text.slice(0, EXCERPT - 1)}…` : r.text]));
  }
  // The flag's own trail, and what happened to the judgments it rests on (retractions, exclusions from training).
  const audit = flagAuditTrail(db, id, judgments.map((j) => j.id)).map((a) => ({ ...a, details: JSON.parse(a.details) as Record<string, unknown> }));
  return { flag: row, evidence, comparison, judgments, provenance: { assisted, models, flaggedModels }, relabelRequests, audit };
}

/**
 * The models a flag concerns (its model_ids): run and layer, how many judgments trained each (by evaluator), and
 * how many of the flag's own judgments were among them.
 */
function flaggedModelProvenance(db: Database.Database, flagId: string, judgmentIds: string[]) {
  const here = new Set(judgmentIds);
  return flaggedModels(db, flagId).map((m) => {
    const trainedOn = (JSON.parse(m.trainedOn) as { judgmentIds?: unknown }).judgmentIds;
    const ids = Array.isArray(trainedOn) ? (trainedOn as string[]) : [];
    return {
      id: m.id,
      name: m.name,
      runId: m.runId,
      layer: m.layer,
      trainedOnJudgments: ids.length,
      trainedOnHere: ids.filter((j) => here.has(j)).length,
      byEvaluator: judgmentsByEvaluator(db, ids),
    };
  });
}

/** The CSV's columns; criterion: the label of the rubric criterion a per-criterion flag is about (empty for the rest). */
const EXPORT_COLUMNS = ['id', 'kind', 'severity', 'status', 'comparisonId', 'layer', 'evaluators', 'promptExcerpt', 'notes', 'createdAt', 'resolvedBy', 'resolvedAt', 'relabelOutcome', 'criterion'] as const;

export function exportFlags(db: Database.Database, format: 'csv' | 'jsonl', status?: string) {
  const raws = exportedFlags(db, status);
  const lines: string[] = [];
  if (format === 'csv') lines.push(EXPORT_COLUMNS.join(',') + '\r\n');
  for (const raw of raws) {
    const row = toFlagRow(raw);
    if (format === 'jsonl') lines.push(JSON.stringify({ ...row, evidence: JSON.parse(raw.evidence) }) + '\n');
    else lines.push(EXPORT_COLUMNS.map((c) => csvField(c === 'evaluators' ? row.evaluators.join('; ') : row[c])).join(',') + '\r\n');
  }
  return {
    fileName: format === 'csv' ? 'rung-flags.csv' : 'rung-flags.jsonl',
    mimeType: format === 'csv' ? 'text/csv' : 'application/x-ndjson',
    rows: raws.length,
    content: lines.join(''),
  };
}
