import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { Service } from '../../api.ts';
import { Loading, LoadError } from '../../components/common.tsx';
import { useVocabulary } from '../../hooks.ts';
import { useTitle } from '../../lang.tsx';
import { staffApi, useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import type { Organization } from '../types.ts';
import { ServiceForm } from './ServiceForm.tsx';
import { emptyForm } from './serviceForm.ts';

/** /redaktor/ny — a new service; on success the editor continues on its edit page. */
export function ServiceCreatePage() {
  const { s, link } = useStaffText();
  const navigate = useNavigate();
  const { vocabulary, error } = useVocabulary();
  const organizations = useStaffGet<Organization[]>('/api/organizations');
  const initial = useMemo(() => emptyForm(), []);
  useTitle(s.createTitle);

  return (
    <>
      <p className="vv-staff-back">
        <Link to={link('/redaktor')}>{s.backToEditor}</Link>
      </p>
      <h1 className="vv-page-title">{s.createTitle}</h1>
      <p>{s.createIntro}</p>
      <LoadError error={error ?? organizations.error} />
      {vocabulary && organizations.data ? (
        <ServiceForm
          initial={initial}
          vocabulary={vocabulary}
          organizations={organizations.data}
          submitLabel={s.createButton}
          submit={(input) => staffApi.post<Service>('/api/services', input)}
          onSaved={(service) => navigate(link(`/redaktor/tjenester/${service.id}`), { state: { flash: 'created' } })}
          // A new service has no version to conflict with.
          onConflict={() => undefined}
        />
      ) : error || organizations.error ? null : (
        <Loading />
      )}
    </>
  );
}
