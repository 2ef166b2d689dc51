import { useLang } from '../lang.tsx';
import { useGet, type ReleaseLinkage, type ReleaseList } from './data.ts';
import { STATS_TEXTS } from './texts.ts';

/** Unique persons across Veiviser's person-level sources in the latest release (nothing while there are none). */
export function UniquePersons() {
  const { lang } = useLang();
  const t = STATS_TEXTS[lang];
  const { data: list } = useGet<ReleaseList>('/api/stats/releases');
  const latest = list?.releases[0];
  const { data } = useGet<ReleaseLinkage>(latest ? `/api/stats/releases/${latest.id}/linkage` : null);
  if (!data || data.periods.length === 0) return null;
  const shown = (c: { value: number | null }) => (c.value === null ? '..' : t.number(c.value));
  const source = (s: string) => t.linkageSource[s] ?? s;
  return (
    <section aria-labelledby="stat-linkage-heading" data-testid="unique-persons">
      <h2 id="stat-linkage-heading">{t.linkageHeading}</h2>
      <p>{t.linkageIntro}</p>
      {data.periods.map((p) => (
        <div className="vv-table-scroll" tabIndex={0} role="region" aria-labelledby={`linkage-${p.period}`} key={p.period}>
          <table className="vv-table vv-stat-table">
            <caption id={`linkage-${p.period}`}>{t.linkageCaption(p.period)}</caption>
            <tbody>
              <tr>
                <th scope="row">{t.linkageUnique}</th>
                <td>{shown(p.unique)}</td>
              </tr>
              {p.sources.map((s) => (
                <tr key={s}>
                  <th scope="row">{source(s)}</th>
                  <td>{shown(p.bySource[s]!)}</td>
                </tr>
              ))}
              {p.overlap.map((o) => (
                <tr key={`${o.a}+${o.b}`}>
                  <th scope="row">{t.linkageBoth(source(o.a), source(o.b))}</th>
                  <td>{shown(o.both)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
