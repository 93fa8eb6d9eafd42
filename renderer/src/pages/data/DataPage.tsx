// The Data page: what the database holds, importing files, the datasets table, the record browser, exports, encoders
// and external models (a lab's imported scores).
import { useCallback, useState } from 'react';
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadDemoButton } from '../../components/LoadDemoButton';
import { useResource } from '../../lib/useResource';
import { BundlesPanel } from './BundlesPanel';
import { DatasetsTable } from './DatasetsTable';
import { EncodersPanel } from './EncodersPanel';
import { ExportPanel } from './ExportPanel';
import { ExternalModelsPanel } from './ExternalModelsPanel';
import { ImportPanel } from './ImportPanel';
import { StatsPanel } from './StatsPanel';
import { RecordsSection } from './records/RecordsSection';
import './data.css';

export function DataPage() {
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const stats = useResource(() => getClient().getStats({}), version);
  const datasets = useResource(() => getClient().listDatasets({}), version);
  const empty = stats.value !== undefined && stats.value.comparisons === 0 && stats.value.datasets === 0;

  return (
    <div className="page">
      <div className="page-header">
        <h1>Data</h1>
        <p className="page-lede">What this database holds. Import preference data from files and export it again.</p>
      </div>

      {stats.error && <ErrorAlert title="Could not load the counts." error={stats.error} onRetry={refresh} testId="stats-error" />}
      <StatsPanel stats={stats.value} />

      {empty && (
        <div className="empty-state" data-testid="data-empty">
          <h2>No data yet</h2>
          <p>
            Import a file of preference comparisons below: TRL (<code>prompt</code>, <code>chosen</code>,{' '}
            <code>rejected</code>), HH-RLHF, PandaLM, LLMBar or Rung, as JSONL, a JSON array or Parquet; any other pairwise
            file by mapping its columns (Format: Mapped columns). Large files can also be imported from a
            terminal with <code>rung import</code>. Or load the built-in demo (word problems with step-by-step
            solutions, in three layers) to try Rung at once.
          </p>
          <div className="form-actions empty-actions">
            <LoadDemoButton onLoaded={refresh} testId="data-load-demo" />
          </div>
        </div>
      )}

      <div className="columns">
        <ImportPanel onImported={refresh} />
        <ExportPanel datasets={datasets.value ?? []} hasData={(stats.value?.comparisons ?? 1) > 0} />
      </div>

      <DatasetsTable datasets={datasets.value} error={stats.error ? undefined : datasets.error} onRetry={refresh} onChanged={refresh} />

      {!empty && <RecordsSection datasets={datasets.value ?? []} version={version} />}

      <BundlesPanel onImported={refresh} />

      <EncodersPanel />

      <ExternalModelsPanel />
    </div>
  );
}
