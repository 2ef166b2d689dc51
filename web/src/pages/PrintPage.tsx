import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError, type SearchResponse, type Service } from '../api.ts';
import { LoadError, Loading, Tag } from '../components/common.tsx';
import { Icon } from '../components/Icon.tsx';
import { OpeningHoursView } from '../components/OpeningHours.tsx';
import { useVocabulary } from '../hooks.ts';
import { formatDate } from '../i18n.ts';
import { useLang, useTitle } from '../lang.tsx';
import { MAX_SELECTED, useSelection } from '../selection.ts';
import { areaText, drugFreeText } from './SearchPage.tsx';
import { addressLines } from './ServicePage.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A clean printable list of chosen services with the facts a person needs on paper. */
export function PrintPage() {
  const { t, lang, label, link } = useLang();
  const [params, setParams] = useSearchParams();
  const ids = useMemo(
    () =>
      [
        ...new Set(
          (params.get('ids') ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter((s) => UUID.test(s)),
        ),
      ].slice(0, MAX_SELECTED),
    [params],
  );
  const [tick, setTick] = useState(0);
  const key = `${tick} ${ids.join(',')}`;
  const [loaded, setLoaded] = useState<{ key: string; services: Service[] | null; error: ApiError | null }>({
    key: '',
    services: null,
    error: null,
  });
  const { vocabulary } = useVocabulary();
  const selection = useSelection();
  useTitle(t.printTitle);

  useEffect(() => {
    if (ids.length === 0) return;
    const controller = new AbortController();
    (async () => {
      // The list says which ids exist (closed ones too); the details carry address and contact facts.
      const list = await api.get<SearchResponse>(`/api/services?ids=${ids.join(',')}&perPage=${MAX_SELECTED}`, controller.signal);
      const found = new Set(list.items.map((i) => i.id));
      const details = await Promise.all(
        ids.filter((id) => found.has(id)).map((id) => api.get<Service>(`/api/services/${id}`, controller.signal)),
      );
      setLoaded({ key, services: details, error: null });
    })().catch((e: unknown) => {
      if ((e as Error).name === 'AbortError') return;
      setLoaded({ key, services: null, error: e instanceof ApiError ? e : new ApiError(0, String(e)) });
    });
    return () => controller.abort();
  }, [ids, key]);

  // After a removal the rest of the list is already here: show it while the list reloads.
  const known = loaded.services ?? [];
  const kept = ids.every((id) => known.some((s) => s.id === id)) ? ids.flatMap((id) => known.filter((s) => s.id === id)) : null;
  const services: Service[] | null = ids.length === 0 ? [] : loaded.key === key ? loaded.services : kept;
  const error = loaded.key === key ? loaded.error : null;

  function remove(id: string) {
    const next = new URLSearchParams(params);
    const rest = ids.filter((x) => x !== id);
    if (rest.length) next.set('ids', rest.join(','));
    else next.delete('ids');
    selection.toggle(id, false);
    setParams(next, { replace: true });
  }

  const today = formatDate(new Date().toISOString(), lang);

  return (
    <div className="vv-print">
      <h1 className="vv-page-title">{t.printTitle}</h1>
      <p className="vv-lead vv-noprint">{t.printIntro}</p>
      <p className="vv-print-only">{t.printFetched(today)}</p>
      {services && services.length ? (
        <p className="vv-noprint">
          <button type="button" className="pkt-btn pkt-btn--primary pkt-btn--medium pkt-btn--icon-left" onClick={() => window.print()}>
            <Icon name="print" className="pkt-btn__icon" />
            <span className="pkt-btn__text">{t.printButton}</span>
          </button>
        </p>
      ) : null}
      <LoadError error={error} onRetry={() => setTick((n) => n + 1)} />
      {services === null && !error ? <Loading /> : null}
      {services && services.length === 0 ? (
        <p>
          {t.printEmpty} <Link to={link('/')}>{t.goHome}</Link>
        </p>
      ) : null}
      {services && services.length ? (
        <ol className="vv-print-list">
          {services.map((s) => {
            const address = addressLines(s);
            const english = lang === 'en' && s.descriptionEn;
            return (
              <li key={s.id} className="vv-print-item">
                <article aria-labelledby={`p-${s.id}`}>
                  <h2 id={`p-${s.id}`} className="vv-print-item__title">
                    {s.name}
                  </h2>
                  <p className="vv-muted">
                    {label(vocabulary?.kinds[s.kind], s.kind)} · {areaText(s, vocabulary, t)}
                    {s.status === 'closed' ? (
                      <>
                        {' '}
                        <Tag skin="red">{t.statusClosed(s.statusDate ? formatDate(s.statusDate, lang) : null)}</Tag>
                      </>
                    ) : null}
                    {s.status === 'planned' ? (
                      <>
                        {' '}
                        <Tag skin="yellow">{t.statusPlanned(s.statusDate ? formatDate(s.statusDate, lang) : null)}</Tag>
                      </>
                    ) : null}
                  </p>
                  <p lang={lang === 'en' && !english ? 'nb' : undefined}>{english ? s.descriptionEn : s.description}</p>
                  {lang === 'en' && !english ? <p className="vv-muted">{t.onlyNorwegian}</p> : null}
                  {s.howToGet?.[lang].length ? (
                    <p>
                      <strong>{t.howToGetHeading}:</strong> {s.howToGet[lang].join(' ')}
                    </p>
                  ) : null}
                  <dl className="vv-facts vv-facts--print">
                    <div className="vv-fact">
                      <dt>{t.phoneLabel}</dt>
                      <dd className={s.phone ? undefined : 'vv-unknown'}>{s.phone ?? t.phoneUnknown}</dd>
                    </div>
                    <div className="vv-fact">
                      <dt>{t.emailLabel}</dt>
                      <dd className={s.email ? undefined : 'vv-unknown'}>{s.email ?? t.emailUnknown}</dd>
                    </div>
                    <div className="vv-fact">
                      <dt>{t.websiteLabel}</dt>
                      <dd className={s.url ? undefined : 'vv-unknown'}>{s.url ?? t.websiteUnknown}</dd>
                    </div>
                    <div className="vv-fact">
                      <dt>{t.addressLabel}</dt>
                      <dd className={address ? undefined : 'vv-unknown'}>{address ? address.join(', ') : t.addressUnknown}</dd>
                    </div>
                    <div className="vv-fact">
                      <dt>{t.accessLabel}</dt>
                      <dd className={s.access ? undefined : 'vv-unknown'}>
                        {s.access ? label(vocabulary?.access[s.access], s.access) : t.accessUnknown}
                      </dd>
                    </div>
                    <div className="vv-fact">
                      <dt>{t.drugFreeLabel}</dt>
                      <dd className={s.requiresDrugFree === null ? 'vv-unknown' : undefined}>{drugFreeText(s.requiresDrugFree, t)}</dd>
                    </div>
                  </dl>
                  <h3 className="vv-subtitle">{t.hoursHeading}</h3>
                  <OpeningHoursView hours={s.openingHours} idPrefix={`p-${s.id}`} />
                  <p className="vv-print-only vv-muted">{`${window.location.origin}/tjenester/${s.id}`}</p>
                  <p className="vv-noprint">
                    <button
                      type="button"
                      className="pkt-btn pkt-btn--tertiary pkt-btn--small"
                      onClick={() => remove(s.id)}
                      aria-label={`${t.printRemove}: ${s.name}`}
                    >
                      <span className="pkt-btn__text">{t.printRemove}</span>
                    </button>
                  </p>
                </article>
              </li>
            );
          })}
        </ol>
      ) : null}
    </div>
  );
}
