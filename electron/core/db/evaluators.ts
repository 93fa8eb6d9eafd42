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
  judgments: number;
  /** When this evaluator last gave a (live) verdict in the app; null if never. */
  lastJudgedAt: string | null;
  createdAt: string;
}

const SELECT = `SELECT e.id, e.name, e.kind, e.domains, e.source, e.created_at AS createdAt,
  (SELECT count(*) FROM judgments j WHERE j.evaluator_id = e.id AND j.retracted_at IS NULL) AS judgments,
  (SELECT max(j.created_at) FROM judgments j WHERE j.evaluator_id = e.id AND j.retracted_at IS NULL AND j.origin = 'ui') AS lastJudgedAt
  FROM evaluators e`;

type Raw = Omit<EvaluatorRow, 'domains'> & { domains: string };
const fromRaw = (row: Raw): EvaluatorRow => ({ ...row, domains: JSON.parse(row.domains) as string[] });

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
