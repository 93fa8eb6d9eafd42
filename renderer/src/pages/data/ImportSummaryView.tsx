// What an import did: records read, comparisons added or already present, judgments and evaluators added, warnings.
import type { Result } from '../../../../electron/api/contract';
import { plural, shortFormatName } from '../../lib/format';

const MAX_SHOWN = 50;

interface Props {
  fileName: string;
  summary: Result<'importDataset'>;
}

export function ImportSummaryView({ fileName, summary: s }: Props) {
  const rows: [string, number, string][] = [
    ['Records read', s.records, 'records'],
    ['Records skipped (see warnings)', s.recordsSkipped, 'records-skipped'],
    ['Comparisons added', s.comparisonsAdded, 'comparisons-added'],
    ['Already present', s.comparisonsExisting, 'comparisons-existing'],
    ['Judgments added', s.judgmentsAdded, 'judgments-added'],
    ['Evaluators added', s.evaluatorsAdded, 'evaluators-added'],
  ];
  // "Records skipped" only when some were
  const shown = rows.filter(([, n, key]) => n > 0 || key !== 'records-skipped');
  return (
    <div className="alert alert-success" role="status" data-testid="import-summary">
      <strong className="alert-title">
        {s.alreadyImported
          ? `${fileName} was imported before (dataset “${s.name}”); nothing new was added.`
          : `Imported ${fileName} as ${shortFormatName[s.format] ?? s.format} — dataset “${s.name}”.`}
      </strong>
      <dl className="summary">
        {shown.map(([label, n, key]) => (
          <div key={key}>
            <dt>{label}</dt>
            <dd data-testid={`import-${key}`}>{n}</dd>
          </div>
        ))}
      </dl>
      {s.warnings.length > 0 && (
        <div className="warnings" data-testid="import-warnings">
          <strong>{plural(s.warnings.length, 'warning')}</strong>
          <ul>
            {s.warnings.slice(0, MAX_SHOWN).map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
          {s.warnings.length > MAX_SHOWN && <p>…and {s.warnings.length - MAX_SHOWN} more.</p>}
        </div>
      )}
    </div>
  );
}
