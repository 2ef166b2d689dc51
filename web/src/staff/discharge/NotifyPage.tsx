import { useState, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Checkbox, ErrorSummary, fieldId, SelectField, TextField, type ErrorLink } from '../../components/forms.tsx';
import { useVocabulary } from '../../hooks.ts';
import { useTitle } from '../../lang.tsx';
import { staffApi } from '../http.ts';
import { useStaffText } from '../messages.ts';
import { Button, RequiredLabel, StaffNotice } from '../ui.tsx';
import { useStaffForm } from '../useStaffForm.ts';
import { withFieldErrors, type Notification } from './shared.ts';

/** Where the API's field paths show in this form. */
const toKey = (field: string) => (field === 'readyAt' ? 'readyDate' : field === 'personId' ? 'nationalId' : field);

const pad = (n: number) => String(n).padStart(2, '0');
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
const nowTime = () => {
  const d = new Date();
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** /utskrivningsklare/ny — the hospital liaison's notice that a patient is discharge-ready. */
export function NotifyPage() {
  const { s, link } = useStaffText();
  useTitle(s.dischargeFormTitle);
  const navigate = useNavigate();
  const { vocabulary } = useVocabulary();
  const [values, setValues] = useState({
    nationalId: '',
    givenName: '',
    familyName: '',
    hospital: '',
    ward: '',
    readyDate: today(),
    readyTime: nowTime(),
    district: '',
    needs: '',
  });
  const [summary, setSummary] = useState(false);
  const form = useStaffForm({ failureId: 'discharge-result', toKey });
  const { errors, failure, busy } = form;
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    await form.run(async () => {
      // The browser's date and time are local; the API takes an instant with its offset.
      const readyAt = new Date(`${values.readyDate}T${values.readyTime || '00:00'}`);
      const created = await withFieldErrors(
        staffApi.post<Notification>('/api/discharge-ready', {
          nationalId: values.nationalId.trim(),
          givenName: values.givenName || null,
          familyName: values.familyName || null,
          hospital: values.hospital,
          ward: values.ward,
          readyAt: Number.isNaN(readyAt.getTime()) ? values.readyDate : readyAt.toISOString(),
          district: values.district,
          needs: values.needs,
          dischargeSummaryReceived: summary,
        }),
      );
      navigate(link(`/utskrivningsklare/${created.id}?sendt=1`));
    });
  };

  const labels: Record<string, string> = {
    nationalId: s.fNationalId,
    givenName: s.fGivenName,
    familyName: s.fFamilyName,
    hospital: s.fHospital,
    ward: s.fWard,
    readyDate: s.fReadyAt,
    district: s.fDistrict,
    needs: s.fNeeds,
  };
  const links: ErrorLink[] = Object.entries(errors).map(([k, message]) => ({ id: fieldId(`notify-${k}`), label: labels[k] ?? k, message }));
  const districts = [
    { value: '', label: s.fDistrictChoose },
    ...(vocabulary?.districts ?? []).map((d) => ({ value: d.slug, label: d.name })),
  ];

  return (
    <>
      <p className="vv-staff-back">
        <Link to={link('/utskrivningsklare')}>{s.dischargeBack}</Link>
      </p>
      <h1 className="vv-page-title">{s.dischargeFormTitle}</h1>
      <p>{s.dischargeFormIntro}</p>
      {failure ? (
        <StaffNotice id="discharge-result" skin="error">
          <p>{failure}</p>
        </StaffNotice>
      ) : null}
      {links.length ? <ErrorSummary heading={s.errorSummaryHeading} intro={s.nothingSaved} errors={links} /> : null}
      <form className="vv-staff-form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          id={fieldId('notify-nationalId')}
          label={<RequiredLabel text={s.fNationalId} />}
          hint={s.fNationalIdHint}
          value={values.nationalId}
          onChange={set('nationalId')}
          inputMode="numeric"
          autoComplete="off"
          error={errors.nationalId}
        />
        <TextField
          id={fieldId('notify-givenName')}
          label={s.fGivenName}
          value={values.givenName}
          onChange={set('givenName')}
          error={errors.givenName}
        />
        <TextField
          id={fieldId('notify-familyName')}
          label={s.fFamilyName}
          value={values.familyName}
          onChange={set('familyName')}
          error={errors.familyName}
        />
        <TextField
          id={fieldId('notify-hospital')}
          label={<RequiredLabel text={s.fHospital} />}
          value={values.hospital}
          onChange={set('hospital')}
          error={errors.hospital}
        />
        <TextField
          id={fieldId('notify-ward')}
          label={<RequiredLabel text={s.fWard} />}
          value={values.ward}
          onChange={set('ward')}
          error={errors.ward}
        />
        <TextField
          id={fieldId('notify-readyDate')}
          type="date"
          label={<RequiredLabel text={`${s.fReadyAt}: ${s.fReadyDate.toLowerCase()}`} />}
          value={values.readyDate}
          onChange={set('readyDate')}
          error={errors.readyDate}
        />
        <TextField
          id={fieldId('notify-readyTime')}
          type="time"
          label={<RequiredLabel text={`${s.fReadyAt}: ${s.fReadyTime.toLowerCase()}`} />}
          value={values.readyTime}
          onChange={set('readyTime')}
        />
        <SelectField
          id={fieldId('notify-district')}
          label={<RequiredLabel text={s.fDistrict} />}
          value={values.district}
          onChange={set('district')}
          options={districts}
          error={errors.district ?? errors.kommune}
        />
        <TextField
          id={fieldId('notify-needs')}
          label={<RequiredLabel text={s.fNeeds} />}
          multiline
          value={values.needs}
          onChange={set('needs')}
          error={errors.needs}
        />
        <Checkbox id={fieldId('notify-summary')} label={s.fSummary} checked={summary} onChange={setSummary} />
        <Button type="submit" busy={busy}>
          {s.dischargeSubmit}
        </Button>
      </form>
    </>
  );
}
