import { useState, type SubmitEvent } from 'react';
import { ErrorSummary, fieldId, TextField, type ErrorLink } from '../../components/forms.tsx';
import { useVocabulary } from '../../hooks.ts';
import { formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { focusById } from '../fieldErrors.ts';
import { staffApi } from '../http.ts';
import { useStaffText } from '../messages.ts';
import type { AccessReport } from '../types.ts';
import { Button, Section, StaffNotice } from '../ui.tsx';
import { useStaffForm } from '../useStaffForm.ts';
import { AdminNav } from './AdminNav.tsx';

/**
 * /admin/innsyn — "who has looked at my data": a resident's access report, by national ID. The
 * ID is POSTed (never put in a URL) and kept only in this page's memory.
 */
export function AccessReportPage() {
  const { s, lang } = useStaffText();
  const { vocabulary } = useVocabulary();
  const [nationalId, setNationalId] = useState('');
  const [report, setReport] = useState<AccessReport | null>(null);
  const form = useStaffForm({ failureId: 'access-failure' });
  const { errors, failure, busy } = form;
  useTitle(s.accessTitle);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setReport(null);
    await form.run(async () => {
      setReport(await staffApi.post<AccessReport>('/api/admin/access-report', { nationalId: nationalId.replace(/\s/g, '') }));
      focusById('access-result');
    });
  };

  const districtName = (slug: string) => vocabulary?.districts.find((d) => d.slug === slug)?.name ?? slug;
  const links: ErrorLink[] = Object.entries(errors).map(([k, message]) => ({ id: fieldId(`access-${k}`), label: s.fNationalId, message }));

  return (
    <>
      <AdminNav />
      <h1 className="vv-page-title">{s.accessTitle}</h1>
      <p>{s.accessIntro}</p>
      {links.length ? <ErrorSummary heading={s.errorSummaryHeading} errors={links} /> : null}
      {failure ? (
        <StaffNotice id="access-failure" skin="error">
          <p>{failure}</p>
        </StaffNotice>
      ) : null}
      <form className="vv-staff-inline-form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          id={fieldId('access-nationalId')}
          label={s.fNationalId}
          hint={s.fNationalIdHint}
          value={nationalId}
          onChange={setNationalId}
          error={errors.nationalId}
          inputMode="numeric"
          autoComplete="off"
          maxLength={13}
        />
        <Button type="submit" busy={busy}>
          {busy ? s.accessSearching : s.accessSubmit}
        </Button>
      </form>
      {report ? (
        <Section id="access-report" title={s.accessResultHeading}>
          <div id="access-result" tabIndex={-1}>
            {report.entries.length === 0 ? (
              <p>{s.accessNone}</p>
            ) : (
              <div className="vv-staff-table-wrap" role="region" aria-labelledby="access-caption" tabIndex={0}>
                <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table">
                  <caption id="access-caption" className="vv-staff-caption">
                    {s.accessCaption(report.entries.length)}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{s.whenHeader}</th>
                      <th scope="col">{s.whoHeader}</th>
                      <th scope="col">{s.roleHeader}</th>
                      <th scope="col">{s.whatHeader}</th>
                      <th scope="col">{s.purposeHeader}</th>
                      <th scope="col">{s.outcomeHeader}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.entries.map((e, i) => (
                      <tr key={`${e.when}-${i}`}>
                        <td>{formatDateTime(e.when, lang)}</td>
                        <td>{e.who}</td>
                        <td>
                          {e.roles.map((r) => s.roles[r] ?? r).join(', ')}
                          {e.organisationUnit.districts?.length || e.organisationUnit.units?.length ? (
                            <span className="vv-staff-muted">
                              {' '}
                              {s.scopeUnits(
                                (e.organisationUnit.districts ?? []).map(districtName).join(', '),
                                (e.organisationUnit.units ?? []).join(', '),
                              )}
                            </span>
                          ) : null}
                        </td>
                        <td>{s.auditActions[e.what] ?? e.what}</td>
                        <td>{s.purposes[e.purpose] ?? e.purpose}</td>
                        <td>{s.outcomes[e.outcome] ?? e.outcome}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        </Section>
      ) : null}
    </>
  );
}
