import type { JsonStatDataset } from '../../../src/stats/stats.schemas.ts';
import { useLang } from '../lang.tsx';
import type { Cell } from './data.ts';
import { STATS_TEXTS } from './texts.ts';

/** The text of a cell's value: the number, `..` when suppressed, or «not reported». */
export function valueText(cell: Cell, lang: 'nb' | 'en'): string {
  const t = STATS_TEXTS[lang];
  if (cell.status === '..') return '..';
  if (cell.value === null) return t.missing;
  return typeof cell.value === 'number' ? t.number(cell.value) : cell.value;
}

/** A number that, when activated, shows its source, numerator, denominator, suppression and findings. */
export function CellButton({ cell, selected, onSelect }: { cell: Cell; selected: boolean; onSelect: (cell: Cell) => void }) {
  const { lang } = useLang();
  const t = STATS_TEXTS[lang];
  const text = valueText(cell, lang);
  const flagged = cell.provenance.findings.length > 0;
  return (
    <button
      type="button"
      className={`vv-stat-cell${selected ? ' vv-stat-cell--selected' : ''}`}
      aria-pressed={selected}
      aria-label={t.cellButton(cell.areaLabel, cell.period, text) + (flagged ? ` (${t.finding})` : '')}
      onClick={() => onSelect(cell)}
      data-cell={`${cell.area}|${cell.period}`}
    >
      {text}
      {flagged ? (
        <span className="vv-stat-flag" aria-hidden="true">
          !
        </span>
      ) : null}
    </button>
  );
}

/** What is known about the selected cell (announced when it changes). */
export function CellDetails({ dataset, cell }: { dataset: JsonStatDataset; cell: Cell | null }) {
  const { lang } = useLang();
  const t = STATS_TEXTS[lang];
  const findings = cell ? dataset.extension.findings.filter((f) => cell.provenance.findings.includes(f.id)) : [];
  const source = cell ? dataset.extension.imports.find((i) => i.id === cell.provenance.importId) : undefined;
  const p = cell?.provenance;
  return (
    <section className="vv-stat-details" aria-labelledby="stat-details-heading">
      <h2 id="stat-details-heading">{t.detailsHeading}</h2>
      <div aria-live="polite" data-testid="cell-details">
        {!cell || !p ? (
          <p>{t.detailsHint}</p>
        ) : (
          <dl className="vv-stat-dl">
            <dt>{t.area}</dt>
            <dd>{cell.areaLabel}</dd>
            <dt>{t.period}</dt>
            <dd>{cell.period}</dd>
            <dt>{t.value}</dt>
            <dd>
              {cell.status === '..' ? t.suppressed : valueText(cell, lang)}{' '}
              {cell.status === '..' ? '' : dataset.extension.indicator.unit[lang]}
            </dd>
            <dt>{t.derivation.published}</dt>
            <dd>{t.derivation[p.derivation]}</dd>
            {p.numerator !== null ? (
              <>
                <dt>{t.numerator}</dt>
                <dd>
                  {t.number(p.numerator)} ({dataset.extension.indicator.numerator[lang]})
                </dd>
              </>
            ) : null}
            {p.denominator !== null ? (
              <>
                <dt>{t.denominator}</dt>
                <dd>
                  {t.number(p.denominator)} ({t.denominatorPeriod(p.denominatorPeriod ?? '')})
                </dd>
              </>
            ) : null}
            {p.reason ? (
              <>
                <dt>{t.reason}</dt>
                <dd>{p.reason}</dd>
              </>
            ) : null}
            {p.note ? (
              <>
                <dt>{t.reason}</dt>
                <dd>{p.note}</dd>
              </>
            ) : null}
            <dt>{t.source}</dt>
            <dd>
              {dataset.source}
              {source ? ` — ${t.imported} ${source.sourceSystem}, ${t.extracted(source.extractionDate)} (import ${source.id})` : ''}
            </dd>
            <dt>{t.release}</dt>
            <dd data-testid="cell-release">
              {t.releaseText(dataset.extension.release.id, t.dateTime(dataset.extension.release.createdAt))}
            </dd>
            {findings.length ? (
              <>
                <dt>{t.findings}</dt>
                <dd>
                  <ul>
                    {findings.map((f) => (
                      <li key={f.id}>{f.message[lang]}</li>
                    ))}
                  </ul>
                </dd>
              </>
            ) : null}
          </dl>
        )}
      </div>
    </section>
  );
}
