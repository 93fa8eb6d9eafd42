// The evaluators list: name, human or model (simulated ones marked), domains and how many judgments each has made.
import type { Result } from '../../../../electron/api/contract';
import { SimulatedBadge } from '../../components/SimulatedBadge';
import { COUNT_WORDS } from '../../lib/count-words';

export function EvaluatorsTable({ evaluators }: { evaluators: Result<'listEvaluators'> }) {
  const rows = [...evaluators].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div className="table-wrap">
      <table className="table" data-testid="evaluators-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Domains</th>
            <th scope="col" className="num" title={COUNT_WORDS.judgments}>
              Judgments
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id} data-testid="evaluator-row">
              <td title={e.source ? `From ${e.source}` : undefined}>{e.name}</td>
              <td>
                <span className={`badge badge-${e.kind}`}>{e.kind === 'human' ? 'Human' : 'Model'}</span>
                {e.simulated && <SimulatedBadge />}
              </td>
              <td>
                {e.domains.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <ul className="chips" aria-label="Domains">
                    {e.domains.map((d) => (
                      <li key={d} className="chip">
                        {d}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="num">{e.judgments}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
