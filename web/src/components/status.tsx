import type { ReactNode } from 'react';
import { errorMessage } from '../lib/query-client';

/** A loading state that screen readers announce. */
export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <p className="status-line" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}…
    </p>
  );
}

/** The server's error message, plainly, with a way to try again. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div className="error-box" role="alert">
      <p>{errorMessage(error)}</p>
      {retry && (
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A refusal or failure kept until dismissed (an alert, so that it is announced). */
export function Notice({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  return (
    <div className="notice" role="alert">
      <span>{message}</span>
      <button type="button" className="button button-small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** A percentage bar with the number beside it. */
export function Progress({ value, label }: { value: number; label: string }) {
  return (
    <span className="progress">
      <span className="progress-track" role="progressbar" aria-valuenow={value} aria-valuemin={0} aria-valuemax={100} aria-label={label}>
        <span className="progress-fill" style={{ width: `${value}%` }} />
      </span>
      <span className="progress-text">{value} %</span>
    </span>
  );
}
