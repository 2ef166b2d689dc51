import './stats.css';
import { useMemo, useState } from 'react';
import { Link, Route, Routes, useParams } from 'react-router-dom';
import { LoadError, Loading, NotFoundPage } from '../components/common.tsx';
import { useVocabulary } from '../hooks.ts';
import { useLang, useTitle } from '../lang.tsx';
import { CellButton, CellDetails } from './CellDetails.tsx';
import { cellsOf, useGet, useIndicators, useReleaseQuery, type Cell, type JsonStatDataset } from './data.ts';
import { ReleaseChanges } from './ReleaseChanges.tsx';
import { UniquePersons } from './UniquePersons.tsx';
import { IndicatorPage } from './IndicatorPage.tsx';
import { STATS_TEXTS } from './texts.ts';
import type { ReportStatus } from '../../../src/stats/report/report.schemas.ts';

/** The report's named indicators, shown first and on every district profile. */
const KEY_INDICATORS = [
  'gp_patients_substance_per_1000_adults',
  'lar_patients_per_1000_adults',
  'tsb_patients_per_1000_adults',
  'prison_admissions_per_1000_adults',
  'vel_residents_per_1000_adults',
  'child_welfare_children_reported_per_1000_children',
  'staff_years_adults_per_10000',
  'housing_need_households',
];

/** The public statistics section (its own chunk: Observable Plot stays out of the catalog's bundle). */
export default function StatsApp() {
  return (
    <Routes>
      <Route index element={<IndicatorListPage />} />
      <Route path="bydel/:slug" element={<DistrictProfilePage />} />
      <Route path=":id" element={<IndicatorPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

/** /statistikk — the catalogue: key figures first, then every table's indicators; district profiles. */
function IndicatorListPage() {
  const { lang, link } = useLang();
  const t = STATS_TEXTS[lang];
  const { data, error } = useIndicators();
  const { vocabulary } = useVocabulary();
  useTitle(t.listTitle);
  const groups = useMemo(() => {
    const map = new Map<string, { source: string; items: { id: string; label: string }[] }>();
    for (const i of data?.indicators ?? []) {
      if (KEY_INDICATORS.includes(i.id)) continue;
      const key = i.measure.split('.')[0]!;
      const group = map.get(key) ?? { source: i.source.split(': ').at(-1) ?? i.source, items: [] };
      group.items.push({ id: i.id, label: i.label[lang] });
      map.set(key, group);
    }
    return [...map];
  }, [data, lang]);
  return (
    <>
      <h1 className="vv-page-title">{t.listTitle}</h1>
      <p className="vv-lead">{t.listIntro}</p>
      <LoadError error={error} />
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <h2>{t.keyIndicators}</h2>
          <ul className="vv-stat-list">
            {KEY_INDICATORS.map((id) => {
              const i = data.indicators.find((x) => x.id === id);
              return i ? (
                <li key={id}>
                  <Link to={link(`/statistikk/${id}`)}>{i.label[lang]}</Link>
                </li>
              ) : null;
            })}
          </ul>
          <ReportLinks />
          <h2>{t.profilesHeading}</h2>
          <ul className="vv-stat-list vv-stat-list--columns">
            {(vocabulary?.districts ?? []).map((d) => (
              <li key={d.slug}>
                <Link to={link(`/statistikk/bydel/${d.slug}`)}>{t.profileLink(d.name)}</Link>
              </li>
            ))}
          </ul>
          <h2>{t.allIndicators}</h2>
          {groups.map(([key, group]) => (
            <details key={key} className="vv-stat-group">
              <summary>
                {group.source} ({t.indicatorsOf(group.items.length)})
              </summary>
              <ul className="vv-stat-list">
                {group.items.map((i) => (
                  <li key={i.id}>
                    <Link to={link(`/statistikk/${i.id}`)}>{i.label}</Link>
                  </li>
                ))}
              </ul>
            </details>
          ))}
          <UniquePersons />
          <ReleaseChanges indicators={data.indicators} />
        </>
      ) : null}
    </>
  );
}

/** The latest report of the latest release, as PDF and HTML, when one has been built. */
function ReportLinks() {
  const { lang } = useLang();
  const t = STATS_TEXTS[lang];
  const { data, error } = useGet<ReportStatus>(`/api/stats/reports/latest?lang=${lang}`);
  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">{t.reportHeading}</h2>
      {data?.files ? (
        <p>
          {t.reportIntro(data.releaseId)} <a href={data.files.pdf}>{t.reportPdf}</a> · <a href={data.files.html}>{t.reportHtml}</a>
        </p>
      ) : error ? (
        <p>{t.reportNone}</p>
      ) : null}
    </section>
  );
}

/** One key indicator for a district and Oslo: its latest period. */
function ProfileRow({
  id,
  slug,
  onSelect,
  selected,
}: {
  id: string;
  slug: string;
  onSelect: (d: JsonStatDataset, c: Cell) => void;
  selected: Cell | null;
}) {
  const { lang, link } = useLang();
  const { query } = useReleaseQuery();
  const { data } = useGet<JsonStatDataset>(`/api/stats/indicators/${id}?district=${slug},oslo&lang=${lang}${query}`);
  if (!data) return null;
  const cells = cellsOf(data);
  const latest = data.dimension.period?.category.index.at(-1);
  const own = cells.find((c) => c.area === slug && c.period === latest);
  const oslo = cells.find((c) => c.area === 'oslo' && c.period === latest);
  return (
    <tr>
      <th scope="row">
        <Link to={link(`/statistikk/${id}`)}>{data.label}</Link>
      </th>
      <td>{latest}</td>
      <td>{own ? <CellButton cell={own} selected={selected === own} onSelect={(c) => onSelect(data, c)} /> : null}</td>
      <td>{oslo ? <CellButton cell={oslo} selected={selected === oslo} onSelect={(c) => onSelect(data, c)} /> : null}</td>
    </tr>
  );
}

/** /statistikk/bydel/:slug — the district's key figures beside Oslo's. */
function DistrictProfilePage() {
  const { slug = '' } = useParams();
  const { lang, link } = useLang();
  const t = STATS_TEXTS[lang];
  const { vocabulary, error } = useVocabulary();
  const district = vocabulary?.districts.find((d) => d.slug === slug);
  const [selection, setSelection] = useState<{ dataset: JsonStatDataset; cell: Cell } | null>(null);
  useTitle(district ? t.profileTitle(district.name) : null);
  if (error) return <LoadError error={error} />;
  if (!vocabulary) return <Loading />;
  if (!district) return <NotFoundPage />;
  return (
    <>
      <p>
        <Link to={link('/statistikk')}>{t.listTitle}</Link>
      </p>
      <h1 className="vv-page-title">{t.profileTitle(district.name)}</h1>
      <p className="vv-lead">{t.profileIntro}</p>
      <div className="vv-table-scroll" tabIndex={0} role="region" aria-labelledby="profile-caption">
        <table className="vv-table vv-stat-table">
          <caption id="profile-caption">{t.profileTitle(district.name)}</caption>
          <thead>
            <tr>
              <th scope="col">{t.indicator}</th>
              <th scope="col">{t.period}</th>
              <th scope="col">{district.name}</th>
              <th scope="col">{t.oslo}</th>
            </tr>
          </thead>
          <tbody>
            {KEY_INDICATORS.map((id) => (
              <ProfileRow
                key={id}
                id={id}
                slug={slug}
                selected={selection?.cell ?? null}
                onSelect={(dataset, cell) => setSelection({ dataset, cell })}
              />
            ))}
          </tbody>
        </table>
      </div>
      {selection ? <CellDetails dataset={selection.dataset} cell={selection.cell} /> : null}
    </>
  );
}
