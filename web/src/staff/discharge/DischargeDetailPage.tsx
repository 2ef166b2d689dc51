import { useState, type SubmitEvent } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { Loading, LoadError } from '../../components/common.tsx';
import { Checkbox, ErrorSummary, Fieldset, fieldId, TextField, type ErrorLink } from '../../components/forms.tsx';
import { formatDate, formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { focusById } from '../fieldErrors.ts';
import { staffApi, useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import { may } from '../pages.ts';
import { useSession } from '../session.tsx';
import { Button, RequiredLabel, Section, StaffNotice } from '../ui.tsx';
import { useStaffForm } from '../useStaffForm.ts';
import { patientLabel, useDistrictName, withFieldErrors, type NotificationDetail } from './shared.ts';

/** /utskrivningsklare/:id — one notice: its counters, the evidence trail, and (for the district) the answer form. */
export function DischargeDetailPage({ id }: { id: string }) {
  const { s, lang, link } = useStaffText();
  useTitle(s.dischargeDetailTitle);
  const session = useSession();
  const answerer = session.status === 'signedIn' && may(session.me, 'discharge:answer');
  const sent = new URLSearchParams(useLocation().search).has('sendt');
  const detail = useStaffGet<NotificationDetail>(`/api/discharge-ready/${encodeURIComponent(id)}`);
  const districtName = useDistrictName();
  const n = detail.data;

  return (
    <>
      <p className="vv-staff-back">
        <Link to={link('/utskrivningsklare')}>{s.dischargeBack}</Link>
      </p>
      <h1 className="vv-page-title">{s.dischargeDetailTitle}</h1>
      {sent ? (
        <StaffNotice skin="success">
          <p>{s.dischargeSent}</p>
        </StaffNotice>
      ) : null}
      {detail.loading && !n ? <Loading /> : null}
      <LoadError error={detail.error} onRetry={detail.reload} />
      {n ? (
        <>
          <dl className="vv-discharge-facts">
            <dt>{s.dischargePatient}</dt>
            <dd>{patientLabel(n, s)}</dd>
            <dt>{s.dischargeDistrict}</dt>
            <dd>{districtName(n.district)}</dd>
            <dt>{s.dischargeHospitalWard}</dt>
            <dd>
              {n.hospital}, {n.ward}
            </dd>
            <dt>{s.dischargeReadyAt}</dt>
            <dd>{formatDateTime(n.readyAt, lang)}</dd>
            <dt>{s.dischargeNotifiedAt}</dt>
            <dd>{formatDateTime(n.notifiedAt, lang)}</dd>
            <dt>{s.dischargeStatus}</dt>
            <dd data-testid="detail-status">
              {n.answer
                ? n.answer.canReceive
                  ? s.dischargeCanText(formatDate(n.answer.receiveOn, lang))
                  : s.dischargeCannotText(n.answer.reason ?? '')
                : (s.dischargeStatuses[n.status] ?? n.status)}
            </dd>
            <dt>{s.dischargeDaysSinceReady}</dt>
            <dd>{n.counters.daysSinceReady}</dd>
            <dt>{s.dischargePaymentDays}</dt>
            <dd data-testid="detail-payment-days">
              {n.counters.paymentDays} (
              {n.counters.paymentFrom ? s.dischargePaymentFrom(formatDate(n.counters.paymentFrom, lang)) : s.dischargeNoPayment})
            </dd>
            <dt>{s.dischargeSummaryReceived}</dt>
            <dd>{n.dischargeSummaryReceivedAt ? formatDateTime(n.dischargeSummaryReceivedAt, lang) : s.dischargeSummaryMissing}</dd>
            <dt>{s.dischargeNeeds}</dt>
            <dd className="vv-discharge-needs">{n.needs}</dd>
          </dl>
          {answerer ? <AnswerForm notification={n} onSaved={detail.set} /> : null}
          {answerer && !n.dischargeSummaryReceivedAt ? <SummaryButton id={n.id} onSaved={detail.set} /> : null}
          <Section id="evidence" title={s.dischargeEvidenceTitle}>
            <div className="vv-table-scroll" tabIndex={0} role="region" aria-label={s.dischargeEvidenceCaption}>
              <table className="vv-table" data-testid="evidence">
                <caption>{s.dischargeEvidenceCaption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{s.dischargeEvidenceWhat}</th>
                    <th scope="col">{s.dischargeEvidenceWhen}</th>
                    <th scope="col">{s.dischargeEvidenceRecorded}</th>
                    <th scope="col">{s.dischargeEvidenceWho}</th>
                  </tr>
                </thead>
                <tbody>
                  {n.evidence.map((e) => (
                    <tr key={e.id}>
                      <th scope="row">
                        {s.dischargeEvidenceKinds[e.kind] ?? e.kind}
                        {e.kind === 'answered' ? `: ${answerText(e.detail, s, lang)}` : ''}
                      </th>
                      <td>{formatDateTime(e.occurredAt, lang)}</td>
                      <td>{formatDateTime(e.recordedAt, lang)}</td>
                      <td>{e.actorName}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Section>
        </>
      ) : null}
    </>
  );
}

function answerText(
  detail: Record<string, unknown>,
  s: ReturnType<typeof useStaffText>['s'],
  lang: ReturnType<typeof useStaffText>['lang'],
) {
  if (detail.canReceive === true)
    return s.dischargeCanText(formatDate(typeof detail.receiveOn === 'string' ? detail.receiveOn : null, lang));
  return s.dischargeCannotText(typeof detail.reason === 'string' ? detail.reason : '');
}

function AnswerForm({ notification, onSaved }: { notification: NotificationDetail; onSaved: (n: NotificationDetail) => void }) {
  const { s } = useStaffText();
  const [canReceive, setCanReceive] = useState<boolean | null>(notification.answer?.canReceive ?? null);
  const [receiveOn, setReceiveOn] = useState(notification.answer?.receiveOn ?? '');
  const [reason, setReason] = useState(notification.answer?.reason ?? '');
  const [saved, setSaved] = useState(false);
  const form = useStaffForm({ failureId: 'answer-result' });
  const { errors, failure, busy } = form;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaved(false);
    const done = await form.run(async () => {
      const body = canReceive ? { canReceive: true, receiveOn } : { canReceive: false, reason: reason || null };
      onSaved(await withFieldErrors(staffApi.post<NotificationDetail>(`/api/discharge-ready/${notification.id}/answer`, body)));
      setSaved(true);
    });
    if (done) focusById('answer-result');
  };
  const labels: Record<string, string> = { canReceive: s.dischargeAnswerLegend, receiveOn: s.fReceiveOn, reason: s.fReason };
  const links: ErrorLink[] = Object.entries(errors).map(([k, message]) => ({ id: fieldId(`answer-${k}`), label: labels[k] ?? k, message }));

  return (
    <Section id="answer" title={s.dischargeAnswerTitle}>
      {failure || saved ? (
        <StaffNotice id="answer-result" skin={failure ? 'error' : 'success'}>
          <p>{failure ?? s.dischargeAnswerSaved}</p>
        </StaffNotice>
      ) : null}
      {links.length ? <ErrorSummary heading={s.errorSummaryHeading} intro={s.nothingSaved} errors={links} /> : null}
      <form className="vv-staff-form" onSubmit={(e) => void submit(e)} noValidate>
        <Fieldset legend={<RequiredLabel text={s.dischargeAnswerLegend} />} id={fieldId('answer-canReceive')} error={errors.canReceive}>
          <Checkbox
            type="radio"
            name="canReceive"
            id={fieldId('answer-can')}
            label={s.dischargeCan}
            checked={canReceive === true}
            onChange={(on) => on && setCanReceive(true)}
          />
          <Checkbox
            type="radio"
            name="canReceive"
            id={fieldId('answer-cannot')}
            label={s.dischargeCannot}
            checked={canReceive === false}
            onChange={(on) => on && setCanReceive(false)}
          />
        </Fieldset>
        {canReceive === true ? (
          <TextField
            id={fieldId('answer-receiveOn')}
            type="date"
            label={<RequiredLabel text={s.fReceiveOn} />}
            value={receiveOn}
            onChange={setReceiveOn}
            error={errors.receiveOn}
          />
        ) : null}
        {canReceive === false ? (
          <TextField
            id={fieldId('answer-reason')}
            multiline
            label={<RequiredLabel text={s.fReason} />}
            value={reason}
            onChange={setReason}
            error={errors.reason}
          />
        ) : null}
        <Button type="submit" busy={busy} disabled={canReceive === null}>
          {s.dischargeAnswerSubmit}
        </Button>
      </form>
    </Section>
  );
}

function SummaryButton({ id, onSaved }: { id: string; onSaved: (n: NotificationDetail) => void }) {
  const { s } = useStaffText();
  const form = useStaffForm({ failureId: 'summary-result', summary: false });
  const [saved, setSaved] = useState(false);
  const record = async () => {
    const done = await form.run(async () => {
      onSaved(await staffApi.post<NotificationDetail>(`/api/discharge-ready/${id}/summary`, {}));
      setSaved(true);
    });
    if (done) focusById('summary-result');
  };
  return (
    <div className="vv-staff-section">
      {form.failure ? (
        <StaffNotice id="summary-result" skin="error">
          <p>{form.failure}</p>
        </StaffNotice>
      ) : null}
      <Button skin="secondary" busy={form.busy} onClick={() => void record()}>
        {s.dischargeMarkSummary}
      </Button>
      {saved ? (
        <StaffNotice id="summary-result" skin="success">
          <p>{s.dischargeSummarySaved}</p>
        </StaffNotice>
      ) : null}
    </div>
  );
}
