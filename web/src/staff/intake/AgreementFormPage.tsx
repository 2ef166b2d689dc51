import { useState, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { Agreement } from '../../../../src/intake/transitions.schemas.ts';
import { ErrorSummary, fieldId, SelectField, TextField, type ErrorLink } from '../../components/forms.tsx';
import { useTitle } from '../../lang.tsx';
import { staffApi, useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import { useSession } from '../session.tsx';
import type { Capacity } from '../types.ts';
import { Button, StaffNotice } from '../ui.tsx';
import { useStaffForm } from '../useStaffForm.ts';
import { useTransitionsText } from './transitions-messages.ts';
import { IntakeNav } from './IntakeNav.tsx';

const pad = (n: number) => String(n).padStart(2, '0');
/** The day `days` from today in the browser's time zone (Oslo's, for the staff here), as YYYY-MM-DD. */
const inDays = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** /inntak/brukerstyrt/ny — a new user-controlled place agreement, made before the resident moves out. */
export function AgreementFormPage() {
  const { x, link } = useTransitionsText();
  const { s } = useStaffText();
  const navigate = useNavigate();
  const session = useSession();
  const capacity = useStaffGet<Capacity>('/api/capacity');
  const cityWide = session.status === 'signedIn' && session.me.permissions.includes('intake:replace');
  const mine = session.status === 'signedIn' ? session.me.units : [];
  const units = (capacity.data?.units ?? []).filter((u) => cityWide || mine.includes(u.id));
  const [v, setV] = useState({
    personId: '',
    unitId: '',
    nightsPerStay: '3',
    staysPerPeriod: '2',
    periodDays: '30',
    validFrom: inDays(0),
    validTo: inDays(180),
  });
  const set = (key: keyof typeof v) => (value: string) => setV((current) => ({ ...current, [key]: value }));
  const form = useStaffForm({ failureId: 'agreement-result' });
  const { errors, failure, busy } = form;
  useTitle(x.newAgreementTitle);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    await form.run(async () => {
      const saved = await staffApi.post<Agreement>('/api/intake/user-controlled/agreements', {
        personId: v.personId.trim(),
        unitId: v.unitId || (units[0]?.id ?? ''),
        nightsPerStay: Number(v.nightsPerStay),
        staysPerPeriod: Number(v.staysPerPeriod),
        periodDays: Number(v.periodDays),
        validFrom: v.validFrom,
        validTo: v.validTo,
      });
      navigate(link(`/inntak/brukerstyrt/${saved.id}/opphold`));
    });
  };

  const labels: Record<string, string> = {
    personId: x.fPersonId,
    unitId: x.fUnit,
    nightsPerStay: x.fNights,
    staysPerPeriod: x.fStays,
    periodDays: x.fPeriod,
    validFrom: x.fValidFrom,
    validTo: x.fValidTo,
  };
  const links: ErrorLink[] = Object.entries(errors).map(([k, message]) => ({
    id: fieldId(`agreement-${k}`),
    label: labels[k] ?? k,
    message,
  }));
  const number = (key: 'nightsPerStay' | 'staysPerPeriod' | 'periodDays') => (
    <TextField
      id={fieldId(`agreement-${key}`)}
      label={labels[key]}
      type="number"
      inputMode="numeric"
      value={v[key]}
      onChange={set(key)}
      error={errors[key]}
    />
  );

  return (
    <>
      <IntakeNav />
      <p className="vv-staff-back">
        <Link to={link('/inntak/brukerstyrt')}>{x.backToAgreements}</Link>
      </p>
      <h1 className="vv-page-title">{x.newAgreementTitle}</h1>
      {failure ? (
        <StaffNotice id="agreement-result" skin="error">
          <p>{failure}</p>
        </StaffNotice>
      ) : null}
      {links.length ? <ErrorSummary heading={s.errorSummaryHeading} intro={s.nothingSaved} errors={links} /> : null}
      <form className="vv-staff-form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          id={fieldId('agreement-personId')}
          label={x.fPersonId}
          hint={x.fPersonIdHint}
          value={v.personId}
          onChange={set('personId')}
          error={errors.personId}
          autoComplete="off"
        />
        <SelectField
          id={fieldId('agreement-unitId')}
          label={x.fUnit}
          value={v.unitId || (units[0]?.id ?? '')}
          onChange={set('unitId')}
          options={units.map((u) => ({ value: u.id, label: u.name }))}
          error={errors.unitId}
        />
        {number('nightsPerStay')}
        {number('staysPerPeriod')}
        {number('periodDays')}
        <TextField
          id={fieldId('agreement-validFrom')}
          label={x.fValidFrom}
          type="date"
          value={v.validFrom}
          onChange={set('validFrom')}
          error={errors.validFrom}
        />
        <TextField
          id={fieldId('agreement-validTo')}
          label={x.fValidTo}
          type="date"
          value={v.validTo}
          onChange={set('validTo')}
          error={errors.validTo}
        />
        <Button type="submit" busy={busy}>
          {x.saveAgreement}
        </Button>
      </form>
    </>
  );
}
