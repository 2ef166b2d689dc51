import type { ChangeEvent, ReactNode } from 'react';
import { Icon } from './Icon.tsx';

/*
 * Form controls in Punkt's markup. Punkt-react's own inputs put aria-describedby on the label
 * and always point aria-errormessage at an element that may not exist; these put hint and error
 * on the control itself (aria-describedby + aria-invalid), which screen readers announce.
 */

/** A DOM id from a field path like openingHours.rules.0.opensAt. */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

function describedBy(id: string, hint: ReactNode | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <p className="vv-field-error" id={`${id}-error`}>
      <Icon name="alert-error" className="vv-field-error__icon" />
      <span>{error}</span>
    </p>
  );
}

type LabelledFieldProps = {
  id: string;
  label: ReactNode;
  hint: ReactNode | undefined;
  error: string | undefined;
  className: string | undefined;
  hiddenLabel: boolean | undefined;
  children: ReactNode;
};

/** Punkt's frame around one control: label, hint, the control, and its error. */
function LabelledField({ id, label, hint, error, className, hiddenLabel, children }: LabelledFieldProps) {
  return (
    <div className={`pkt-inputwrapper vv-field ${error ? 'pkt-inputwrapper--error' : ''} ${className ?? ''}`}>
      <label className={hiddenLabel ? 'pkt-sr-only' : 'pkt-inputwrapper__label'} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="pkt-inputwrapper__helptext" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {children}
      <FieldError id={id} error={error} />
    </div>
  );
}

type TextFieldProps = {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string | undefined;
  type?: 'text' | 'email' | 'password' | 'search' | 'url' | 'tel' | 'number' | 'date' | 'time';
  multiline?: boolean;
  rows?: number;
  required?: boolean;
  autoComplete?: string;
  inputMode?: 'numeric' | 'text' | 'email' | 'tel' | 'url' | 'search';
  min?: number;
  max?: number;
  maxLength?: number;
  className?: string;
  lang?: string;
  /** Screen-reader-only label (the visible label comes from a table header or legend). */
  hiddenLabel?: boolean;
};

export function TextField(props: TextFieldProps) {
  const {
    id,
    label,
    value,
    onChange,
    hint,
    error,
    type = 'text',
    multiline,
    rows = 4,
    required,
    autoComplete,
    inputMode,
    min,
    max,
    maxLength,
    className,
    lang,
    hiddenLabel,
  } = props;
  const common = {
    id,
    name: id,
    value,
    required,
    autoComplete,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, hint, error),
    className: 'pkt-input pkt-input--fullwidth',
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(e.target.value),
    maxLength,
    lang,
  };
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} className={className} hiddenLabel={hiddenLabel}>
      <div className="pkt-input__container">
        {multiline ? (
          <textarea {...common} rows={rows} className="pkt-input pkt-input--fullwidth pkt-textarea" />
        ) : (
          <input {...common} type={type} inputMode={inputMode} min={min} max={max} />
        )}
      </div>
    </LabelledField>
  );
}

type SelectFieldProps = {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  hint?: ReactNode;
  error?: string | undefined;
  className?: string;
  hiddenLabel?: boolean;
};

export function SelectField({ id, label, value, onChange, options, hint, error, className, hiddenLabel }: SelectFieldProps) {
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} className={className} hiddenLabel={hiddenLabel}>
      <select
        id={id}
        name={id}
        className="pkt-input pkt-input--fullwidth"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}

type CheckboxProps = {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | undefined;
  hint?: ReactNode;
  type?: 'checkbox' | 'radio';
  name?: string;
  className?: string;
  disabled?: boolean;
};

export function Checkbox({ id, label, checked, onChange, error, hint, type = 'checkbox', name, className, disabled }: CheckboxProps) {
  return (
    <div className={`pkt-input-check vv-check ${className ?? ''}`}>
      <div className="pkt-input-check__input">
        <input
          className={`pkt-input-check__input-checkbox ${error ? 'pkt-input-check__input-checkbox--error' : ''}`}
          type={type}
          id={id}
          name={name ?? id}
          checked={checked}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
        />
        <label className="pkt-input-check__input-label" htmlFor={id}>
          {label}
          {hint ? (
            <span className="pkt-input-check__input-helptext" id={`${id}-hint`}>
              {hint}
            </span>
          ) : null}
        </label>
      </div>
      <FieldError id={id} error={error} />
    </div>
  );
}

type FieldsetProps = {
  legend: ReactNode;
  children: ReactNode;
  id?: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  legendClassName?: string;
};

/** A group of controls with a legend; its error and hint are read with the group. */
export function Fieldset({ legend, children, id, error, hint, className, legendClassName }: FieldsetProps) {
  const did = id ? describedBy(id, hint, error) : undefined;
  return (
    <fieldset
      className={`pkt-inputwrapper__fieldset vv-fieldset ${error ? 'vv-fieldset--error' : ''} ${className ?? ''}`}
      id={id}
      aria-describedby={did}
      aria-invalid={undefined}
    >
      <legend className={legendClassName ?? 'pkt-inputwrapper__legend'}>{legend}</legend>
      {hint && id ? (
        <div className="pkt-inputwrapper__helptext" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {id ? <FieldError id={id} error={error} /> : null}
      {children}
    </fieldset>
  );
}

/** Yes / no / not stated, for facts the catalog may not know. */
export function TriState({
  id,
  legend,
  value,
  onChange,
  labels,
  error,
}: {
  id: string;
  legend: ReactNode;
  value: boolean | null;
  onChange: (v: boolean | null) => void;
  labels: { yes: string; no: string; unknown: string };
  error?: string | undefined;
}) {
  const options: [string, boolean | null, string][] = [
    ['yes', true, labels.yes],
    ['no', false, labels.no],
    ['unknown', null, labels.unknown],
  ];
  return (
    <Fieldset legend={legend} id={id} error={error} className="vv-tristate">
      <div className="vv-inline-options">
        {options.map(([key, v, text]) => (
          <Checkbox key={key} type="radio" name={id} id={`${id}-${key}`} label={text} checked={value === v} onChange={() => onChange(v)} />
        ))}
      </div>
    </Fieldset>
  );
}

export type ErrorLink = { id: string; label: string; message: string };

/** The list of a form's errors, each linking to its field; focused when it appears. */
export function ErrorSummary({ heading, errors, intro }: { heading: string; errors: ErrorLink[]; intro?: string }) {
  if (errors.length === 0 && !intro) return null;
  return (
    <div className="vv-error-summary" role="alert" tabIndex={-1} id="error-summary">
      <h2 className="vv-error-summary__heading">{heading}</h2>
      {intro ? <p>{intro}</p> : null}
      {errors.length ? (
        <ul>
          {errors.map((e) => (
            <li key={`${e.id}-${e.message}`}>
              <a
                href={`#${e.id}`}
                onClick={(ev) => {
                  const target = document.getElementById(e.id);
                  if (!target) return;
                  ev.preventDefault();
                  const focusable = target.matches('input,select,textarea,button')
                    ? target
                    : target.querySelector<HTMLElement>('input,select,textarea,button');
                  (focusable ?? target).focus();
                  target.scrollIntoView({ block: 'center' });
                }}
              >
                {e.label}: {e.message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
