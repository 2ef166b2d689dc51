import { useState, type SubmitEvent } from 'react';
import { ApiError, INTAKE_STATUSES, type IntakeStatus, type Service } from '../../api.ts';
import { fieldId, SelectField, TextField } from '../../components/forms.tsx';
import { formatDate, formatDateTime } from '../../i18n.ts';
import { collectErrors, focusById, type FieldErrors } from '../fieldErrors.ts';
import { staffApi, useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import type { IntakeHistoryEntry } from '../types.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { Button, Section, StaffNotice } from '../ui.tsx';

type ActionProps = {
  service: Service;
  /** The service after the action; `reset`: the form must start again from it (content changed). */
  onChanged: (service: Service, reset: boolean) => void;
};

type Outcome = { skin: 'success' | 'error' | 'warning'; text: string } | null;

/** Today in Oslo as YYYY-MM-DD (the default closing date). */
function osloToday(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date());
}

/** Verify, intake status and close: each its own small form with its own result. */
export function ServiceActions(props: ActionProps) {
  const { s } = useStaffText();
  return (
    <Section id="actions" title={s.actionsHeading} className="vv-staff-actions">
      <div className="vv-staff-cards">
        <VerifyAction {...props} />
        <IntakeAction {...props} />
        <CloseAction {...props} />
      </div>
    </Section>
  );
}

function ActionResult({ id, outcome }: { id: string; outcome: Outcome }) {
  if (!outcome) return null;
  return (
    <StaffNotice id={id} skin={outcome.skin}>
      <p>{outcome.text}</p>
    </StaffNotice>
  );
}

/** Failure text for an action; null for 401 (the session gate takes over). */
function failureText(error: unknown, s: ReturnType<typeof useStaffText>['s']): string | null {
  if (error instanceof ApiError && error.status === 401) return null;
  if (error instanceof ApiError && error.status === 403) return s.forbidden;
  return s.genericError;
}

function VerifyAction({ service, onChanged }: ActionProps) {
  const { s, lang } = useStaffText();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const verify = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const next = await staffApi.post<Service>(`/api/services/${service.id}/verify`, { version: service.version });
      onChanged(next, false);
      setOutcome({ skin: 'success', text: s.verified(formatDate(next.provenance.lastVerifiedAt, lang)) });
    } catch (error) {
      const text = error instanceof ApiError && error.status === 409 ? s.verifyConflict : failureText(error, s);
      if (text) setOutcome({ skin: 'error', text });
    } finally {
      setBusy(false);
    }
    focusById('verify-result');
  };
  return (
    <div className="vv-staff-card">
      <h3 className="vv-staff-h3">{s.verifyHeading}</h3>
      <p id="verify-intro">{s.verifyIntro}</p>
      <Button skin="secondary" busy={busy} onClick={() => void verify()} ariaDescribedBy="verify-intro">
        {s.verifyButton}
      </Button>
      <ActionResult id="verify-result" outcome={outcome} />
    </div>
  );
}

function IntakeAction({ service, onChanged }: ActionProps) {
  const { s, t, lang } = useStaffText();
  if (service.intakeStatusDerived && service.intakeStatus)
    return (
      <section className="vv-staff-card" aria-labelledby="intake-heading">
        <h3 id="intake-heading" className="vv-staff-h3">
          {s.intakeFormHeading}
        </h3>
        <p id="intake-derived">{s.intakeDerivedNote(t.intakeStatus[service.intakeStatus], formatDateTime(service.intakeStatusAt, lang))}</p>
      </section>
    );
  return <TypedIntakeAction service={service} onChanged={onChanged} />;
}

function TypedIntakeAction({ service, onChanged }: ActionProps) {
  const { s, t, lang } = useStaffText();
  const history = useStaffGet<IntakeHistoryEntry[]>(`/api/services/${service.id}/intake-status/history`);
  const [value, setValue] = useState<string>(service.intakeStatus ?? '');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const next = await staffApi.put<Service>(`/api/services/${service.id}/intake-status`, {
        intakeStatus: (value || null) as IntakeStatus | null,
      });
      onChanged(next, false);
      history.reload();
      setOutcome({ skin: 'success', text: s.intakeSaved });
    } catch (error) {
      const text = failureText(error, s);
      if (text) setOutcome({ skin: 'error', text });
    } finally {
      setBusy(false);
    }
    focusById('intake-result');
  };
  return (
    <form className="vv-staff-card" onSubmit={(e) => void save(e)} noValidate aria-labelledby="intake-heading">
      <h3 id="intake-heading" className="vv-staff-h3">
        {s.intakeFormHeading}
      </h3>
      <SelectField
        id="intake-status"
        label={s.intakeSelect}
        value={value}
        onChange={setValue}
        options={[{ value: '', label: s.selectNone }, ...INTAKE_STATUSES.map((v) => ({ value: v, label: t.intakeStatus[v] }))]}
      />
      <Button type="submit" skin="secondary" busy={busy}>
        {s.intakeSave}
      </Button>
      <ActionResult id="intake-result" outcome={outcome} />
      {history.data && history.data.length > 0 ? (
        <details className="vv-staff-intake-history">
          <summary>{s.intakeHistoryHeading}</summary>
          <ul>
            {history.data.map((h, i) => (
              <li key={i}>
                {s.intakeHistoryEntry(
                  h.intakeStatus ? t.intakeStatus[h.intakeStatus] : s.selectNone,
                  h.changedBy,
                  formatDateTime(h.changedAt, lang),
                )}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </form>
  );
}

function CloseAction({ service, onChanged }: ActionProps) {
  const { s, lang } = useStaffText();
  const [closedOn, setClosedOn] = useState(osloToday);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const undo = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const next = await staffApi.post<Service>(`/api/services/${service.id}/undo-close`, { version: service.version });
      setOutcome({ skin: 'success', text: s.undoCloseDone(next.version) });
      onChanged(next, true);
    } catch (error) {
      const conflict = error instanceof ApiError && error.status === 409;
      const text = conflict ? s.undoCloseConflict : failureText(error, s);
      if (text) setOutcome({ skin: conflict ? 'warning' : 'error', text });
    }
    setBusy(false);
    focusById('close-result');
  };

  if (service.status === 'closed') {
    return (
      <div className="vv-staff-card">
        <h3 className="vv-staff-h3">{s.closeHeading}</h3>
        <p id="undo-close-intro">{s.alreadyClosed(formatDate(service.statusDate, lang))}</p>
        <Button id="undo-close" skin="secondary" busy={busy} onClick={() => void undo()} ariaDescribedBy="undo-close-intro">
          {s.undoCloseButton}
        </Button>
        <ActionResult id="close-result" outcome={outcome} />
      </div>
    );
  }

  // The form asks first; the dialog's "close" sends it.
  const ask = (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    setErrors({});
    setOutcome(null);
    setConfirming(true);
  };

  const close = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const next = await staffApi.post<Service>(`/api/services/${service.id}/close`, {
        version: service.version,
        closedOn,
        note: note.trim() || null,
      });
      setConfirming(false);
      setOutcome({ skin: 'success', text: s.closedDone(formatDate(next.statusDate, lang)) });
      onChanged(next, true);
    } catch (error) {
      setConfirming(false);
      if (error instanceof ApiError && error.status === 400 && error.errors.length) {
        setErrors(collectErrors(error.errors, lang, s));
        setBusy(false);
        focusById(fieldId(`close-${error.errors[0]?.field ?? 'closedOn'}`));
        return;
      }
      const text = error instanceof ApiError && error.status === 409 ? s.conflict : failureText(error, s);
      if (text) setOutcome({ skin: error instanceof ApiError && error.status === 409 ? 'warning' : 'error', text });
    }
    setBusy(false);
    focusById('close-result');
  };

  return (
    <form className="vv-staff-card" onSubmit={ask} noValidate aria-labelledby="close-heading">
      <h3 id="close-heading" className="vv-staff-h3">
        {s.closeHeading}
      </h3>
      <p>{s.closeIntro}</p>
      <TextField
        id={fieldId('close-closedOn')}
        label={s.closeDate}
        type="date"
        value={closedOn}
        onChange={setClosedOn}
        error={errors.closedOn}
      />
      <TextField id={fieldId('close-note')} label={s.closeNote} value={note} onChange={setNote} error={errors.note} maxLength={1000} />
      <Button id="close-open" type="submit" skin="secondary" busy={busy}>
        {s.closeButton}
      </Button>
      <ActionResult id="close-result" outcome={outcome} />
      <ConfirmDialog
        id="close-confirm"
        open={confirming}
        title={s.closeConfirmTitle(service.name)}
        confirmLabel={s.closeConfirmButton}
        cancelLabel={s.closeConfirmCancel}
        busy={busy}
        onConfirm={() => void close()}
        onCancel={() => setConfirming(false)}
        returnFocusTo="close-open"
      >
        <p>{s.closeConfirmText(closedOn ? formatDate(closedOn, lang) : closedOn)}</p>
      </ConfirmDialog>
    </form>
  );
}
