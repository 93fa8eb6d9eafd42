// A visible, announced error box; shows the message verbatim (import errors name file:line: field).
import type { ApiError } from '../../../electron/api/errors';

interface Props {
  error: ApiError | string;
  title?: string;
  testId?: string;
  onRetry?: () => void;
}

export function ErrorAlert({ error, title, testId, onRetry }: Props) {
  const message = typeof error === 'string' ? error : error.message;
  return (
    <div className="alert alert-error" role="alert" data-testid={testId}>
      {title && <strong className="alert-title">{title}</strong>}
      <span className="alert-message">{message}</span>
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
