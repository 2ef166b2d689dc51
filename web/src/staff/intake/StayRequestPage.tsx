import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router-dom';
import type { AgreementList, StayRequest } from '../../../../src/intake/transitions.schemas.ts';
import { LoadError } from '../../components/common.tsx';
import { ErrorSummary, fieldId, TextField, type ErrorLink } from '../../components/forms.tsx';
import { formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { focusById } from '../fieldErrors.ts';
import { staffApi, useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
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

/** /inntak/brukerstyrt/:id/opphold — a stay requested on a former resident's behalf: granted, or comparable units. */
export function StayRequestPage({ id }: { id: string }) {
  const { x, lang, link } = useTransitionsText();
  const { s } = useStaffText();
  const list = useStaffGet<AgreementList>('/api/intake/user-controlled/agreements');
  const agreement = list.data?.agreements.find((a) => a.id === id) ?? null;
  const [from, setFrom] = useState(inDays(0));
  const [to, setTo] = useState(inDays(1));
  const [answer, setAnswer] = useState<StayRequest | null>(null);
  const form = useStaffForm({ failureId: 'request-result' });
  const { errors, failure, busy } = form;
  useTitle(x.requestTitle);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setAnswer(null);
    const ok = await form.run(async () => {
      setAnswer(await staffApi.post<StayRequest>(`/api/intake/user-controlled/agreements/${id}/stays`, { from, to }));
    });
    if (ok) focusById('request-result');
  };
  const labels: Record<string, string> = { from: x.fFrom, to: x.fTo };
  const links: ErrorLink[] = Object.entries(errors).map(([k, message]) => ({
    id: fieldId(`request-${k}`),
    label: labels[k] ?? k,
    message,
  }));

  return (
    <>
      <IntakeNav />
      <p className="vv-staff-back">
        <Link to={link('/inntak/brukerstyrt')}>{x.backToAgreements}</Link>
      </p>
      <h1 className="vv-page-title">{x.requestTitle}</h1>
      <LoadError error={list.error} onRetry={list.reload} />
      {agreement ? (
        <p>
          {x.requestIntro(
            agreement.unitName,
            x.agreementLimitsText(agreement.nightsPerStay, agreement.staysPerPeriod, agreement.periodDays),
          )}
        </p>
      ) : null}
      {answer || failure ? (
        <StaffNotice id="request-result" skin={failure ? 'error' : answer?.outcome === 'granted' ? 'success' : 'warning'}>
          {failure ? <p>{failure}</p> : null}
          {answer?.outcome === 'granted' && answer.hold ? <p>{x.requestGranted(formatDateTime(answer.hold.expiresAt, lang))}</p> : null}
          {answer?.outcome === 'unit_full' ? (
            <>
              <p>{answer.alternatives.length ? x.requestFull : x.requestFullNone}</p>
              {answer.alternatives.length ? (
                <ul>
                  {answer.alternatives.map((u) => (
                    <li key={u.id}>{`${u.name} (${x.freePlaces(u.free)})`}</li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : null}
        </StaffNotice>
      ) : null}
      {links.length ? <ErrorSummary heading={s.errorSummaryHeading} intro={s.nothingSaved} errors={links} /> : null}
      <form className="vv-staff-form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField id={fieldId('request-from')} label={x.fFrom} type="date" value={from} onChange={setFrom} error={errors.from} />
        <TextField id={fieldId('request-to')} label={x.fTo} hint={x.fToHint} type="date" value={to} onChange={setTo} error={errors.to} />
        <Button type="submit" busy={busy}>
          {x.requestSubmit}
        </Button>
      </form>
    </>
  );
}
