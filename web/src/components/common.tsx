import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { PktAlert } from '@oslokommune/punkt-react';
import type { ApiError } from '../api.ts';
import { useLang, useTitle } from '../lang.tsx';

export function Loading() {
  const { t } = useLang();
  return (
    <p className="vv-loading" role="status">
      <span className="vv-spinner" aria-hidden="true" />
      {t.loading}
    </p>
  );
}

export function LoadError({ error, onRetry }: { error: ApiError | null; onRetry?: () => void }) {
  const { t } = useLang();
  if (!error) return null;
  return (
    <PktAlert skin="error" role="alert" aria-live="assertive" className="vv-alert">
      <p>{t.loadError}</p>
      {onRetry ? (
        <button type="button" className="pkt-btn pkt-btn--secondary pkt-btn--small" onClick={onRetry}>
          <span className="pkt-btn__text">{t.retry}</span>
        </button>
      ) : null}
    </PktAlert>
  );
}

export function Notice({ skin, children, live = false }: { skin: 'info' | 'success' | 'warning' | 'error'; children: ReactNode; live?: boolean }) {
  return (
    <PktAlert skin={skin} role={live ? (skin === 'error' ? 'alert' : 'status') : 'note'} aria-live={live ? (skin === 'error' ? 'assertive' : 'polite') : 'off'} className="vv-alert">
      {children}
    </PktAlert>
  );
}

/** A small Punkt tag; the text always says what it means, the colour only repeats it. */
export function Tag({ skin, children }: { skin: 'blue' | 'green' | 'yellow' | 'red' | 'beige' | 'grey' | 'blue-light' | 'blue-dark'; children: ReactNode }) {
  return <span className={`pkt-tag pkt-tag--small pkt-tag--thin-text pkt-tag--${skin} vv-tag`}>{children}</span>;
}

export function NotFoundPage() {
  const { t, link } = useLang();
  useTitle(t.notFoundTitle);
  return (
    <>
      <h1 className="pkt-txt-40">{t.notFoundTitle}</h1>
      <p>{t.notFoundText}</p>
      <p>
        <Link to={link('/')}>{t.goHome}</Link>
      </p>
    </>
  );
}
