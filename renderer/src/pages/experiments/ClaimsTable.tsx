// An experiment's five claims: value, 95% interval over seeds, the seeds it rests on and its plain reading.
import type { Result } from '../../../../electron/api/contract';
import { percent } from '../../lib/format';

type Claim = Result<'getExperiment'>['summary']['claims'][number];

export const claimValue = (c: Claim) => (c.value === null ? 'n/a' : percent(c.value, 1));
const interval = (c: Claim) => (c.ci === null ? '—' : `${percent(c.ci[0], 1)} to ${percent(c.ci[1], 1)}`);

export function ClaimsTable({ claims }: { claims: readonly Claim[] }) {
  return (
    <div className="table-wrap">
      <table className="table claims-table" data-testid="experiment-claims">
        <thead>
          <tr>
            <th>Claim</th>
            <th className="num">Value</th>
            <th className="num">95% CI</th>
            <th className="num">Seeds</th>
            <th>Reading</th>
          </tr>
        </thead>
        <tbody>
          {claims.map((c) => (
            <tr key={c.id} data-testid={`claim-${c.id}`}>
              <td>
                <code>{c.id}</code>
              </td>
              <td className="num">{claimValue(c)}</td>
              <td className="num">{interval(c)}</td>
              <td className="num">{c.seeds}</td>
              <td>
                {c.note}
                <div className="hint">{c.metric}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
