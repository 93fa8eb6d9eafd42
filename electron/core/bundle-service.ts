// The contract's handlers for bundles between workstations and their keys (merged into service.ts).
import { callerActor } from '../api/caller';
import type { Handlers } from '../api/contract';
import {
  exportResultsBundle,
  exportWorkBundle,
  importBundleInput,
  inspectBundleInput,
  discardInspectedBundle,
  lastBundles,
  revokeKey,
  trustBundleSigner,
  workstationKeys,
  type BundleInput,
} from './app/bundles';
import { describedFeature } from './bundles/features';
import type { BundleOutcome } from './bundles/import';
import type { Store } from './store';
import type { VerdictIntake } from './app/verdict-intake';

type BundleHandlers = Pick<
  Handlers,
  'getWorkstationKeys' | 'trustBundleSigner' | 'revokeWorkstationKey' | 'exportResultsBundle' | 'exportWorkBundle' | 'inspectBundle' | 'importBundle' | 'discardInspectedBundle' | 'lastBundleByEvaluator'
>;

/** A picked token reaches here only as a path (the desktop app's main process redeems it; dispatch refuses it elsewhere). */
const inputOf = (source: { kind: string } & Record<string, unknown>): BundleInput => {
  if (source.kind === 'picked') throw new Error('a picked token must be redeemed by the desktop app before the call');
  return source as BundleInput;
};

const outcome = (o: BundleOutcome) => ({
  fileName: o.fileName,
  sha256: o.sha256,
  kind: o.manifest.kind,
  bundleId: o.manifest.bundleId,
  schemaVersion: o.manifest.schemaVersion,
  features: (o.manifest.features ?? []).map(describedFeature),
  createdAt: o.manifest.createdAt,
  evaluator: o.manifest.evaluator,
  runIds: o.manifest.runIds,
  signer: o.signer,
  added: o.added,
});

export function createBundleHandlers(store: Store, verdicts: VerdictIntake): BundleHandlers {
  return {
    getWorkstationKeys: () => workstationKeys(store),
    trustBundleSigner: ({ source, displayName, actor }, caller) => trustBundleSigner(store, inputOf(source), { displayName, actor: callerActor(caller) ?? actor }),
    revokeWorkstationKey: ({ key, actor }, caller) => revokeKey(store, key, callerActor(caller) ?? actor),
    exportResultsBundle: async (params) => {
      await verdicts.stored(); // the evaluator's results include the verdicts they were just told are in
      return exportResultsBundle(store, params);
    },
    exportWorkBundle: (params) => exportWorkBundle(store, params),
    inspectBundle: async ({ source }) => outcome(await inspectBundleInput(store, inputOf(source))),
    importBundle: async ({ source, trust, displayName, actor }, caller) => outcome(await importBundleInput(store, inputOf(source), { trust, displayName, actor: callerActor(caller) ?? actor })),
    discardInspectedBundle: ({ sha256 }) => discardInspectedBundle(store, sha256),
    lastBundleByEvaluator: () => lastBundles(store),
  };
}
