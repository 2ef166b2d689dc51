import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from '../api.ts';
import { useLang, useTitle } from '../lang.tsx';
import { Icon, type IconName } from './Icon.tsx';

export function Loading() {
  const { t } = useLang();
  return (
    <p className="vv-loading" role="status">
      <span className="vv-spinner" aria-hidden="true" />
      {t.loading}
    </p>
  );
}

type Skin = 'info' | 'success' | 'warning' | 'error';
const ALERT_ICON: Record<Skin, IconName> = {
  info: 'alert-information',
  success: 'alert-success',
  warning: 'alert-warning',
  error: 'alert-error',
};

/**
 * Punkt's alert in plain markup (pkt-alert classes): PktAlert would pull the whole punkt-react
 * bundle into the public pages. A live notice is announced (status, or alert for errors).
 */
export function Notice({ skin, children, live = false }: { skin: Skin; children: ReactNode; live?: boolean }) {
  const role = live ? (skin === 'error' ? 'alert' : 'status') : undefined;
  return (
    <div className={`pkt-alert${skin === 'info' ? '' : ` pkt-alert--${skin}`} pkt-alert--compact vv-alert`} role={role}>
      <div className="pkt-alert__grid pkt-alert__noTitle">
        <Icon name={ALERT_ICON[skin]} className="pkt-alert__icon" />
        <div className="pkt-alert__text">{children}</div>
      </div>
    </div>
  );
}

export function LoadError({ error, onRetry }: { error: ApiError | null; onRetry?: () => void }) {
  const { t } = useLang();
  if (!error) return null;
  return (
    <Notice skin="error" live>
      <p>{t.loadError}</p>
      {onRetry ? (
        <p>
          <button type="button" className="pkt-btn pkt-btn--secondary pkt-btn--small" onClick={onRetry}>
            <span className="pkt-btn__text">{t.retry}</span>
          </button>
        </p>
      ) : null}
    </Notice>
  );
}

/** A small Punkt tag; the text always says what it means, the colour only repeats it. */
export function Tag({
  skin,
  children,
}: {
  skin: 'blue' | 'green' | 'yellow' | 'red' | 'beige' | 'grey' | 'blue-light' | 'blue-dark';
  children: ReactNode;
}) {
  return <span className={`pkt-tag pkt-tag--small pkt-tag--thin-text pkt-tag--${skin} vv-tag`}>{children}</span>;
}

export function NotFoundPage() {
  const { t, link } = useLang();
  useTitle(t.notFoundTitle);
  return (
    <div className="vv-narrow">
      <h1 className="vv-page-title">{t.notFoundTitle}</h1>
      <p className="vv-lead">{t.notFoundText}</p>
      <p>
        <Link className="pkt-btn pkt-btn--primary pkt-btn--medium" to={link('/')}>
          <span className="pkt-btn__text">{t.goHome}</span>
        </Link>
      </p>
    </div>
  );
}
