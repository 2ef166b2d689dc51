import { useMemo, useState, type CSSProperties } from 'react';
import { Link, useParams } from 'react-router-dom';
import { LoadError, Loading } from '../components/common.tsx';
import { useVocabulary } from '../hooks.ts';
import { useLang, useTitle } from '../lang.tsx';
import { CellButton, CellDetails } from './CellDetails.tsx';
import { cellsOf, scaleClass, useGet, useReleaseQuery, type Cell, type JsonStatDataset } from './data.ts';
import { STATS_TEXTS } from './texts.ts';
import { TrendChart } from './TrendChart.tsx';

/** /statistikk/:id — one indicator: tile map, table, trend, downloads; every number opens its details. */
export function IndicatorPage() {
  const { id = '' } = useParams();
  const { lang, link } = useLang();
  const t = STATS_TEXTS[lang];
  const { query } = useReleaseQuery();
  const { data: dataset, error } = useGet<JsonStatDataset>(`/api/stats/indicators/${encodeURIComponent(id)}?lang=${lang}${query}`);
  useTitle(dataset?.label ?? null);
  if (error) return <LoadError error={error} />;
  if (!dataset) return <Loading />;
  return <IndicatorView dataset={dataset} link={link} t={t} />;
}

function IndicatorView({ dataset, link, t }: { dataset: JsonStatDataset; link: (to: string) => string; t: (typeof STATS_TEXTS)['nb'] }) {
  const { lang } = useLang();
  const { vocabulary } = useVocabulary();
  const { release } = useReleaseQuery();
  const cells = useMemo(() => cellsOf(dataset), [dataset]);
  const [areaDim, periodDim] = dataset.id as [string, string];
  const periods = dataset.dimension[periodDim]!.category.index;
  const areas = dataset.dimension[areaDim]!.category.index;
  const [period, setPeriod] = useState(periods.at(-1) ?? '');
  const [selected, setSelected] = useState<Cell | null>(null);
  const [chartArea, setChartArea] = useState(areas.find((a) => a !== 'oslo') ?? '');
  const indicator = dataset.extension.indicator;
  const isDistricts = areaDim === 'district';
  const inPeriod = cells.filter((c) => c.period === period);
  const numbers = inPeriod.filter((c) => c.area !== 'oslo' && typeof c.value === 'number').map((c) => c.value as number);
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  const numeric = cells.some((c) => typeof c.value === 'number');
  // A download is of the release on screen (a later release does not change the file).
  const download = (format: 'csv' | 'xlsx') =>
    `/api/stats/indicators/${indicator.id}/download?format=${format}&lang=${lang}&release=${dataset.extension.release.id}`;
  const tiles = [...(vocabulary?.districts ?? [])].sort((a, b) => a.tile.row - b.tile.row || a.tile.col - b.tile.col);
  const rows = Math.max(1, ...tiles.map((d) => d.tile.row + 1));
  const cols = Math.max(1, ...tiles.map((d) => d.tile.col + 1));
  const bins = numbers.length
    ? [0, 1, 2, 3, 4].map((i) => ({ i, from: min + ((max - min) * i) / 5, to: min + ((max - min) * (i + 1)) / 5 }))
    : [];
  const trend = cells.filter((c) => c.area === 'oslo' || c.area === chartArea);
  // The table shades each district's number on its own period's scale (the numbers stay in text).
  const ranges = new Map<string, { min: number; max: number }>();
  for (const p of periods) {
    const values = cells.filter((c) => c.period === p && c.area !== 'oslo' && typeof c.value === 'number').map((c) => c.value as number);
    if (values.length) ranges.set(p, { min: Math.min(...values), max: Math.max(...values) });
  }

  return (
    <>
      <p>
        <Link to={link('/statistikk')}>{t.listTitle}</Link>
      </p>
      <h1 className="vv-page-title">{dataset.label}</h1>
      <dl className="vv-stat-dl">
        <dt>{t.unit}</dt>
        <dd>{indicator.unit[lang]}</dd>
        <dt>{t.source}</dt>
        <dd>{dataset.source}</dd>
        <dt>{t.release}</dt>
        <dd data-testid="release">{t.releaseText(dataset.extension.release.id, t.dateTime(dataset.extension.release.createdAt))}</dd>
      </dl>
      {release ? (
        <p>
          {t.releaseOlder} <Link to={link(`/statistikk/${indicator.id}`)}>{t.releaseLatest}</Link>
        </p>
      ) : null}
      {periods.length > 1 ? (
        <p>
          <label htmlFor="stat-period">{t.periodSelect} </label>
          <select id="stat-period" value={period} onChange={(e) => setPeriod(e.target.value)}>
            {periods.map((p) => (
              <option key={p} value={p}>
                {dataset.dimension[periodDim]!.category.label[p]}
              </option>
            ))}
          </select>
        </p>
      ) : null}

      {isDistricts && numeric && vocabulary ? (
        <section aria-labelledby="stat-map-heading">
          <h2 id="stat-map-heading">
            {t.mapHeading} ({period})
          </h2>
          <p>{t.mapIntro}</p>
          <ul className="vv-tilemap vv-stat-map" style={{ '--rows': rows, '--cols': cols } as CSSProperties}>
            {tiles.map((d) => {
              const cell = inPeriod.find((c) => c.area === d.slug);
              const n = typeof cell?.value === 'number' ? cell.value : null;
              const scale = n === null ? 'none' : String(scaleClass(n, min, max));
              return (
                <li key={d.slug} className="vv-tile" style={{ '--row': d.tile.row + 1, '--col': d.tile.col + 1 } as CSSProperties}>
                  <div className={`vv-stat-tile vv-scale-${scale}`}>
                    <Link className="vv-stat-tile__name" to={link(`/statistikk/bydel/${d.slug}`)}>
                      {d.name}
                    </Link>
                    {cell ? <CellButton cell={cell} selected={selected?.index === cell.index} onSelect={setSelected} /> : null}
                  </div>
                </li>
              );
            })}
          </ul>
          <div>
            <h3 className="vv-stat-legend-heading">{t.legend}</h3>
            <ul className="vv-stat-legend">
              {bins.map((b) => (
                <li key={b.i}>
                  <span className={`vv-stat-swatch vv-scale-${b.i}`} aria-hidden="true" /> {t.number(Math.round(b.from * 10) / 10)}–
                  {t.number(Math.round(b.to * 10) / 10)}
                </li>
              ))}
              <li>
                <span className="vv-stat-swatch vv-scale-none" aria-hidden="true" /> {t.legendNone}
              </li>
            </ul>
          </div>
        </section>
      ) : null}

      <CellDetails dataset={dataset} cell={selected} />

      <section aria-labelledby="stat-table-heading">
        <h2 id="stat-table-heading">{t.tableHeading}</h2>
        <div className="vv-table-scroll" tabIndex={0} role="region" aria-labelledby="stat-table-caption">
          <table className="vv-table vv-stat-table">
            <caption id="stat-table-caption">{t.tableCaption(dataset.label)}</caption>
            <thead>
              <tr>
                <th scope="col">{t.area}</th>
                {periods.map((p) => (
                  <th scope="col" key={p}>
                    {dataset.dimension[periodDim]!.category.label[p]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {areas.map((a) => (
                <tr key={a}>
                  <th scope="row">{dataset.dimension[areaDim]!.category.label[a]}</th>
                  {periods.map((p) => {
                    const cell = cells.find((c) => c.area === a && c.period === p)!;
                    const range = ranges.get(p);
                    const shade =
                      isDistricts && range && typeof cell.value === 'number' && a !== 'oslo'
                        ? `vv-scale-${scaleClass(cell.value, range.min, range.max)}`
                        : undefined;
                    return (
                      <td key={p} className={shade}>
                        <CellButton cell={cell} selected={selected?.index === cell.index} onSelect={setSelected} />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          {t.downloads}: <a href={download('csv')}>{t.downloadCsv}</a> · <a href={download('xlsx')}>{t.downloadXlsx}</a>
        </p>
      </section>

      {numeric ? (
        <section aria-labelledby="stat-chart-heading">
          <h2 id="stat-chart-heading">{t.chartHeading}</h2>
          {periods.length > 1 ? (
            <>
              <p>{t.chartIntro}</p>
              <p>
                <label htmlFor="stat-chart-area">{t.chartDistrict} </label>
                <select id="stat-chart-area" value={chartArea} onChange={(e) => setChartArea(e.target.value)}>
                  {areas
                    .filter((a) => a !== 'oslo')
                    .map((a) => (
                      <option key={a} value={a}>
                        {dataset.dimension[areaDim]!.category.label[a]}
                      </option>
                    ))}
                </select>
              </p>
              <TrendChart cells={trend} label={dataset.label} unit={indicator.unit[lang]} />
            </>
          ) : (
            <p>{t.chartNone}</p>
          )}
        </section>
      ) : null}

      <section aria-labelledby="stat-findings-heading">
        <h2 id="stat-findings-heading">{t.findingsHeading}</h2>
        {dataset.extension.findings.length ? (
          <ul data-testid="findings">
            {dataset.extension.findings.map((f) => (
              <li key={f.id}>{f.message[lang]}</li>
            ))}
          </ul>
        ) : (
          <p>{t.findingsNone}</p>
        )}
      </section>
    </>
  );
}
