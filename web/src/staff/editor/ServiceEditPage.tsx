import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import type { Service } from '../../api.ts';
import { Loading, LoadError, NotFoundPage, Tag } from '../../components/common.tsx';
import { useVocabulary } from '../../hooks.ts';
import { formatDate, formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { focusById } from '../fieldErrors.ts';
import { asApiError, staffApi, useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import type { Organization } from '../types.ts';
import { Button, StaffNotice } from '../ui.tsx';
import { ServiceActions } from './ServiceActions.tsx';
import { ServiceForm } from './ServiceForm.tsx';
import { formFromService } from './serviceForm.ts';

/** /redaktor/tjenester/:id — edit every field, verify, set intake status, close; links to history. */
export function ServiceEditPage({ id }: { id: string }) {
  const { s, t, lang, link } = useStaffText();
  const location = useLocation();
  const service = useStaffGet<Service>(`/api/services/${id}`);
  const organizations = useStaffGet<Organization[]>('/api/organizations');
  const { vocabulary, error: vocabularyError } = useVocabulary();
  // Bumped to start the form afresh from the stored service (after save, close, reload).
  const [generation, setGeneration] = useState(0);
  const [flash, setFlash] = useState<string | null>((location.state as { flash?: string } | null)?.flash === 'created' ? s.created : null);
  const [conflict, setConflict] = useState(false);
  const [reloadFailed, setReloadFailed] = useState(false);
  // The version the form's content is based on, which a save sends so the API can refuse it
  // (409) when someone else changed the service since. It follows the stored version, except
  // when someone else's change came in between (pinned to the version the form started from).
  const [pinned, setPinned] = useState<number | null>(null);
  const svc = service.data;
  const base = pinned ?? svc?.version ?? null;
  useTitle(svc ? s.editTitle(svc.name) : s.editService);

  // The "created" notice from the create page: focus it once the service is on screen.
  const loaded = svc !== null;
  useEffect(() => {
    if (loaded && flash) focusById('edit-flash');
    // Only on first load; later notices move focus themselves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded]);

  // eslint-disable-next-line react-hooks/exhaustive-deps
  const initial = useMemo(() => (svc ? formFromService(svc) : null), [svc?.id, generation]);

  if (service.error?.status === 404) return <NotFoundPage />;
  if (service.error || organizations.error || vocabularyError)
    return <LoadError error={service.error ?? organizations.error ?? vocabularyError} onRetry={service.reload} />;
  if (!svc || !initial || !vocabulary || !organizations.data) return <Loading />;

  const saved = (next: Service & { unchanged?: boolean }) => {
    service.set(next);
    setPinned(null);
    setGeneration((g) => g + 1);
    setConflict(false);
    // A save that changed nothing wrote no version (the API says unchanged).
    setFlash(next.unchanged ? s.savedUnchanged(next.version) : s.saved(next.version));
    focusById('edit-flash');
  };

  const reloadLatest = async () => {
    setReloadFailed(false);
    try {
      const fresh = await staffApi.get<Service>(`/api/services/${id}`);
      service.set(fresh);
      setPinned(null);
      setGeneration((g) => g + 1);
      setConflict(false);
      setFlash(s.reloaded(fresh.version));
      focusById('edit-flash');
    } catch (error) {
      if (asApiError(error).status !== 401) setReloadFailed(true);
    }
  };

  const verified = svc.provenance.lastVerifiedAt;
  return (
    <>
      <p className="vv-staff-back">
        <Link to={link('/redaktor')}>{s.backToEditor}</Link>
      </p>
      <h1 className="vv-page-title">{s.editTitle(svc.name)}</h1>
      <div className="vv-staff-meta">
        <p>
          <span>{s.versionLabel(svc.version)}</span>
          <span>{s.metaUpdated(formatDateTime(svc.updatedAt, lang))}</span>
          <span>{verified ? s.metaVerified(formatDate(verified, lang), svc.provenance.verifiedBy) : s.metaNotVerified}</span>
        </p>
        <p className="vv-staff-tags">
          {svc.status === 'closed' ? (
            <Tag skin="red">{t.statusClosed(svc.statusDate ? formatDate(svc.statusDate, lang) : null)}</Tag>
          ) : null}
          {svc.status === 'planned' ? (
            <Tag skin="yellow">{t.statusPlanned(svc.statusDate ? formatDate(svc.statusDate, lang) : null)}</Tag>
          ) : null}
          {svc.underReview ? <Tag skin="beige">{t.underReview}</Tag> : null}
        </p>
        <ul className="vv-staff-links">
          <li>
            <Link to={link(`/tjenester/${svc.id}`)}>{s.viewPublic}</Link>
          </li>
          <li>
            <Link to={link(`/redaktor/tjenester/${svc.id}/historikk`)}>{s.historyLink}</Link>
          </li>
        </ul>
      </div>
      {flash ? (
        <StaffNotice id="edit-flash" skin="success">
          <p>{flash}</p>
        </StaffNotice>
      ) : null}
      {conflict ? (
        <StaffNotice id="edit-conflict" skin="warning">
          <p>{s.conflict}</p>
          <Button skin="secondary" size="small" onClick={() => void reloadLatest()}>
            {s.reloadLatest}
          </Button>
          {reloadFailed ? <p>{s.genericError}</p> : null}
        </StaffNotice>
      ) : null}
      <ServiceActions
        service={svc}
        onChanged={(next, reset) => {
          service.set(next);
          setFlash(null);
          if (reset) {
            setPinned(null);
            setGeneration((g) => g + 1);
          } else if (pinned === null && next.version !== svc.version + 1) {
            // Our own verify or intake change leaves the form's fields as they were, so the form
            // follows the new version; if someone else saved in between, the form stays based
            // on the version it started from, and saving gives the conflict message.
            setPinned(svc.version);
          }
        }}
      />
      <ServiceForm
        key={`${svc.id}-${generation}`}
        initial={initial}
        vocabulary={vocabulary}
        organizations={organizations.data}
        submitLabel={s.save}
        submit={(input) =>
          staffApi.put<Service & { unchanged: boolean }>(`/api/services/${svc.id}`, { version: base ?? svc.version, service: input })
        }
        onSaved={saved}
        onConflict={() => {
          setFlash(null);
          setConflict(true);
          focusById('edit-conflict');
        }}
      />
    </>
  );
}
