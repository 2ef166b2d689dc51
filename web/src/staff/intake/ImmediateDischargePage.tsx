import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router-dom';
import type { ImmediateDischarge } from '../../../../src/intake/transitions.schemas.ts';
import { Checkbox, ErrorSummary, Fieldset, fieldId, TextField, type ErrorLink } from '../../components/forms.tsx';
import { formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { focusById } from '../fieldErrors.ts';
import { staffApi } from '../http.ts';
import { useStaffText } from '../messages.ts';
import { Button, StaffNotice } from '../ui.tsx';
import { useStaffForm } from '../useStaffForm.ts';
import { useTransitionsText } from './transitions-messages.ts';
import { IntakeNav } from './IntakeNav.tsx';

const KINDS = ['violence', 'threats'] as const;
const pad = (n: number) => String(n).padStart(2, '0');
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const localTime = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;
/** A date and time typed in the browser's zone, as an instant. */
const instant = (date: string, time: string) => new Date(`${date}T${time || '00:00'}`).toISOString();

/** /inntak/beboere/:stayId/avslutt — the incident form and a confirmation; one request does it all. */
export function ImmediateDischargePage({ stayId, unitId }: { stayId: string; unitId: string | null }) {
  const { x, lang, link } = useTransitionsText();
  const { s } = useStaffText();
  const now = new Date();
  const [kind, setKind] = useState<(typeof KINDS)[number]>('violence');
  const [description, setDescription] = useState('');
  const [date, setDate] = useState(localDate(now));
  const [time, setTime] = useState(localTime(now));
  // Until the user changes the time, the discharge is now (the shown minute may be before a stay admitted this minute).
  const [atChanged, setAtChanged] = useState(false);
  const [barUntil, setBarUntil] = useState(localDate(new Date(now.getTime() + 30 * 86_400_000)));
  const [deadline, setDeadline] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<ImmediateDischarge | null>(null);
  const toKey = (field: string) => (field === 'incident.description' ? 'description' : field === 'incident.kind' ? 'kind' : field);
  const form = useStaffForm({ failureId: 'id-result', toKey });
  const { errors, failure, busy } = form;
  useTitle(x.idTitle);

  const submit = async () => {
    const ok = await form.run(async () => {
      setDone(
        await staffApi.post<ImmediateDischarge>(`/api/intake/stays/${stayId}/immediate-discharge`, {
          at: atChanged ? instant(date, time) : new Date().toISOString(),
          incident: { kind, description },
          barUntil,
          ...(deadline ? { taskDeadline: instant(deadline, '16:00') } : {}),
        }),
      );
    });
    setConfirming(false);
    if (ok) focusById('id-result');
  };
  const open = (event: SubmitEvent) => {
    event.preventDefault();
    setConfirming(true);
  };

  const labels: Record<string, string> = {
    kind: x.idKind,
    description: x.idDescription,
    at: x.idAt,
    barUntil: x.idBarUntil,
    taskDeadline: x.idDeadline,
    id: x.idTitle,
  };
  const links: ErrorLink[] = Object.entries(errors).map(([k, message]) => ({ id: fieldId(`id-${k}`), label: labels[k] ?? k, message }));
  const back = link(unitId ? `/inntak/beboere?enhet=${encodeURIComponent(unitId)}` : '/inntak/beboere');

  return (
    <>
      <IntakeNav />
      <p className="vv-staff-back">
        <Link to={back}>{x.backToResidents}</Link>
      </p>
      <h1 className="vv-page-title">{x.idTitle}</h1>
      {done ? (
        <StaffNotice id="id-result" skin="success">
          <p>{x.idDone(formatDateTime(done.task.deadline, lang))}</p>
        </StaffNotice>
      ) : (
        <>
          <p>{x.idIntro}</p>
          {failure ? (
            <StaffNotice id="id-result" skin="error">
              <p>{failure}</p>
            </StaffNotice>
          ) : null}
          {links.length ? <ErrorSummary heading={s.errorSummaryHeading} intro={s.nothingSaved} errors={links} /> : null}
          <form className="vv-staff-form" onSubmit={open} noValidate>
            <Fieldset legend={x.idKind} id={fieldId('id-kind')} error={errors.kind}>
              {KINDS.map((k) => (
                <Checkbox
                  key={k}
                  type="radio"
                  name="id-kind"
                  id={fieldId(`id-kind-${k}`)}
                  label={x.idKinds[k] ?? k}
                  checked={kind === k}
                  onChange={() => setKind(k)}
                />
              ))}
            </Fieldset>
            <TextField
              id={fieldId('id-description')}
              label={x.idDescription}
              hint={x.idDescriptionHint}
              value={description}
              onChange={setDescription}
              error={errors.description}
              multiline
              maxLength={2000}
            />
            <TextField
              id={fieldId('id-at')}
              label={x.idAt}
              hint={x.idAtHint}
              type="date"
              value={date}
              onChange={(v) => {
                setDate(v);
                setAtChanged(true);
              }}
              error={errors.at}
            />
            <TextField
              id={fieldId('id-at-time')}
              label={x.idAtTime}
              type="time"
              value={time}
              onChange={(v) => {
                setTime(v);
                setAtChanged(true);
              }}
            />
            <TextField
              id={fieldId('id-barUntil')}
              label={x.idBarUntil}
              hint={x.idBarUntilHint}
              type="date"
              value={barUntil}
              onChange={setBarUntil}
              error={errors.barUntil}
            />
            <TextField
              id={fieldId('id-taskDeadline')}
              label={x.idDeadline}
              hint={x.idDeadlineHint}
              type="date"
              value={deadline}
              onChange={setDeadline}
              error={errors.taskDeadline}
            />
            <Button id="id-open" type="submit">
              {x.idSubmit}
            </Button>
          </form>
          <ConfirmDialog
            id="id-confirm"
            open={confirming}
            title={x.idConfirmTitle}
            confirmLabel={x.idConfirm}
            cancelLabel={x.cancel}
            busy={busy}
            onConfirm={() => void submit()}
            onCancel={() => setConfirming(false)}
            returnFocusTo="id-open"
          >
            <p>{x.idConfirmBody}</p>
          </ConfirmDialog>
        </>
      )}
    </>
  );
}
