import { Link, useSearchParams } from 'react-router-dom';
import { GAP_STATUSES, type GapCell, type GapRow, type GapStatus } from '../api.ts';
import { LoadError, Loading } from '../components/common.tsx';
import { Checkbox, Fieldset, SelectField } from '../components/forms.tsx';
import { useApi, useVocabulary } from '../hooks.ts';
import { useLang, useTitle } from '../lang.tsx';

/** A symbol repeats the status text so colour is never the only carrier of meaning. */
const SYMBOL: Record<GapStatus, string> = { missing: '✕', office_hours_only: '◐', covered: '✓', hours_unknown: '?' };

type View = 'all' | 'own';

/**
 * Districts × ladder steps: where the intervention ladder has gaps, and where it is office-hours
 * only. A toggle shows the steps with the district's own offers only (without city-wide ones);
 * every cell names both counts. On a phone, one district at a time, chosen in a select.
 */
export function GapMatrixPage() {
  const { t, label, link } = useLang();
  const { data, error, reload } = useApi<GapRow[]>('/api/gap-matrix');
  const { vocabulary } = useVocabulary();
  const [params, setParams] = useSearchParams();
  useTitle(t.gapTitle);
  const view: View = params.get('visning') === 'egne' ? 'own' : 'all';
  const steps = data?.[0]?.cells.map((c) => c.step) ?? [];
  const stepLabel = (step: number) => t.gapStepHeader(step, label(vocabulary?.ladderSteps[String(step)]));
  const chosen = data?.find((r) => r.district === params.get('bydel')) ?? data?.[0];

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };

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
            <p>{t.gapNotOffers}</p>
          </section>

          <Fieldset legend={t.gapViewLegend} className="vv-gap-view">
            <Checkbox
              id="gap-own-only"
              label={t.gapViewOwn}
              hint={t.gapViewOwnHint}
              checked={view === 'own'}
              onChange={(on) => setParam('visning', on ? 'egne' : null)}
            />
          </Fieldset>
          <p className="pkt-sr-only" role="status">
            {view === 'own' ? t.gapViewOwnOn : t.gapViewAllOn}
          </p>

          {/* Wide screens: every district at once. */}
          <div className="vv-table-scroll vv-gap-wide" role="region" aria-label={t.gapScrollLabel} tabIndex={0}>
            <table className="vv-gap-table" id="gap-table">
              <caption>{view === 'own' ? t.gapCaptionOwn : t.gapCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.gapDistrictHeader}</th>
                  {steps.map((step) => (
                    <th scope="col" key={step}>
                      {stepLabel(step)}
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
                    {row.cells.map((cell) => (
                      <td key={cell.step} className={`vv-gap vv-gap--${statusOf(cell, view)}`}>
                        <CellContent row={row} cell={cell} view={view} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          {/* Narrow screens: one district at a time, its steps as rows. */}
          <div className="vv-gap-narrow">
            <SelectField
              id="gap-district"
              label={t.gapDistrictSelect}
              value={chosen?.district ?? ''}
              onChange={(v) => setParam('bydel', v)}
              options={data.map((r) => ({ value: r.district, label: r.name }))}
            />
            {chosen ? (
              <table className="vv-gap-table vv-gap-table--one" id="gap-table-one">
                <caption>{t.gapCaptionOne(chosen.name, view === 'own')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.gapStepColumn}</th>
                    <th scope="col">{t.gapCoverageColumn}</th>
                  </tr>
                </thead>
                <tbody>
                  {chosen.cells.map((cell) => (
                    <tr key={cell.step}>
                      <th scope="row">{stepLabel(cell.step)}</th>
                      <td className={`vv-gap vv-gap--${statusOf(cell, view)}`}>
                        <CellContent row={chosen} cell={cell} view={view} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </div>
        </>
      ) : null}
    </>
  );
}

const statusOf = (cell: GapCell, view: View): GapStatus => (view === 'own' ? cell.own.status : cell.status);

/** A cell's status in words (with its symbol) and both counts: the district's own and the city-wide offers. */
function CellContent({ row, cell, view }: { row: GapRow; cell: GapCell; view: View }) {
  const { t, link } = useLang();
  const status = statusOf(cell, view);
  const total = cell.local + cell.cityWide;
  const counts = (
    <>
      <span aria-hidden="true">{t.gapCellCounts(cell.local, cell.cityWide)}</span>
      <span className="pkt-sr-only">{t.gapCellCountsLong(cell.local, cell.cityWide)}</span>
    </>
  );
  return (
    <>
      <span className="vv-gap__status">
        <span aria-hidden="true" className="vv-gap__symbol">
          {SYMBOL[status]}
        </span>{' '}
        {t.gapStatus[status]}
      </span>
      <span className="vv-gap__counts">
        {total > 0 ? <Link to={link(`/?district=${row.district}&step=${cell.step}`)}>{counts}</Link> : counts}
      </span>
    </>
  );
}
