import { useEffect, useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorSummary, fieldId, SelectField, TextField, type ErrorLink } from '../../components/forms.tsx';
import { Loading, LoadError } from '../../components/common.tsx';
import { formatDate, formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import type { IntakeRequest, MatchesAnswer } from '../../../../src/intake/requests.schemas.ts';
import { focusById } from '../fieldErrors.ts';
import { staffApi, useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import { may } from '../pages.ts';
import { useSession } from '../session.tsx';
import { Button, RequiredLabel, Section, StaffNotice } from '../ui.tsx';
import { useStaffForm } from '../useStaffForm.ts';
import { IntakeNav, useRequestEvents } from './IntakeNav.tsx';
import { useRequestText } from './requestMessages.ts';

type Action = IntakeRequest['actions'][number];

/** Which permission each action on the page needs (the server checks it again). */
const ACTION_PERMISSION: Partial<Record<Action, string>> = {
  receive: 'intake:handle_requests',
  accept: 'intake:answer_offer',
  decline: 'intake:answer_offer',
  admit: 'intake:handle_requests',
  reject: 'intake:handle_requests',
  withdraw: 'intake:decide',
};
const NEEDS_REASON: readonly Action[] = ['decline', 'reject', 'withdraw'];

/** The default end of an offer: 48 hours from now, as a local date and time (YYYY-MM-DDTHH:MM) in the reader's time. */
function inTwoDays(): string {
  const d = new Date(Date.now() + 48 * 3_600_000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

/**
 * /inntak/foresporsler/:id — a request: its decision, offer and history; the actions the user may
 * take; for common intake also the ranked matches and the offer form.
 */
export function RequestPage({ id }: { id: string }) {
  const { r, lang, link } = useRequestText();
  const { s } = useStaffText();
  const session = useSession();
  const [params] = useSearchParams();
  const me = session.status === 'signedIn' ? session.me : null;
  const handles = me !== null && may(me, 'intake:handle_requests');
  const request = useStaffGet<IntakeRequest>(`/api/intake/requests/${id}`);
  const matches = useStaffGet<MatchesAnswer>(handles ? `/api/intake/requests/${id}/matches` : null);
  const [done, setDone] = useState<string | null>(params.get('sendt') ? r.sent : null);
  const [reason, setReason] = useState('');
  const [pending, setPending] = useState<Action | null>(null);
  const [unitId, setUnitId] = useState('');
  const [expiresDate, setExpiresDate] = useState(() => inTwoDays().slice(0, 10));
  const [expiresTime, setExpiresTime] = useState(() => inTwoDays().slice(11, 16));
  const action = useStaffForm({ failureId: 'request-failure', summary: false });
  const offer = useStaffForm({ failureId: 'offer-failure', toKey: (f) => (f === 'expiresAt' ? 'expires' : f) });
  useRequestEvents((e) => {
    if (e.id === id) request.reload();
  });
  useTitle(r.detailTitle);
  // An action that needs a reason shows its field first; focus goes there, so the keyboard user types it next.
  useEffect(() => {
    if (pending) focusById(fieldId('request-reason'));
  }, [pending]);

  const after = (next: IntakeRequest) => {
    request.set(next);
    matches.reload();
    setDone(r.done(r.status[next.status] ?? next.status));
    setPending(null);
    setReason('');
    focusById('request-done');
  };
  const run = async (verb: Action) => {
    if (NEEDS_REASON.includes(verb) && pending !== verb) {
      setPending(verb);
      return;
    }
    await action.run(async () => {
      const body = NEEDS_REASON.includes(verb) ? { reason } : verb === 'admit' ? {} : undefined;
      after(await staffApi.post<IntakeRequest>(`/api/intake/requests/${id}/${verb}`, body));
    });
  };
  const submitOffer = async (event: SubmitEvent) => {
    event.preventDefault();
    await offer.run(async () => {
      const local = new Date(`${expiresDate}T${expiresTime || '00:00'}`);
      const expiresAt = Number.isNaN(local.getTime()) ? '' : local.toISOString();
      after(await staffApi.post<IntakeRequest>(`/api/intake/requests/${id}/offer`, { unitId, expiresAt }));
    });
  };

  const q = request.data;
  const allowed = q && me ? q.actions.filter((a) => a !== 'offer' && ACTION_PERMISSION[a] && may(me, ACTION_PERMISSION[a])) : [];
  const offerLinks: ErrorLink[] = Object.entries(offer.errors).map(([k, message]) => ({
    id: fieldId(`offer-${k}`),
    label: k === 'expires' ? r.fExpires : r.fUnit,
    message,
  }));
  const reasonText = (x: { nb: string; en: string }) => (lang === 'nb' ? x.nb : x.en);

  return (
    <>
      <IntakeNav />
      <p>
        <Link to={link('/inntak/foresporsler')}>{r.backToRequests}</Link>
      </p>
      <h1 className="vv-page-title">{q ? `${r.detailTitle}: ${r.person(q.personId)}` : r.detailTitle}</h1>
      {request.loading && !q ? <Loading /> : null}
      <LoadError error={request.error} onRetry={request.reload} />
      {done ? (
        <StaffNotice id="request-done" skin="success">
          <p>{done}</p>
        </StaffNotice>
      ) : null}
      {action.failure ? (
        <StaffNotice id="request-failure" skin="error">
          <p>{action.failure}</p>
        </StaffNotice>
      ) : null}
      {q ? (
        <>
          <p>
            {r.colStatus}: <strong data-testid="request-status">{r.status[q.status]}</strong>
          </p>
          <Section id="request-facts" title={r.detailFacts}>
            <dl className="vv-staff-facts">
              <dt>{r.colCategory}</dt>
              <dd>{s.capacityCategories[q.category] ?? q.category}</dd>
              <dt>{r.period}</dt>
              <dd>
                {formatDate(q.period.from, lang)}
                {q.period.to ? ` – ${formatDate(q.period.to, lang)}` : ''}
              </dd>
              <dt>{r.needs}</dt>
              <dd>
                {[
                  r.substance[q.needs.substance],
                  q.needs.gender ? r.gender[q.needs.gender] : null,
                  q.needs.age !== null ? String(q.needs.age) : null,
                  q.needs.somaticCare ? r.somaticYes : null,
                ]
                  .filter(Boolean)
                  .join(', ')}
              </dd>
              <dt>{r.colUrgency}</dt>
              <dd>{r.urgency[q.urgency]}</dd>
              <dt>{r.colDistrict}</dt>
              <dd>{q.district}</dd>
              <dt>{r.homeDistrict}</dt>
              <dd>{q.preferences.homeDistrict}</dd>
              {q.preferences.preferredUnits.length ? (
                <>
                  <dt>{r.preferred}</dt>
                  <dd>{q.preferences.preferredUnits.join(', ')}</dd>
                </>
              ) : null}
              {q.offer ? (
                <>
                  <dt>{r.offer}</dt>
                  <dd data-testid="request-offer">{r.offerAt(q.offer.unitName, formatDateTime(q.offer.expiresAt, lang))}</dd>
                </>
              ) : null}
            </dl>
          </Section>
          {allowed.length ? (
            <Section id="request-actions" title={r.actions}>
              {pending ? (
                <TextField
                  id={fieldId('request-reason')}
                  label={<RequiredLabel text={r.reason} />}
                  hint={r.reasonHint}
                  value={reason}
                  onChange={setReason}
                  error={action.errors.reason}
                  multiline
                  rows={2}
                  maxLength={500}
                />
              ) : null}
              <div className="vv-staff-actions">
                {allowed.map((a) => (
                  <Button
                    key={a}
                    skin={a === 'reject' || a === 'withdraw' || a === 'decline' ? 'secondary' : 'primary'}
                    busy={action.busy}
                    onClick={() => void run(a)}
                  >
                    {r.act[a] ?? a}
                  </Button>
                ))}
              </div>
            </Section>
          ) : null}
          <Section id="request-history" title={r.history}>
            <ol data-testid="request-history">
              {q.history.map((h, i) => (
                <li key={`${h.at}-${i}`}>
                  {r.historyEntry(r.status[h.to] ?? h.to, h.actorName, formatDateTime(h.at, lang))}
                  {h.reason ? <span className="vv-staff-muted"> ({h.reason})</span> : null}
                </li>
              ))}
            </ol>
          </Section>
          {handles ? (
            <Section id="request-matches" title={r.matchesTitle}>
              <p>{r.matchesIntro}</p>
              {matches.loading && !matches.data ? <Loading /> : null}
              <LoadError error={matches.error} onRetry={matches.reload} />
              {matches.data ? (
                <>
                  {matches.data.suitable.length === 0 ? (
                    <p>{r.noMatches}</p>
                  ) : (
                    <div className="vv-staff-table-wrap" role="region" aria-label={r.matchesCaption} tabIndex={0}>
                      <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table">
                        <caption className="vv-staff-caption">{r.matchesCaption}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{r.colUnit}</th>
                            <th scope="col">{r.colScore}</th>
                            <th scope="col">{r.colFree}</th>
                            <th scope="col">{r.colReasons}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {matches.data.suitable.map((m) => (
                            <tr key={m.unitId} data-match={m.unitId}>
                              <th scope="row">{m.name}</th>
                              <td>{m.score}</td>
                              <td>{m.free}</td>
                              <td>
                                <ul className="vv-staff-reasons">
                                  {m.reasons.map((x, i) => (
                                    <li key={`${x.code}-${i}`}>
                                      {x.points > 0 ? `+${x.points}` : x.points < 0 ? `${x.points}` : '·'} {reasonText(x)}
                                    </li>
                                  ))}
                                </ul>
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  )}
                  <details className="vv-staff-details">
                    <summary>
                      {r.unsuitableTitle} ({matches.data.unsuitable.length})
                    </summary>
                    {matches.data.unsuitable.length === 0 ? (
                      <p>{r.unsuitableNone}</p>
                    ) : (
                      <ul>
                        {matches.data.unsuitable.map((u) => (
                          <li key={u.unitId}>
                            <strong>{u.name}</strong>: {u.reasons.map(reasonText).join(' ')}
                          </li>
                        ))}
                      </ul>
                    )}
                  </details>
                  {q.actions.includes('offer') ? (
                    <Section id="request-offer-form" title={r.offerTitle} level={3}>
                      {offerLinks.length ? <ErrorSummary heading={s.errorSummaryHeading} errors={offerLinks} /> : null}
                      {offer.failure ? (
                        <StaffNotice id="offer-failure" skin="error">
                          <p>{offer.failure}</p>
                        </StaffNotice>
                      ) : null}
                      <form className="vv-staff-form" onSubmit={(e) => void submitOffer(e)} noValidate>
                        <SelectField
                          id={fieldId('offer-unitId')}
                          label={<RequiredLabel text={r.fUnit} />}
                          value={unitId}
                          onChange={setUnitId}
                          error={offer.errors.unitId}
                          options={[
                            { value: '', label: r.fUnitChoose },
                            ...matches.data.suitable.map((m) => ({ value: m.unitId, label: `${m.name} (${m.free})` })),
                          ]}
                        />
                        <TextField
                          id={fieldId('offer-expires')}
                          type="date"
                          label={<RequiredLabel text={r.fExpires} />}
                          hint={r.fExpiresHint}
                          value={expiresDate}
                          onChange={setExpiresDate}
                          error={offer.errors.expires}
                        />
                        <TextField
                          id={fieldId('offer-expiresTime')}
                          type="time"
                          label={r.fExpiresTime}
                          value={expiresTime}
                          onChange={setExpiresTime}
                        />
                        <Button type="submit" busy={offer.busy}>
                          {r.offerSubmit}
                        </Button>
                      </form>
                    </Section>
                  ) : null}
                </>
              ) : null}
            </Section>
          ) : null}
        </>
      ) : null}
    </>
  );
}
