// The status line at the bottom of the window: which database is open, desktop or browser mode, version.
import type { Result } from '../../../electron/api/contract';
import type { Resource } from '../lib/useResource';
import './StatusLine.css';

export function StatusLine({ info }: { info: Resource<Result<'getAppInfo'>> }) {
  const { value, error } = info;
  return (
    <footer className="status-line" data-testid="status-line">
      {error ? (
        <span className="status-item status-error" title={error.message}>
          Not connected — {error.message}
        </span>
      ) : value ? (
        <>
          <span className="status-item" data-testid="status-mode">
            {value.mode === 'desktop' ? 'Desktop app' : 'Browser mode (127.0.0.1 only)'}
          </span>
          <span className="status-item status-path" title={value.dbPath}>
            Database: <code data-testid="status-db">{value.dbPath}</code>
          </span>
          <span className="status-item status-version">
            {value.name} {value.version}
          </span>
        </>
      ) : (
        <span className="status-item">Connecting…</span>
      )}
    </footer>
  );
}
