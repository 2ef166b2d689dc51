import { Link } from 'react-router-dom';
import { Loading, LoadError, Tag } from '../../components/common.tsx';
import { useVocabulary } from '../../hooks.ts';
import { formatDate } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import type { ContactWorklistItem } from '../types.ts';
import { Section } from '../ui.tsx';

const TIER_SKIN = { crisis: 'red', drop_in: 'yellow', other: 'grey' } as const;

/**
 * /redaktor/mangler-kontakt — offers in use that lack a phone, an address, a web page or opening
 * hours, in the order a citizen depends on them (the API orders: crisis, drop-in, then by kind).
 */
export function ContactWorklistPage() {
  const { s, lang, link, label } = useStaffText();
  const { vocabulary } = useVocabulary();
  const list = useStaffGet<ContactWorklistItem[]>('/api/editor/worklist/contact');
  useTitle(s.worklistTitle);
  const items = list.data ?? [];
  return (
    <>
      <p className="vv-staff-back">
        <Link to={link('/redaktor')}>{s.backToEditor}</Link>
      </p>
      <h1 className="vv-page-title">{s.worklistTitle}</h1>
      <p>{s.worklistIntro}</p>
      <Section id="worklist" title={s.worklistCount(items.length)}>
        {list.loading && !list.data ? <Loading /> : null}
        <LoadError error={list.error} onRetry={list.reload} />
        {list.data && items.length === 0 ? <p>{s.worklistNone}</p> : null}
        {items.length ? (
          <div className="vv-staff-table-wrap">
            <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table" id="worklist-table">
              <caption className="pkt-sr-only">{s.worklistCaption(items.length)}</caption>
              <thead>
                <tr>
                  <th scope="col">{s.nameHeader}</th>
                  <th scope="col">{s.worklistPriorityHeader}</th>
                  <th scope="col">{s.worklistMissingHeader}</th>
                  <th scope="col">{s.lastVerifiedHeader}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((row) => (
                  <tr key={row.id}>
                    <td>
                      <Link to={link(`/redaktor/tjenester/${row.id}`)}>{row.name}</Link>
                      <br />
                      <span className="vv-staff-muted">{label(vocabulary?.kinds[row.kind], row.kind)}</span>
                    </td>
                    <td>
                      <Tag skin={TIER_SKIN[row.tier]}>{s.worklistTier[row.tier]}</Tag>
                    </td>
                    <td>{row.missing.map((m) => s.worklistGap[m]).join(', ')}</td>
                    <td>{row.lastVerifiedAt ? formatDate(row.lastVerifiedAt, lang) : s.neverVerified}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Section>
    </>
  );
}
