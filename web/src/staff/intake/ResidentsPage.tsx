import { useState, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { UnitStays } from '../../../../src/intake/transitions.schemas.ts';
import { Loading, LoadError } from '../../components/common.tsx';
import { fieldId, SelectField } from '../../components/forms.tsx';
import { formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { useStaffGet } from '../http.ts';
import { useSession } from '../session.tsx';
import type { Capacity } from '../types.ts';
import { Button } from '../ui.tsx';
import { useTransitionsText } from './transitions-messages.ts';
import { IntakeNav } from './IntakeNav.tsx';

/** /inntak/beboere?enhet=… — a unit's residents, each with "Avslutt umiddelbart". */
export function ResidentsPage({ unitId }: { unitId: string | null }) {
  const { x, lang, link } = useTransitionsText();
  const navigate = useNavigate();
  const session = useSession();
  const capacity = useStaffGet<Capacity>('/api/capacity');
  const mine = session.status === 'signedIn' && !session.me.permissions.includes('intake:replace') ? session.me.units : null;
  const units = (capacity.data?.units ?? []).filter((u) => mine === null || mine.includes(u.id));
  const [choice, setChoice] = useState(unitId ?? '');
  const stays = useStaffGet<UnitStays>(unitId ? `/api/intake/units/${encodeURIComponent(unitId)}/stays` : null);
  const unitName = units.find((u) => u.id === unitId)?.name ?? unitId ?? '';
  useTitle(x.residentsTitle);

  const show = (event: SubmitEvent) => {
    event.preventDefault();
    if (choice) navigate(link(`/inntak/beboere?enhet=${encodeURIComponent(choice)}`));
  };

  return (
    <>
      <IntakeNav />
      <h1 className="vv-page-title">{x.residentsTitle}</h1>
      <p>{x.residentsIntro}</p>
      <LoadError error={capacity.error} onRetry={capacity.reload} />
      <form className="vv-staff-inline-form" onSubmit={show} noValidate>
        <SelectField
          id={fieldId('residents-unit')}
          label={x.residentsUnit}
          value={choice}
          onChange={setChoice}
          options={[{ value: '', label: '—' }, ...units.map((u) => ({ value: u.id, label: u.name }))]}
        />
        <Button type="submit">{x.residentsShow}</Button>
      </form>
      {stays.loading && !stays.data ? <Loading /> : null}
      <LoadError error={stays.error} onRetry={stays.reload} />
      {stays.data && unitId ? (
        stays.data.stays.length === 0 ? (
          <p>{x.residentsNone}</p>
        ) : (
          <div className="vv-staff-table-wrap" role="region" aria-labelledby="residents-caption" tabIndex={0}>
            <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table">
              <caption id="residents-caption" className="vv-staff-caption">
                {`${unitName}: ${x.residentsCaption(stays.data.stays.length)}`}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{x.residentPerson}</th>
                  <th scope="col">{x.residentAdmitted}</th>
                  <th scope="col">{x.residentActions}</th>
                </tr>
              </thead>
              <tbody>
                {stays.data.stays.map((stay) => (
                  <tr key={stay.id} data-stay={stay.id}>
                    <td>
                      <code>{stay.personId}</code>
                    </td>
                    <td>{formatDateTime(stay.admittedAt, lang)}</td>
                    <td>
                      <Link
                        to={link(`/inntak/beboere/${stay.id}/avslutt?enhet=${encodeURIComponent(unitId)}`)}
                        aria-label={`${x.dischargeNow}: ${stay.personId}`}
                      >
                        {x.dischargeNow}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </>
  );
}
