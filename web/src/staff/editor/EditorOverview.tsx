import { useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { StaffSearchResponse } from '../../api.ts';
import { Loading, LoadError, Tag } from '../../components/common.tsx';
import { fieldId, TextField } from '../../components/forms.tsx';
import { formatDate } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { focusById } from '../fieldErrors.ts';
import { useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import type { StaleService } from '../types.ts';
import { Button, Section } from '../ui.tsx';
import { EntryTags } from './EntryTags.tsx';
import { ErrorReportQueue } from './ErrorReportQueue.tsx';

/** /redaktor — find a service, the entries nobody has verified lately, and the public's error reports. */
export function EditorOverview() {
  const { s, link } = useStaffText();
  useTitle(s.editorTitle);
  return (
    <>
      <div className="vv-staff-titlebar">
        <h1 className="vv-page-title">{s.editorTitle}</h1>
        <Link className="pkt-btn pkt-btn--primary" to={link('/redaktor/ny')}>
          <span className="pkt-btn__text">{s.editorNewService}</span>
        </Link>
      </div>
      <p>{s.editorIntro}</p>
      <p>
        <Link to={link('/redaktor/mangler-kontakt')}>{s.worklistLink}</Link>
      </p>
      <FindService />
      <ErrorReportQueue />
      <StaleList />
    </>
  );
}

/** The query lives in the URL (?q=), so back from an edit page returns to the same results. */
function FindService() {
  const { s, link } = useStaffText();
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const [text, setText] = useState(query);
  const results = useStaffGet<StaffSearchResponse>(
    // The staff catalog's search: agreements, contracts and projects too.
    query ? `/api/editor/services?${new URLSearchParams({ q: query, includeClosed: 'true', perPage: '20' }).toString()}` : null,
  );

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const next = new URLSearchParams(params);
    if (text.trim()) next.set('q', text.trim());
    else next.delete('q');
    setParams(next, { replace: true });
  };

  return (
    <Section id="find" title={s.editorFindHeading}>
      <form className="vv-staff-inline-form" role="search" aria-labelledby="find-heading" onSubmit={submit} noValidate>
        <TextField
          id={fieldId('find-q')}
          label={s.editorFindLabel}
          hint={s.editorFindHint}
          type="search"
          value={text}
          onChange={setText}
          autoComplete="off"
        />
        <Button type="submit" skin="secondary">
          {s.editorFindButton}
        </Button>
      </form>
      <div aria-live="polite">
        {query && results.loading ? <Loading /> : null}
        <LoadError error={results.error} onRetry={results.reload} />
        {query && results.data ? (
          results.data.items.length === 0 ? (
            <p>{s.editorFindNone}</p>
          ) : (
            <>
              <p>{s.editorFindCount(results.data.total, query)}</p>
              <ul className="vv-staff-results">
                {results.data.items.map((item) => (
                  <li key={item.id}>
                    <Link to={link(`/redaktor/tjenester/${item.id}`)}>{item.name}</Link>
                    <EntryTags entry={item} />
                    {item.organizationName ? <span className="vv-staff-muted"> {item.organizationName}</span> : null}
                  </li>
                ))}
              </ul>
            </>
          )
        ) : null}
      </div>
    </Section>
  );
}

const STALE_SHOWN = 10;

function StaleList() {
  const { s, lang, link } = useStaffText();
  const stale = useStaffGet<StaleService[]>('/api/editor/stale');
  const [showAll, setShowAll] = useState(false);
  const items = stale.data ?? [];
  const shown = showAll ? items : items.slice(0, STALE_SHOWN);
  return (
    <Section id="stale" title={s.staleHeading}>
      <p>{s.staleIntro}</p>
      {stale.loading && !stale.data ? <Loading /> : null}
      <LoadError error={stale.error} onRetry={stale.reload} />
      {stale.data ? (
        items.length === 0 ? (
          <p>{s.staleNone}</p>
        ) : (
          <>
            <p>{s.staleCount(items.length)}</p>
            <div className="vv-staff-table-wrap">
              <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table" id="stale-table">
                <caption className="pkt-sr-only">{s.staleCaption(shown.length, items.length)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{s.nameHeader}</th>
                    <th scope="col">{s.priorityHeader}</th>
                    <th scope="col">{s.lastVerifiedHeader}</th>
                    <th scope="col">{s.updatedHeader}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((row, i) => (
                    <tr key={row.id}>
                      <td>
                        <Link id={`stale-link-${i}`} to={link(`/redaktor/tjenester/${row.id}`)}>
                          {row.name}
                        </Link>
                      </td>
                      <td>
                        {row.priority ? (
                          <Tag skin={row.priority === 'crisis' ? 'red' : 'yellow'}>{s.priorityLabels[row.priority]}</Tag>
                        ) : (
                          s.priorityNone
                        )}
                      </td>
                      <td>{row.lastVerifiedAt ? formatDate(row.lastVerifiedAt, lang) : s.neverVerified}</td>
                      <td>{formatDate(row.updatedAt, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {items.length > shown.length ? (
              <Button
                skin="secondary"
                size="small"
                onClick={() => {
                  setShowAll(true);
                  // The button goes away; continue at the first row that was hidden.
                  focusById(`stale-link-${STALE_SHOWN}`);
                }}
              >
                {s.staleShowMore(items.length)}
              </Button>
            ) : null}
          </>
        )
      ) : null}
    </Section>
  );
}
