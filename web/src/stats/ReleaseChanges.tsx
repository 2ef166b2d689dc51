import { useVocabulary } from '../hooks.ts';
import { useLang } from '../lang.tsx';
import { useGet, type IndicatorDefinition, type ReleaseChangesAnswer, type ReleaseList } from './data.ts';
import { STATS_TEXTS } from './texts.ts';

/** How many changed cells the list shows (the API answers every one). */
const SHOWN = 50;

/** «What changed since the last release»: the latest release against the one before it. */
export function ReleaseChanges({ indicators }: { indicators: IndicatorDefinition[] }) {
  const { lang } = useLang();
  const t = STATS_TEXTS[lang];
  const { vocabulary } = useVocabulary();
  const { data: list } = useGet<ReleaseList>('/api/stats/releases');
  const latest = list?.releases[0];
  const { data: changes } = useGet<ReleaseChangesAnswer>(latest ? `/api/stats/releases/${latest.id}/changes` : null);
  if (!latest || !changes) return null;
  const label = (id: string) => indicators.find((i) => i.id === id)?.label[lang] ?? id;
  const area = (slug: string) =>
    slug === 'oslo' ? t.oslo : (vocabulary?.districts.find((d) => d.slug === slug)?.name ?? slug.replace(/^entity:/, ''));
  const state = (s: ReleaseChangesAnswer['cells'][number]['before']) =>
    s === null
      ? '–'
      : s.status === 'suppressed' || s.status === 'suppressed_at_source'
        ? '..'
        : s.value === null
          ? t.missing
          : String(s.value);
  const when = t.dateTime(latest.createdAt);
  return (
    <section aria-labelledby="stat-changes-heading" data-testid="release-changes">
      <h2 id="stat-changes-heading">{t.changesHeading}</h2>
      {changes.previous === null ? (
        <p>{t.changesFirst(latest.id, when)}</p>
      ) : (
        <>
          <p>
            {t.changesIntro(latest.id, when, changes.previous)}{' '}
            {changes.cells.length ? t.changesCount(changes.cells.length) : t.changesNone}
          </p>
          {changes.indicatorsAdded.length ? (
            <p>
              {t.indicatorsAdded}: {changes.indicatorsAdded.map(label).join(', ')}
            </p>
          ) : null}
          {changes.indicatorsRemoved.length ? (
            <p>
              {t.indicatorsRemoved}: {changes.indicatorsRemoved.map(label).join(', ')}
            </p>
          ) : null}
          {changes.cells.length ? (
            <ul className="vv-stat-list">
              {changes.cells.slice(0, SHOWN).map((c) => (
                <li key={`${c.indicator}|${c.area}|${c.period}`}>
                  {label(c.indicator)}, {area(c.area)}, {c.period}: {state(c.before)} → {state(c.after)} ({t.changeKind[c.change]})
                </li>
              ))}
            </ul>
          ) : null}
          {changes.cells.length > SHOWN ? <p>{t.changesMore(changes.cells.length - SHOWN)}</p> : null}
        </>
      )}
    </section>
  );
}
