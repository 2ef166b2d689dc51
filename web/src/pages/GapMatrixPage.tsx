import { Link } from 'react-router-dom';
import { GAP_STATUSES, type GapRow, type GapStatus } from '../api.ts';
import { LoadError, Loading } from '../components/common.tsx';
import { useApi, useVocabulary } from '../hooks.ts';
import { useLang, useTitle } from '../lang.tsx';

/** A symbol repeats the status text so colour is never the only carrier of meaning. */
const SYMBOL: Record<GapStatus, string> = { missing: '✕', office_hours_only: '◐', covered: '✓', hours_unknown: '?' };

/** Districts × ladder steps: where the intervention ladder has gaps, and where it is office-hours only. */
export function GapMatrixPage() {
  const { t, label, link } = useLang();
  const { data, error, reload } = useApi<GapRow[]>('/api/gap-matrix');
  const { vocabulary } = useVocabulary();
  useTitle(t.gapTitle);
  const steps = data?.[0]?.cells.map((c) => c.step) ?? [];

  return (
    <>
      <h1 className="vv-page-title">{t.gapTitle}</h1>
      <p className="vv-lead">{t.gapIntro}</p>
      <LoadError error={error} onRetry={reload} />
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <section aria-labelledby="legend-heading" className="vv-legend">
            <h2 id="legend-heading" className="vv-section-title">
              {t.gapLegendHeading}
            </h2>
            <ul className="vv-legend__list">
              {GAP_STATUSES.map((status) => (
                <li key={status} className="vv-legend__item">
                  <span className={`vv-gap-chip vv-gap--${status}`}>
                    <span aria-hidden="true" className="vv-gap__symbol">
                      {SYMBOL[status]}
                    </span>{' '}
                    {t.gapStatus[status]}
                  </span>
                  <span>{t.gapStatusHelp[status]}</span>
                </li>
              ))}
            </ul>
            <p>{t.gapLegendCounts}</p>
          </section>

          <div className="vv-table-scroll" role="region" aria-label={t.gapScrollLabel} tabIndex={0}>
            <table className="vv-gap-table">
              <caption>{t.gapCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.gapDistrictHeader}</th>
                  {steps.map((step) => (
                    <th scope="col" key={step}>
                      {t.gapStepHeader(step, label(vocabulary?.ladderSteps[String(step)]))}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.map((row) => (
                  <tr key={row.district}>
                    <th scope="row">
                      <Link to={link(`/?district=${row.district}`)}>{row.name}</Link>
                    </th>
                    {row.cells.map((cell) => {
                      const total = cell.local + cell.cityWide;
                      const counts = (
                        <>
                          <span aria-hidden="true">{t.gapCellCounts(cell.local, cell.cityWide)}</span>
                          <span className="pkt-sr-only">{t.gapCellCountsLong(cell.local, cell.cityWide)}</span>
                        </>
                      );
                      return (
                        <td key={cell.step} className={`vv-gap vv-gap--${cell.status}`}>
                          <span className="vv-gap__status">
                            <span aria-hidden="true" className="vv-gap__symbol">
                              {SYMBOL[cell.status]}
                            </span>{' '}
                            {t.gapStatus[cell.status]}
                          </span>
                          <span className="vv-gap__counts">
                            {total > 0 ? <Link to={link(`/?district=${row.district}&step=${cell.step}`)}>{counts}</Link> : counts}
                          </span>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}
