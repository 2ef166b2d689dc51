import { Link } from 'react-router-dom';
import type { AgreementList } from '../../../../src/intake/transitions.schemas.ts';
import { Loading, LoadError } from '../../components/common.tsx';
import { useTitle } from '../../lang.tsx';
import { useStaffGet } from '../http.ts';
import { useTransitionsText } from './transitions-messages.ts';
import { IntakeNav } from './IntakeNav.tsx';

/** /inntak/brukerstyrt — user-controlled place agreements at the units in the user's scope. */
export function AgreementsPage() {
  const { x, link } = useTransitionsText();
  const list = useStaffGet<AgreementList>('/api/intake/user-controlled/agreements');
  useTitle(x.agreementsTitle);
  const agreements = list.data?.agreements ?? [];
  return (
    <>
      <IntakeNav />
      <h1 className="vv-page-title">{x.agreementsTitle}</h1>
      <p>{x.agreementsIntro}</p>
      <p>
        <Link className="pkt-btn pkt-btn--secondary pkt-btn--small" to={link('/inntak/brukerstyrt/ny')}>
          <span className="pkt-btn__text">{x.agreementsNew}</span>
        </Link>
      </p>
      {list.loading && !list.data ? <Loading /> : null}
      <LoadError error={list.error} onRetry={list.reload} />
      {list.data && agreements.length === 0 ? <p>{x.agreementsNone}</p> : null}
      {agreements.length ? (
        <div className="vv-staff-table-wrap" role="region" aria-labelledby="agreements-caption" tabIndex={0}>
          <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table">
            <caption id="agreements-caption" className="vv-staff-caption">
              {x.agreementsCaption(agreements.length)}
            </caption>
            <thead>
              <tr>
                <th scope="col">{x.agreementUnit}</th>
                <th scope="col">{x.agreementPerson}</th>
                <th scope="col">{x.agreementLimits}</th>
                <th scope="col">{x.agreementValid}</th>
                <th scope="col">{x.residentActions}</th>
              </tr>
            </thead>
            <tbody>
              {agreements.map((a) => (
                <tr key={a.id} data-agreement={a.id}>
                  <th scope="row">{a.unitName}</th>
                  <td>
                    <code>{a.personId}</code>
                  </td>
                  <td>{x.agreementLimitsText(a.nightsPerStay, a.staysPerPeriod, a.periodDays)}</td>
                  <td>{`${a.validFrom} – ${a.validTo}`}</td>
                  <td>
                    <Link to={link(`/inntak/brukerstyrt/${a.id}/opphold`)} aria-label={`${x.agreementRequest}: ${a.personId}`}>
                      {x.agreementRequest}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
