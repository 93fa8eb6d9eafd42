// The app shell: header with the name and page navigation, the current page, and the status line.
import { useEffect, useRef } from 'react';
import { getClient } from './lib/client';
import { StatusLine } from './components/StatusLine';
import { ThemeSelect } from './components/ThemeSelect';
import { ComparePage } from './pages/compare/ComparePage';
import { DataPage } from './pages/data/DataPage';
import { EvaluatorsPage } from './pages/evaluators/EvaluatorsPage';
import { ExperimentsPage } from './pages/experiments/ExperimentsPage';
import { FlagsPage } from './pages/flags/FlagsPage';
import { LadderPage } from './pages/ladder/LadderPage';
import { QueuePage } from './pages/queue/QueuePage';
import { useRoute } from './router';
import { useResource } from './lib/useResource';
import './App.css';

/** Only pages that work today; more join this list as their features land. */
const pages = [
  { id: 'compare', label: 'Compare', Component: ComparePage },
  { id: 'queue', label: 'Queue', Component: QueuePage },
  { id: 'flags', label: 'Flags', Component: FlagsPage },
  { id: 'ladder', label: 'Ladder', Component: LadderPage },
  { id: 'data', label: 'Data', Component: DataPage },
  { id: 'evaluators', label: 'Evaluators', Component: EvaluatorsPage },
  { id: 'experiments', label: 'Experiments', Component: ExperimentsPage },
] as const;

export function App() {
  const route = useRoute();
  // No route yet (first open): the Data page, where a new database is filled.
  const page = pages.find((p) => p.id === route) ?? pages.find((p) => p.id === 'data')!;
  const info = useResource(() => getClient().getAppInfo({}));
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    document.title = `${page.label} — Rung`;
  }, [page]);

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); mainRef.current?.focus(); }}>
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand" aria-label="Rung">
          <span className="brand-mark" aria-hidden="true" />
          Rung
        </span>
        <nav className="app-nav" aria-label="Pages">
          {pages.map((p) => (
            <a key={p.id} href={`#/${p.id}`} className="nav-link" aria-current={p === page ? 'page' : undefined} data-testid={`nav-${p.id}`}>
              {p.label}
            </a>
          ))}
        </nav>
        <div className="header-end">
          <ThemeSelect />
        </div>
      </header>
      <main id="main" className="app-main" ref={mainRef} tabIndex={-1}>
        <page.Component />
      </main>
      <StatusLine info={info} />
    </div>
  );
}
