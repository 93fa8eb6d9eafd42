// `rung bundle export|inspect|import` and `rung keys show|trust|revoke`: signed bundles between workstations and the keys that
// sign them. Parsing and printing; the work is the contract's.
import { bundleVersionWords } from '../api/bundle-words';
import type { Result } from '../api/contract';
import { UsageError, type ParsedCommand } from './args';
import type { Contract } from './contract-call';
import { text } from './options';

const out = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);

/** "12 judgments, 3 position checks" from a count per kind (table or camel-case names), leaving out the zeros (or "nothing"). */
export function describeCounts(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n.toLocaleString('en-US')} ${kind.replace(/_/g, ' ').replace(/([A-Z])/g, ' $1').toLowerCase()}`);
  return parts.length ? parts.join(', ') : 'nothing';
}

const signerLine = (signer: Result<'importBundle'>['signer']) =>
  `signed by workstation ${signer.workstationId} (key ${signer.fingerprint}, ${signer.trust === 'this-workstation' ? 'this workstation' : signer.trust}${signer.displayName ? `: ${signer.displayName}` : ''})`;

export async function runBundle(command: ParsedCommand, contract: Contract): Promise<void> {
  const [action, file] = command.positionals;
  const v = command.values;
  const usage = `usage: ${command.spec.usage}`;
  if (action === 'export') {
    const evaluator = text(v.evaluator), path = text(v.out);
    if (file !== undefined) throw new UsageError(`rung bundle export takes no FILE: say where with --out FILE\n${usage}`);
    if (evaluator === undefined || path === undefined) throw new UsageError(`--evaluator and --out are both needed\n${usage}`);
    const written = await contract((call) => call('exportResultsBundle', { evaluator, since: text(v.since), path }, { path: 'out' }));
    if (v.json) return void out(JSON.stringify(written, null, 2));
    out(`${written.fileName}: results bundle of ${written.evaluator.name}: ${describeCounts(written.counts)}; ${written.bytes.toLocaleString('en-US')} bytes, signed by workstation ${written.workstationId} (${written.fingerprint})`);
  } else if (action === 'import' || action === 'inspect') {
    if (file === undefined) throw new UsageError(`say which file: rung bundle ${action} FILE\n${usage}`);
    if (v.evaluator !== undefined || v.out !== undefined || v.since !== undefined) throw new UsageError(`--evaluator, --since and --out go with export\n${usage}`);
    if (action === 'inspect' && (v.trust !== undefined || v.name !== undefined || v['dry-run'] !== undefined)) throw new UsageError(`--trust, --name and --dry-run go with import (inspect writes nothing)\n${usage}`);
    const source = { kind: 'path' as const, path: file };
    const dryRun = action === 'inspect' || v['dry-run'] === true;
    const result = dryRun
      ? await contract((call) => call('inspectBundle', { source }, { source: 'FILE' }))
      : await contract((call) => call('importBundle', { source, trust: v.trust === true, displayName: text(v.name), actor: 'cli' }, { source: 'FILE' }));
    if (v.json) return void out(JSON.stringify(result, null, 2));
    out(`${file}: ${result.kind} bundle for ${result.evaluator.name}, made ${result.createdAt}, ${signerLine(result.signer)}`);
    out(dryRun ? `would add: ${describeCounts(result.added)} (nothing written)` : `added: ${describeCounts(result.added)}`);
    out(`format: ${bundleVersionWords(result)}`);
    if (result.signer.note) out(result.signer.note);
  } else {
    throw new UsageError(`${action === undefined ? 'say what to do' : `unknown bundle action "${action}"`}: export, inspect or import\n${usage}`);
  }
}

export async function runKeys(command: ParsedCommand, contract: Contract): Promise<void> {
  const [action, argument] = command.positionals;
  const v = command.values;
  const usage = `usage: ${command.spec.usage}`;
  if (action === 'show') {
    if (argument !== undefined) throw new UsageError(`rung keys show takes no argument\n${usage}`);
    const keys = await contract((call) => call('getWorkstationKeys', {}));
    if (v.json) return void out(JSON.stringify(keys, null, 2));
    out(`this workstation: ${keys.workstationId}  key ${keys.fingerprint}  (made ${keys.createdAt})`);
    if (keys.trusted.length === 0) return void out('trusted keys: none yet (a bundle from another workstation asks first)');
    out('trusted keys:');
    for (const k of keys.trusted) out(`  ${k.workstationId}  ${k.fingerprint}  ${k.displayName}  trusted ${k.trustedAt}${k.revokedAt ? `  REVOKED ${k.revokedAt}` : ''}`);
  } else if (action === 'trust') {
    if (argument === undefined) throw new UsageError(`say which bundle: rung keys trust FILE\n${usage}`);
    const key = await contract((call) => call('trustBundleSigner', { source: { kind: 'path', path: argument }, displayName: text(v.name), actor: 'cli' }, { source: 'FILE' }));
    if (v.json) return void out(JSON.stringify(key, null, 2));
    out(`trusted workstation ${key.workstationId}'s key ${key.fingerprint} as "${key.displayName}"`);
  } else if (action === 'revoke') {
    if (argument === undefined) throw new UsageError(`say which key: rung keys revoke WORKSTATION_ID|SHA256:FINGERPRINT\n${usage}`);
    const key = await contract((call) => call('revokeWorkstationKey', { key: argument, actor: 'cli' }));
    if (v.json) return void out(JSON.stringify(key, null, 2));
    out(`revoked workstation ${key.workstationId}'s key ${key.fingerprint}: bundles it signs are refused from now on`);
  } else {
    throw new UsageError(`${action === undefined ? 'say what to do' : `unknown keys action "${action}"`}: show, trust or revoke\n${usage}`);
  }
}
