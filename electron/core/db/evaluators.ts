// Evaluators: people and models who make judgments. Names are unique per kind.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { newId, nowIso } from '../ids';
import { appendAudit } from './audit';

export interface EvaluatorRow {
  id: string;
  name: string;
  kind: 'human' | 'model';
  domains: string[];
  source: string | null;
  /** A simulated evaluator (kind 'human', standing in for a person in demos and tests); never a real person. */
  simulated: boolean;
  /** An imported label (a dataset's gold or source labels, evaluators.label_source), not a person. */
  labelSource: boolean;
  judgments: number;
  /** When this evaluator last gave a (live) verdict in the app; null if never. */
  lastJudgedAt: string | null;
  createdAt: string;
}

const SELECT = `SELECT e.id, e.name, e.kind, e.domains, e.source, e.simulated IS NOT NULL AS simulated, e.label_source AS labelSource, e.created_at AS createdAt,
  coalesce((SELECT n.judgments FROM evaluator_counts n WHERE n.evaluator_id = e.id), 0) AS judgments,
  (SELECT max(j.created_at) FROM live_judgments j WHERE j.evaluator_id = e.id AND j.origin = 'ui') AS lastJudgedAt
  FROM evaluators e`;

type Raw = Omit<EvaluatorRow, 'domains' | 'simulated' | 'labelSource'> & { domains: string; simulated: number; labelSource: number };
const fromRaw = (row: Raw): EvaluatorRow => ({ ...row, domains: JSON.parse(row.domains) as string[], simulated: row.simulated === 1, labelSource: row.labelSource === 1 });

/** An evaluator's name and kind; NOT_FOUND when there is none with this id. */
export function requireEvaluator(db: Database.Database, evaluatorId: string): { name: string; kind: string; labelSource: number } {
  const evaluator = db.prepare('SELECT name, kind, label_source AS labelSource FROM evaluators WHERE id = ?').get(evaluatorId) as { name: string; kind: string; labelSource: number } | undefined;
  if (!evaluator) throw new RungError('NOT_FOUND', `no evaluator with id ${evaluatorId}`);
  return evaluator;
}

export function listEvaluators(db: Database.Database): EvaluatorRow[] {
  return (db.prepare(`${SELECT} ORDER BY e.kind, e.name`).all() as Raw[]).map(fromRaw);
}

export function getEvaluator(db: Database.Database, id: string): EvaluatorRow | null {
  const row = db.prepare(`${SELECT} WHERE e.id = ?`).get(id) as Raw | undefined;
  return row ? fromRaw(row) : null;
}

export function createHumanEvaluator(db: Database.Database, name: string, domains: string[]): EvaluatorRow {
  const id = newId();
  db.transaction(() => {
    const clash = db.prepare(`SELECT 1 FROM evaluators WHERE kind = 'human' AND name = ?`).get(name);
    if (clash) throw new RungError('CONFLICT', `an evaluator named "${name}" already exists`);
    db.prepare(`INSERT INTO evaluators (id, kind, name, domains, source, created_at) VALUES (?, 'human', ?, ?, NULL, ?)`).run(
      id,
      name,
      JSON.stringify([...new Set(domains)]),
      nowIso(),
    );
    appendAudit(db, { actor: name, action: 'create', entity: 'evaluator', entityId: id, details: { domains } });
  }).immediate();
  return getEvaluator(db, id)!;
}

/**
 * Writes a simulated evaluator (kind 'human', source 'simulation', `params` its JSON parameters) under this id, unless
 * one of that name exists: the same simulated evaluator is returned; a person of that name, or a simulated one with
 * other parameters, is a CONFLICT. Returns the evaluator's id.
 */
export function insertSimulatedEvaluator(db: Database.Database, id: string, name: string, params: string, audit: Record<string, unknown>): string {
  return db
    .transaction((): string => {
      const existing = db.prepare(`SELECT id, simulated FROM evaluators WHERE kind = 'human' AND name = ?`).get(name) as { id: string; simulated: string | null } | undefined;
      if (existing) {
        if (existing.simulated === params) return existing.id;
        throw new RungError('CONFLICT', existing.simulated ? `a simulated evaluator named "${name}" exists with other parameters` : `a person named "${name}" exists; a simulated evaluator needs another name`);
      }
      db.prepare(`INSERT INTO evaluators (id, kind, name, domains, source, simulated, created_at) VALUES (?, 'human', ?, '[]', 'simulation', ?, ?)`).run(id, name, params, nowIso());
      appendAudit(db, { actor: 'simulation', action: 'create', entity: 'evaluator', entityId: id, details: audit });
      return id;
    })
    .immediate();
}

/** The stored parameters (JSON) of an evaluator: null for a person or a model, undefined when there is no such evaluator. */
export function simulatedParamsJson(db: Database.Database, evaluatorId: string): string | null | undefined {
  const row = db.prepare('SELECT simulated FROM evaluators WHERE id = ?').get(evaluatorId) as { simulated: string | null } | undefined;
  return row ? row.simulated : undefined;
}
