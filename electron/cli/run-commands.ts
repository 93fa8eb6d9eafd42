// `rung run create --name NAME (--layer "NAME=RULE")... [--criterion "KEY=LABEL"]... [--criterion-description "KEY=TEXT"]... [--description TEXT] [--json]` and
// `rung run list [--json]`: a run's layers written in the rule language of electron/api/rule-text.ts (the Ladder page's
// form's rules) and its rubric's criteria, created and listed through the contract like every other command.
import type { Result } from '../api/contract';
import { RULE_FORMS, parseRuleText, type LayerRule, type Parsed } from '../api/rule-text';
import { NewCriteria } from '../api/rubrics';
import { UsageError, type ParsedCommand } from './args';
import type { Contract } from './contract-call';
import { text } from './options';

type Run = Result<'listRuns'>[number];
type Dataset = Result<'listDatasets'>[number];

const out = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);

/** A rule in the rule language, as `rung run list` prints it and `--layer` takes it. */
export function ruleText(rule: LayerRule, datasets: readonly Dataset[] = []): string {
  const range = (what: string, min?: number, max?: number) =>
    min !== undefined && max !== undefined ? `${what}=${min}..${max}` : min !== undefined ? `${what}>=${min}` : max !== undefined ? `${what}<=${max}` : `${what}>=0`;
  switch (rule.kind) {
    case 'datasets':
      return rule.datasetIds.map((id) => `dataset=${datasets.find((d) => d.id === id)?.name ?? id}`).join(' or ');
    case 'field':
      return `layer=${rule.layer}`;
    case 'length':
      return range('length', rule.minChars, rule.maxChars);
    case 'segments':
      return range('segments', rule.min, rule.max);
    case 'metadata':
      return `meta.${rule.key}=${rule.values.map((v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$|,|"/.test(v) ? `"${v}"` : String(v))).join(',')}`;
  }
}

/** A dataset by id, else by its one exact name; a message naming the choices otherwise. */
export function datasetResolver(datasets: readonly Dataset[]) {
  return (nameOrId: string): Parsed<string> => {
    const byId = datasets.find((d) => d.id === nameOrId);
    if (byId) return { ok: true, value: byId.id };
    const named = datasets.filter((d) => d.name === nameOrId);
    if (named.length === 1) return { ok: true, value: named[0].id };
    if (named.length > 1) return { ok: false, message: `${named.length} datasets are named "${nameOrId}": give its id (${named.map((d) => d.id).join(', ')})` };
    return { ok: false, message: `no dataset "${nameOrId}" (rung dataset list lists them${datasets.length ? `; there are: ${datasets.map((d) => d.name).join(', ')}` : ''})` };
  };
}

/** `--layer "NAME=RULE"` entries as createRun's layers; a usage error naming the entry and what is wrong with it. */
export function parseLayers(entries: readonly string[], datasets: readonly Dataset[]): { name: string; rule: LayerRule }[] {
  if (entries.length === 0) throw new UsageError(`give at least one --layer "NAME=RULE" (a rule is ${RULE_FORMS})`);
  const resolve = datasetResolver(datasets);
  return entries.map((entry) => {
    const eq = entry.indexOf('=');
    const name = eq < 0 ? '' : entry.slice(0, eq).trim();
    if (eq < 0 || name === '') throw new UsageError(`--layer "${entry}": write NAME=RULE, e.g. --layer "easy=length<=800"`);
    const ruleSource = entry.slice(eq + 1);
    const rule = parseRuleText(ruleSource, resolve);
    if (!rule.ok) throw new UsageError(`--layer "${entry}": rule "${ruleSource.trim()}": ${rule.message}`);
    return { name, rule: rule.value };
  });
}

/** `KEY=VALUE` split at its first `=`, both sides trimmed; a usage error naming the option and the entry without one. */
function keyValue(option: string, entry: string, example: string): { key: string; value: string } {
  const eq = entry.indexOf('=');
  if (eq < 0) throw new UsageError(`${option} "${entry}": write ${example}`);
  return { key: entry.slice(0, eq).trim(), value: entry.slice(eq + 1).trim() };
}

/** `--criterion "KEY=LABEL"` entries, with `--criterion-description "KEY=TEXT"` entries for some of their keys, as
 *  createRun's criteria, checked by the contract's rules; a usage error naming the entry. */
export function parseCriteria(entries: readonly string[], descriptionEntries: readonly string[] = []): { key: string; label: string; description: string }[] {
  const criteria = entries.map((entry) => {
    const { key, value } = keyValue('--criterion', entry, 'KEY=LABEL, e.g. --criterion "helpful=Helpfulness"');
    return { key, label: value, description: '' };
  });
  const describedBy = new Map<string, string>(); // key → its --criterion-description entry
  for (const entry of descriptionEntries) {
    const { key, value } = keyValue('--criterion-description', entry, 'KEY=TEXT, e.g. --criterion-description "helpful=Does it answer the question asked?"');
    const criterion = criteria.find((c) => c.key === key);
    if (!criterion) throw new UsageError(`--criterion-description "${entry}": no --criterion has the key "${key}"`);
    if (describedBy.has(key)) throw new UsageError(`--criterion-description "${entry}": "${key}" is described twice`);
    if (value === '') throw new UsageError(`--criterion-description "${entry}": the text is empty`);
    criterion.description = value;
    describedBy.set(key, entry);
  }
  const parsed = NewCriteria.safeParse(criteria);
  if (parsed.success) return criteria;
  const issue = parsed.error.issues[0];
  const [index, field] = issue.path as [number | undefined, string | undefined];
  if (index === undefined) throw new UsageError(`--criterion: ${issue.message}`);
  if (field === 'description') throw new UsageError(`--criterion-description "${describedBy.get(criteria[index].key)}": ${issue.message}`);
  throw new UsageError(`--criterion "${entries[index]}": ${field ?? 'criterion'}: ${issue.message}`);
}

function printRun(run: Run, datasets: readonly Dataset[]): void {
  out(`run "${run.name}" (${run.id}), created ${run.createdAt}`);
  if (run.criteria.length > 0) out(`  criteria: ${run.criteria.map((c) => `${c.key}=${c.label}`).join(', ')}`);
  for (const c of run.criteria) if (c.description) out(`    ${c.key}: ${c.description}`);
  for (const l of run.layers) out(`  layer ${l.index} ${l.name}: ${ruleText(l.rule, datasets)} — ${l.comparisons} comparisons, ${l.humanLabels} human labels`);
}

export async function runRun(command: ParsedCommand, contract: Contract): Promise<void> {
  const v = command.values;
  const [action] = command.positionals;
  if (action === 'list') {
    if (v.name !== undefined || v.layer !== undefined || v.description !== undefined || v.criterion !== undefined || v['criterion-description'] !== undefined) {
      throw new UsageError(`rung run list takes only --db and --json\nusage: ${command.spec.usage}`);
    }
    const { runs, datasets } = await contract(async (call) => ({ runs: await call('listRuns', {}), datasets: await call('listDatasets', {}) }));
    if (v.json) return void out(JSON.stringify(runs, null, 2));
    if (runs.length === 0) return void out('no runs yet: rung run create --name NAME --layer "NAME=RULE" ...');
    for (const run of runs) printRun(run, datasets);
    return;
  }
  if (action !== 'create') throw new UsageError(`rung run takes create or list, got "${action}"\nusage: ${command.spec.usage}`);
  if (typeof v.name !== 'string') throw new UsageError(`--name is required\nusage: ${command.spec.usage}`);
  const entries = (v.layer as unknown as string[] | undefined) ?? [];
  const criteria = parseCriteria((v.criterion as unknown as string[] | undefined) ?? [], (v['criterion-description'] as unknown as string[] | undefined) ?? []);
  const { run, datasets } = await contract(async (call) => {
    const datasets = await call('listDatasets', {});
    const layers = parseLayers(entries, datasets);
    return { run: await call('createRun', { name: v.name as string, description: text(v.description), layers, criteria, actor: 'cli' }), datasets };
  });
  if (v.json) return void out(JSON.stringify(run, null, 2));
  printRun(run, datasets);
}
