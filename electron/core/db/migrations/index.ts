// The ordered list of schema migrations. Append only: a released migration is never edited.
// Each migration brings the database from the version before it in this list to its own; each has a test in tests/unit/migrations.
import { sql as initial } from './0001-initial';
import { sql as judging } from './0002-judging';
import { sql as flags } from './0003-flags';
import { sql as ladder } from './0004-ladder';
import { sql as importIndexes } from './0005-import-indexes';
import { sql as datasetMembership } from './0006-dataset-membership';
import { sql as liveJudgments } from './0007-live-judgments';
import { sql as layerMembers } from './0008-layer-members';
import { sql as reportCache } from './0009-report-cache';
import { sql as unreadableMetadata } from './0010-unreadable-metadata';
import { sql as encoders } from './0011-encoders';
import { sql as assignments } from './0012-assignments';
import { sql as bundles } from './0013-bundles';
import { sql as keptCounts } from './0014-kept-counts';
import { sql as datasetCopyState } from './0015-dataset-copy-state';
import { sql as modelsLayerActive } from './0016-models-layer-active';
import { sql as keptRowCounts } from './0017-kept-row-counts';
import { sql as positionCheckAnswered } from './0018-position-check-answered';
import { sql as layerHumanLabels } from './0019-layer-human-labels';
import { sql as calibrationScope } from './0020-calibration-scope';
import { sql as relabelOutcome } from './0021-relabel-outcome';
import { sql as modelNotes } from './0022-model-notes';
import { sql as guidelines } from './0023-guidelines';
import { sql as datasetAppVerdicts } from './0024-dataset-app-verdicts';
import { sql as rubricCriteria } from './0025-rubric-criteria';
import { sql as externalScores } from './0026-external-scores';
import { sql as savedFilters } from './0027-saved-filters';
import { sql as comparisonsPrompt } from './0028-comparisons-prompt';
import { sql as modelTrainedOnBriefs } from './0029-model-trained-on-briefs';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: '0001-initial', sql: initial },
  { version: 2, name: '0002-judging', sql: judging },
  { version: 3, name: '0003-flags', sql: flags },
  { version: 4, name: '0004-ladder', sql: ladder },
  { version: 5, name: '0005-import-indexes', sql: importIndexes },
  { version: 6, name: '0006-dataset-membership', sql: datasetMembership },
  { version: 7, name: '0007-live-judgments', sql: liveJudgments },
  { version: 8, name: '0008-layer-members', sql: layerMembers },
  { version: 9, name: '0009-report-cache', sql: reportCache },
  { version: 10, name: '0010-unreadable-metadata', sql: unreadableMetadata },
  { version: 11, name: '0011-encoders', sql: encoders },
  { version: 12, name: '0012-assignments', sql: assignments },
  { version: 13, name: '0013-bundles', sql: bundles },
  { version: 14, name: '0014-kept-counts', sql: keptCounts },
  { version: 15, name: '0015-dataset-copy-state', sql: datasetCopyState },
  { version: 16, name: '0016-models-layer-active', sql: modelsLayerActive },
  { version: 17, name: '0017-kept-row-counts', sql: keptRowCounts },
  { version: 18, name: '0018-position-check-answered', sql: positionCheckAnswered },
  { version: 19, name: '0019-layer-human-labels', sql: layerHumanLabels },
  { version: 20, name: '0020-calibration-scope', sql: calibrationScope },
  { version: 21, name: '0021-relabel-outcome', sql: relabelOutcome },
  { version: 22, name: '0022-model-notes', sql: modelNotes },
  { version: 23, name: '0023-guidelines', sql: guidelines },
  { version: 24, name: '0024-dataset-app-verdicts', sql: datasetAppVerdicts },
  { version: 25, name: '0025-rubric-criteria', sql: rubricCriteria },
  { version: 26, name: '0026-external-scores', sql: externalScores },
  { version: 27, name: '0027-saved-filters', sql: savedFilters },
  { version: 28, name: '0028-comparisons-prompt', sql: comparisonsPrompt },
  { version: 29, name: '0029-model-trained-on-briefs', sql: modelTrainedOnBriefs },
];
