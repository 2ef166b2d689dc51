import type { ReactNode } from 'react';
import { Icon, type IconName } from '../components/Icon.tsx';
import { useTitle } from '../lang.tsx';
import { useStaffText } from './messages.ts';

/*
 * Small building blocks of the staff pages, in Punkt's markup. Buttons are plain <button>s with
 * Punkt classes (keyboard and forms behave natively).
 */

type ButtonProps = {
  children: ReactNode;
  skin?: 'primary' | 'secondary' | 'tertiary';
  size?: 'small' | 'medium';
  type?: 'button' | 'submit';
  onClick?: () => void;
  disabled?: boolean;
  busy?: boolean;
  id?: string;
  className?: string;
  ariaDescribedBy?: string;
  /** The form a submit button outside that form submits (the form's id). */
  form?: string;
};

export function Button({
  children,
  skin = 'primary',
  size = 'medium',
  type = 'button',
  onClick,
  disabled,
  busy,
  id,
  className,
  ariaDescribedBy,
  form,
}: ButtonProps) {
  return (
    <button
      id={id}
      type={type}
      form={form}
      className={`pkt-btn pkt-btn--${skin} ${size === 'small' ? 'pkt-btn--small' : ''} ${className ?? ''}`}
      onClick={onClick}
      // A busy button stays focusable (aria-disabled, not disabled) so focus is not lost.
      aria-disabled={busy || disabled ? true : undefined}
      disabled={disabled && !busy ? true : undefined}
      aria-describedby={ariaDescribedBy}
    >
      <span className="pkt-btn__text">{children}</span>
    </button>
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
 * Punkt's alert (plain pkt-alert markup, no web component) that can take focus: after a save or
 * an error, focus moves here, so screen readers read it and keyboard users continue from it.
 * A live notice is announced (status, or alert for errors).
 */
export function StaffNotice({ id, skin, children, live = true }: { id?: string; skin: Skin; children: ReactNode; live?: boolean }) {
  const role = live ? (skin === 'error' ? 'alert' : 'status') : undefined;
  return (
    <div
      id={id}
      tabIndex={id ? -1 : undefined}
      role={role}
      className={`pkt-alert${skin === 'info' ? '' : ` pkt-alert--${skin}`} pkt-alert--compact vv-staff-notice`}
    >
      <div className="pkt-alert__grid pkt-alert__noTitle">
        <Icon name={ALERT_ICON[skin]} className="pkt-alert__icon" />
        <div className="pkt-alert__text">{children}</div>
      </div>
    </div>
  );
}

/** What a signed-in user without the needed role sees. */
export function NoAccess({ explanation }: { explanation: string }) {
  const { s } = useStaffText();
  useTitle(s.noAccessTitle);
  return (
    <>
      <h1 className="vv-page-title">{s.noAccessTitle}</h1>
      <StaffNotice skin="warning" live={false}>
        <p>{explanation}</p>
        <p>{s.noAccessHelp}</p>
      </StaffNotice>
    </>
  );
}

/** A labelled region with a heading (h2 by default). */
export function Section({
  id,
  title,
  children,
  className,
  level = 2,
}: {
  id: string;
  title: ReactNode;
  children: ReactNode;
  className?: string;
  level?: 2 | 3;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className={`vv-staff-section ${className ?? ''}`} aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`} className={level === 2 ? 'vv-staff-h2' : 'vv-staff-h3'}>
        {title}
      </Heading>
      {children}
    </section>
  );
}

/** A label with the "(required)" mark read out with it. */
export function RequiredLabel({ text }: { text: string }) {
  const { s } = useStaffText();
  return (
    <>
      {text} <span className="vv-staff-required">{s.requiredMark}</span>
    </>
  );
}
