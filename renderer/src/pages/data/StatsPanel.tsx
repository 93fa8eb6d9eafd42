// The row of counts on the Data page (getStats); each number carries a data-testid such as stat-comparisons.
import type { Result } from '../../../../electron/api/contract';

type Stats = Result<'getStats'>;

const items: { key: keyof Stats; label: string }[] = [
  { key: 'comparisons', label: 'Comparisons' },
  { key: 'judgments', label: 'Judgments' },
  { key: 'evaluators', label: 'Evaluators' },
  { key: 'datasets', label: 'Datasets' },
  { key: 'models', label: 'Models' },
  { key: 'flags', label: 'Flags' },
];

export function StatsPanel({ stats }: { stats: Stats | undefined }) {
  return (
    <section aria-label="Counts">
      <dl className="stats">
        {items.map(({ key, label }) => (
          <div className="stat" key={key}>
            <dt>{label}</dt>
            <dd data-testid={`stat-${key}`} data-value={stats?.[key]}>
              {stats ? String(stats[key]) : '–'}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
