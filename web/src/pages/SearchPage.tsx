import { useEffect, useMemo, useRef, useState, type SubmitEvent } from 'react';
import { Link, NavigationType, useLocation, useNavigationType, useSearchParams } from 'react-router-dom';
import type { MatchReason, SearchResponse, ServiceSummary, Vocabulary } from '../api.ts';
import { Checkbox, Fieldset, SelectField, TextField } from '../components/forms.tsx';
import { LoadError, Tag } from '../components/common.tsx';
import { Icon } from '../components/Icon.tsx';
import { OpenStatusTag } from '../components/ServiceInfo.tsx';
import { useApi, useVocabulary } from '../hooks.ts';
import { formatDate, formatDateTime, type Messages, type Lang } from '../i18n.ts';
import { useLang, useTitle } from '../lang.tsx';
import { MAX_SELECTED, useSelection } from '../selection.ts';
import { CrisisPanel } from '../components/Crisis.tsx';

const PER_PAGE = 20;
const FLAGS = ['dropIn', 'noDrugFreeRequirement', 'openNow', 'evenings', 'weekends', 'open24_7', 'includeClosed'] as const;
type Flag = (typeof FLAGS)[number];

type SearchState = {
  q: string;
  district: string;
  kind: string[];
  step: number[];
  age: string;
  target: string;
  flags: Record<Flag, boolean>;
  page: number;
  /** Search the words as typed (the "search for … instead" link after a typo correction). */
  noCorrection: boolean;
};

function list(value: string | null): string[] {
  return value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

/** The whole search state lives in the URL, so a result list can be shared and back/forward works. */
function readState(params: URLSearchParams): SearchState {
  const age = params.get('age') ?? '';
  const page = Number(params.get('page') ?? '1');
  return {
    q: params.get('q') ?? '',
    district: params.get('district') ?? '',
    kind: list(params.get('kind')),
    step: list(params.get('step'))
      .map(Number)
      .filter((n) => Number.isInteger(n) && n >= 1 && n <= 7),
    age: /^\d{1,3}$/.test(age) ? age : '',
    target: params.get('target') ?? '',
    flags: Object.fromEntries(FLAGS.map((f) => [f, params.get(f) === 'true'])) as Record<Flag, boolean>,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    noCorrection: params.get('noCorrection') === 'true',
  };
}

/** The API query for a state; only set parameters are sent (the API refuses unknown ones). */
function apiQuery(state: SearchState, vocabulary: Vocabulary): string {
  const p = new URLSearchParams();
  if (state.q.trim()) p.set('q', state.q.trim().slice(0, 200));
  if (vocabulary.districts.some((d) => d.slug === state.district)) p.set('district', state.district);
  const kinds = state.kind.filter((k) => k in vocabulary.kinds);
  if (kinds.length) p.set('kind', kinds.join(','));
  if (state.step.length) p.set('step', state.step.join(','));
  if (state.age && Number(state.age) <= 130) p.set('age', state.age);
  if (state.target in vocabulary.targetGroups) p.set('target', state.target);
  for (const f of FLAGS) if (state.flags[f]) p.set(f, 'true');
  if (state.noCorrection) p.set('noCorrection', 'true');
  p.set('page', String(state.page));
  p.set('perPage', String(PER_PAGE));
  return `/api/services?${p.toString()}`;
}

/** The query with each corrected word replaced by what was searched. */
function correctedQuery(query: string, corrections: { term: string; correction: string }[]): string {
  const fix = new Map(corrections.map((c) => [c.term, c.correction]));
  return query
    .trim()
    .split(/(\s+)/)
    .map((w) => fix.get(w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')) ?? w)
    .join('');
}

/** URL parameters with some replaced; a new search starts on page 1. */
function withParams(params: URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) next.delete(key);
    else next.set(key, value);
  }
  next.delete('page');
  return next.toString();
}

/** What to do when nothing was found: search all districts, or one of the suggested searches. */
function ZeroResultHelp({ data, params, onAllDistricts }: { data: SearchResponse; params: URLSearchParams; onAllDistricts: () => void }) {
  const { t, link } = useLang();
  const suggestions = data.suggestions;
  return (
    <div className="vv-zero-results">
      {data.allDistrictsTotal ? (
        <p>
          <button type="button" className="pkt-btn pkt-btn--secondary pkt-btn--small" onClick={onAllDistricts}>
            <span className="pkt-btn__text">{t.searchAllDistricts(data.allDistrictsTotal)}</span>
          </button>
        </p>
      ) : null}
      {suggestions.length ? (
        <>
          <p id="zero-suggestions">{t.suggestionsHeading}</p>
          <ul aria-labelledby="zero-suggestions" className="vv-zero-results__suggestions">
            {suggestions.map((s) => (
              <li key={s}>
                <Link to={link(`/?${withParams(params, { q: s, noCorrection: null })}`)}>{s}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

function activeFilterCount(state: SearchState): number {
  return (
    (state.district ? 1 : 0) +
    state.kind.length +
    state.step.length +
    (state.age ? 1 : 0) +
    (state.target ? 1 : 0) +
    FLAGS.filter((f) => state.flags[f]).length
  );
}

export function reasonText(reason: MatchReason, t: Messages): string {
  switch (reason.via) {
    case 'synonym':
      return t.reasonSynonym(reason.matched, reason.term, reason.inName);
    case 'typo':
      return t.reasonTypo(reason.matched, reason.term, reason.inName);
    case 'compound':
      return t.reasonCompound(reason.matched, reason.term, reason.inName);
    case 'exact':
    default:
      return t.reasonExact(reason.matched === reason.term ? reason.term : reason.matched, reason.inName);
  }
}

export function areaText(s: { cityWide: boolean; districts: string[] }, vocabulary: Vocabulary | null, t: Messages): string {
  if (s.cityWide) return t.cityWide;
  const names = s.districts.map((slug) => vocabulary?.districts.find((d) => d.slug === slug)?.name ?? slug);
  return names.length ? names.join(', ') : t.notGiven;
}

export function drugFreeText(v: boolean | null, t: Messages): string {
  return v === true ? t.drugFreeRequired : v === false ? t.drugFreeNotRequired : t.drugFreeUnknown;
}

export function StatusTags({ s, lang }: { s: { status: string; statusDate: string | null; underReview: boolean }; lang: Lang }) {
  const { t } = useLang();
  return (
    <>
      {s.status === 'planned' ? <Tag skin="yellow">{t.statusPlanned(s.statusDate ? formatDate(s.statusDate, lang) : null)}</Tag> : null}
      {s.status === 'closed' ? <Tag skin="red">{t.statusClosed(s.statusDate ? formatDate(s.statusDate, lang) : null)}</Tag> : null}
      {s.underReview ? (
        <Tag skin="beige">
          <span title={t.underReviewHint}>{t.underReview}</span>
        </Tag>
      ) : null}
    </>
  );
}

/** The result a reader opened last: coming back to the list puts focus on it again. */
let lastOpened: string | null = null;

/** What a detail page needs to lead back to the same result list. */
export type FromSearch = { search: string };
/** Set by a detail page's back link, like a browser Back: focus returns to the opened result. */
export type ReturningToSearch = { returning: true };

type ResultItemProps = {
  item: ServiceSummary;
  vocabulary: Vocabulary | null;
  selected: boolean;
  selectionFull: boolean;
  onSelect: (on: boolean) => void;
};

function ResultItem({ item, vocabulary, selected, selectionFull, onSelect }: ResultItemProps) {
  const { t, lang, link, label } = useLang();
  const englishDescription = lang === 'en' && item.descriptionEn;
  const description = englishDescription ? item.descriptionEn! : item.description;
  const age = t.ageRange(item.minAge, item.maxAge);
  const headingId = `r-${item.id}`;
  const location = useLocation();
  return (
    <li className="vv-result">
      <article aria-labelledby={headingId}>
        <h3 className="vv-result__title" id={headingId}>
          <Link
            to={link(`/tjenester/${item.id}`)}
            state={{ search: location.search } satisfies FromSearch}
            onClick={() => {
              lastOpened = item.id;
            }}
          >
            {item.name}
          </Link>
        </h3>
        <p className="vv-result__meta">
          <span>{label(vocabulary?.kinds[item.kind], item.kind)}</span>
          {item.organizationName ? <span>{t.providedBy(item.organizationName)}</span> : null}
        </p>
        <div className="vv-result__tags">
          <OpenStatusTag status={item.openStatus} />
          <StatusTags s={item} lang={lang} />
          {item.intakeStatus ? (
            <Tag skin={item.intakeStatus === 'accepting' ? 'green' : item.intakeStatus === 'full' ? 'red' : 'yellow'}>
              {t.intakeCard(t.intakeStatus[item.intakeStatus], item.intakeStatusAt ? formatDateTime(item.intakeStatusAt, lang) : null)}
            </Tag>
          ) : null}
        </div>
        <p className="vv-result__description" lang={lang === 'en' && !englishDescription ? 'nb' : undefined}>
          {description.length > 320 ? `${description.slice(0, 317).trimEnd()}…` : description}
        </p>
        {lang === 'en' && !englishDescription ? <p className="vv-muted vv-result__only-nb">{t.onlyNorwegianShort}</p> : null}
        <ul className="vv-result__facts">
          <li>
            <Icon name="map-cursor" className="vv-fact-icon" />
            <span className="pkt-sr-only">{t.areaLabel}: </span>
            {areaText(item, vocabulary, t)}
          </li>
          <li>
            <Icon name="exit-door" className="vv-fact-icon" />
            {item.access ? label(vocabulary?.access[item.access], item.access) : t.accessUnknown}
          </li>
          <li>
            <Icon name="information" className="vv-fact-icon" />
            {drugFreeText(item.requiresDrugFree, t)}
          </li>
          {age ? (
            <li>
              <Icon name="user" className="vv-fact-icon" />
              {age}
            </li>
          ) : null}
        </ul>
        {item.reasons.length ? (
          <p className="vv-result__reasons">
            <span className="vv-result__reasons-label">{t.whyMatched}</span> {item.reasons.map((r) => reasonText(r, t)).join('; ')}
          </p>
        ) : null}
        <Checkbox
          id={`pick-${item.id}`}
          className="vv-result__pick"
          checked={selected}
          disabled={selectionFull && !selected}
          onChange={onSelect}
          label={
            <>
              {t.pickForPrint}
              <span className="pkt-sr-only">: {item.name}</span>
            </>
          }
        />
      </article>
    </li>
  );
}

type PaginationProps = { page: number; total: number; hrefFor: (page: number) => string; onPage: (page: number) => void };

function Pagination({ page, total, hrefFor, onPage }: PaginationProps) {
  const { t } = useLang();
  const pages = Math.ceil(total / PER_PAGE);
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])]
    .filter((p) => p >= 1 && p <= pages)
    .sort((a, b) => a - b);
  return (
    <nav className="vv-pagination" aria-label={t.paginationLabel}>
      <ul>
        {page > 1 ? (
          <li>
            <Link to={hrefFor(page - 1)} className="vv-pagination__step" rel="prev" onClick={() => onPage(page - 1)}>
              <Icon name="chevron-left" className="vv-pagination__icon" />
              {t.previousPage}
            </Link>
          </li>
        ) : null}
        {shown.map((p, i) => (
          <li key={p}>
            {i > 0 && p - (shown[i - 1] ?? p) > 1 ? (
              <span className="vv-pagination__gap" aria-hidden="true">
                …
              </span>
            ) : null}
            <Link
              to={hrefFor(p)}
              onClick={() => onPage(p)}
              aria-current={p === page ? 'page' : undefined}
              className={`vv-pagination__page${p === page ? ' vv-pagination__page--current' : ''}`}
              aria-label={t.pageOf(p, pages)}
            >
              {p}
            </Link>
          </li>
        ))}
        {page < pages ? (
          <li>
            <Link to={hrefFor(page + 1)} className="vv-pagination__step" rel="next" onClick={() => onPage(page + 1)}>
              {t.nextPage}
              <Icon name="chevron-right" className="vv-pagination__icon" />
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

export function SearchPage() {
  const { t, lang, label, link } = useLang();
  const [urlParams, setParams] = useSearchParams();
  // The router changes the URL in a transition, and React puts a controlled checkbox back until
  // that transition commits: the filters show a change at once from this pending copy, which
  // stands only until the URL it was made from changes.
  const [pending, setPending] = useState<{ base: URLSearchParams; next: URLSearchParams } | null>(null);
  const params = pending?.base === urlParams ? pending.next : urlParams;
  const state = useMemo(() => readState(params), [params]);
  const { vocabulary, error: vocabularyError } = useVocabulary();
  const [qInput, setQInput] = useState(state.q);
  const [ageInput, setAgeInput] = useState(state.age);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const selection = useSelection();
  useTitle(state.q ? `${t.navSearch}: ${state.q}` : t.searchTitle);

  // Back/forward and shared links change the URL: the text inputs follow it.
  const [inputsFor, setInputsFor] = useState({ q: state.q, age: state.age });
  if (inputsFor.q !== state.q || inputsFor.age !== state.age) {
    setInputsFor({ q: state.q, age: state.age });
    setQInput(state.q);
    setAgeInput(state.age);
  }

  const path = vocabulary ? apiQuery(state, vocabulary) : null;
  const results = useApi<SearchResponse>(path);
  const data = results.data;

  // Back from a detail page (browser Back or our back link): focus the result the reader opened.
  const navigationType = useNavigationType();
  const location = useLocation();
  const returning = navigationType === NavigationType.Pop || (location.state as ReturningToSearch | null)?.returning === true;
  useEffect(() => {
    if (!data || results.loading || !lastOpened) return;
    const id = lastOpened;
    lastOpened = null;
    if (returning && data.items.some((i) => i.id === id)) document.querySelector<HTMLElement>(`#r-${CSS.escape(id)} a`)?.focus();
  }, [data, results.loading, returning]);

  // After paging from the links below the list, start the reader at the top of the new page.
  const pagedTo = useRef<number | null>(null);
  useEffect(() => {
    if (!data || results.loading || pagedTo.current !== data.page) return;
    pagedTo.current = null;
    document.getElementById('results-heading')?.focus();
  }, [data, results.loading]);

  /** Changes some parameters; any change but paging goes back to page 1. */
  function update(changes: Record<string, string | null>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    if (!('page' in changes)) next.delete('page');
    setPending({ base: urlParams, next });
    setParams(next);
  }

  function hrefForPage(page: number) {
    const next = new URLSearchParams(params);
    if (page === 1) next.delete('page');
    else next.set('page', String(page));
    return `/?${next.toString()}`;
  }

  function submitSearch(e: SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    update({ q: qInput.trim() || null, age: /^\d{1,3}$/.test(ageInput) ? ageInput : null, noCorrection: null });
  }

  function applyAge() {
    const value = /^\d{1,3}$/.test(ageInput) ? ageInput : '';
    if (value !== state.age) update({ age: value || null });
  }

  const toggleIn = (values: string[], value: string, on: boolean) =>
    on ? [...new Set([...values, value])] : values.filter((v) => v !== value);
  const filterCount = activeFilterCount(state);
  const total = data?.total ?? null;
  const error = vocabularyError ?? results.error;

  const districtOptions = [
    { value: '', label: t.districtAll },
    ...(vocabulary?.districts ?? []).map((d) => ({ value: d.slug, label: d.name })).sort((a, b) => a.label.localeCompare(b.label, 'nb')),
  ];
  const printHref = link(`/utskrift?ids=${selection.ids.join(',')}`);

  return (
    <div className="vv-search">
      <h1 className="vv-page-title">{t.searchTitle}</h1>
      <p className="vv-lead">{t.searchIntro}</p>

      <form role="search" className="vv-searchbar" onSubmit={submitSearch} aria-label={t.navSearch}>
        <div className="pkt-inputwrapper vv-searchbar__field">
          <label className="pkt-inputwrapper__label" htmlFor="search-q">
            {t.searchLabel}
          </label>
          <div className="pkt-inputwrapper__helptext" id="search-q-hint">
            {t.searchHint}
          </div>
          <div className="vv-searchbar__row">
            <input
              id="search-q"
              name="q"
              type="search"
              className="pkt-input pkt-input--fullwidth"
              value={qInput}
              onChange={(e) => setQInput(e.target.value)}
              aria-describedby="search-q-hint"
              autoComplete="off"
              maxLength={200}
            />
            <button type="submit" className="pkt-btn pkt-btn--primary pkt-btn--medium pkt-btn--icon-left">
              <Icon name="magnifying-glass-big" className="pkt-btn__icon" />
              <span className="pkt-btn__text">{t.searchButton}</span>
            </button>
          </div>
        </div>
        <a className="vv-skip-inline" href="#results-heading">
          {t.skipToResults}
        </a>
      </form>

      {/* A search that looks like a crisis gets the helplines first, above filters and results, on the first screen. */}
      {data?.crisis ? <CrisisPanel reason="crisis" /> : null}

      <div className="vv-search__layout">
        <section className="vv-filters" aria-labelledby="filters-heading">
          <h2 id="filters-heading" className="vv-section-title">
            {t.filtersHeading}
          </h2>
          <button
            type="button"
            className="pkt-btn pkt-btn--secondary pkt-btn--small vv-filters__toggle"
            aria-expanded={filtersOpen}
            aria-controls="filters-panel"
            onClick={() => setFiltersOpen((o) => !o)}
          >
            <span className="pkt-btn__text">
              {filtersOpen ? t.hideFilters : t.showFilters}
              {filterCount ? ` (${t.activeFilters(filterCount)})` : ''}
            </span>
          </button>
          <form
            id="filters-panel"
            className={`vv-filters__panel${filtersOpen ? ' vv-filters__panel--open' : ''}`}
            onSubmit={(e) => {
              e.preventDefault();
              applyAge();
            }}
          >
            <SelectField
              id="filter-district"
              label={t.districtLabel}
              hint={t.districtHint}
              value={state.district}
              options={districtOptions}
              onChange={(v) => update({ district: v || null })}
            />

            <Fieldset legend={t.targetLegend}>
              {[
                ['', t.targetAll] as const,
                ...Object.entries(vocabulary?.targetGroups ?? {}).map(([code, l]) => [code, label(l)] as const),
              ].map(([code, text]) => (
                <Checkbox
                  key={code || 'all'}
                  type="radio"
                  name="filter-target"
                  id={`filter-target-${code || 'all'}`}
                  label={text}
                  checked={state.target === code}
                  onChange={() => update({ target: code || null })}
                />
              ))}
            </Fieldset>

            <div className="vv-age">
              <TextField
                id="filter-age"
                label={t.ageLabel}
                hint={t.ageHint}
                type="number"
                inputMode="numeric"
                min={0}
                max={130}
                value={ageInput}
                onChange={setAgeInput}
                className="vv-age__field"
              />
              <button type="submit" className="pkt-btn pkt-btn--secondary pkt-btn--small vv-age__apply">
                <span className="pkt-btn__text">{t.applyAge}</span>
              </button>
            </div>

            <Fieldset legend={t.accessLegend}>
              <Checkbox
                id="filter-dropIn"
                label={t.dropInLabel}
                checked={state.flags.dropIn}
                onChange={(on) => update({ dropIn: on ? 'true' : null })}
              />
              <Checkbox
                id="filter-noDrugFreeRequirement"
                label={t.noDrugFreeLabel}
                checked={state.flags.noDrugFreeRequirement}
                onChange={(on) => update({ noDrugFreeRequirement: on ? 'true' : null })}
              />
            </Fieldset>

            <Fieldset legend={t.hoursLegend}>
              <Checkbox
                id="filter-openNow"
                label={t.openNowLabel}
                checked={state.flags.openNow}
                onChange={(on) => update({ openNow: on ? 'true' : null })}
              />
              <Checkbox
                id="filter-evenings"
                label={t.eveningsLabel}
                checked={state.flags.evenings}
                onChange={(on) => update({ evenings: on ? 'true' : null })}
              />
              <Checkbox
                id="filter-weekends"
                label={t.weekendsLabel}
                checked={state.flags.weekends}
                onChange={(on) => update({ weekends: on ? 'true' : null })}
              />
              <Checkbox
                id="filter-open24_7"
                label={t.open24_7Label}
                checked={state.flags.open24_7}
                onChange={(on) => update({ open24_7: on ? 'true' : null })}
              />
            </Fieldset>

            <details className="vv-details" open={state.step.length > 0 || undefined}>
              <summary>
                {t.stepLegendProfessional}
                {t.selectedCount(state.step.length)}
              </summary>
              <Fieldset legend={t.stepLegend} legendClassName="pkt-sr-only">
                {Object.entries(vocabulary?.ladderSteps ?? {}).map(([n, l]) => (
                  <Checkbox
                    key={n}
                    id={`filter-step-${n}`}
                    label={t.stepOption(Number(n), label(l))}
                    checked={state.step.includes(Number(n))}
                    onChange={(on) => update({ step: toggleIn(state.step.map(String), n, on).sort().join(',') || null })}
                  />
                ))}
              </Fieldset>
            </details>

            <details className="vv-details" open={state.kind.length > 0 || undefined}>
              <summary>
                {t.kindLegend}
                {t.selectedCount(state.kind.length)}
              </summary>
              <Fieldset legend={t.kindLegend} legendClassName="pkt-sr-only">
                {Object.entries(vocabulary?.kinds ?? {})
                  .sort(([, a], [, b]) => label(a).localeCompare(label(b), lang))
                  .map(([code, l]) => (
                    <Checkbox
                      key={code}
                      id={`filter-kind-${code}`}
                      label={label(l)}
                      checked={state.kind.includes(code)}
                      onChange={(on) => update({ kind: toggleIn(state.kind, code, on).join(',') || null })}
                    />
                  ))}
              </Fieldset>
            </details>

            <Fieldset legend={t.otherLegend}>
              <Checkbox
                id="filter-includeClosed"
                label={t.includeClosedLabel}
                checked={state.flags.includeClosed}
                onChange={(on) => update({ includeClosed: on ? 'true' : null })}
              />
            </Fieldset>

            {filterCount || state.q ? (
              <p>
                <Link to={link('/')} className="vv-clear-link">
                  {t.clearFilters}
                </Link>
              </p>
            ) : null}
            {/* On a phone the results are far below the open filters; on wide screens they are beside them. */}
            <a className="vv-filters__to-results" href="#results-heading">
              {t.skipToResults}
            </a>
          </form>
        </section>

        <section className="vv-results" aria-labelledby="results-heading" aria-busy={results.loading || !vocabulary || undefined}>
          <h2 id="results-heading" className="vv-section-title" tabIndex={-1}>
            {t.resultsHeading}
          </h2>
          <p className="vv-results__count" role="status" aria-live="polite" aria-atomic="true">
            {total === null ? (results.loading || !vocabulary ? t.loading : '') : t.resultsCount(total, state.q.trim() || undefined)}
            {total !== null && data && Math.ceil(total / PER_PAGE) > 1 ? ` – ${t.pageOf(data.page, Math.ceil(total / PER_PAGE))}` : ''}
          </p>
          <LoadError error={error} onRetry={results.reload} />
          {data?.corrections.length ? (
            <p className="vv-note">
              {t.showingResultsFor} <strong>{correctedQuery(state.q, data.corrections)}</strong>.{' '}
              <a
                href={link(`/?${withParams(params, { q: state.q, noCorrection: 'true' })}`)}
                onClick={(e) => {
                  e.preventDefault();
                  update({ noCorrection: 'true' });
                }}
              >
                {t.searchInsteadFor(state.q.trim())}
              </a>
            </p>
          ) : null}
          {data?.matchMode === 'any' ? <p className="vv-note">{t.matchAnyNote}</p> : null}
          {data?.matchMode === 'all_then_any' && data.allTermsTotal !== null ? (
            <p className="vv-note">{t.matchAllThenAnyNote(data.allTermsTotal)}</p>
          ) : null}
          {data?.unknownHours ? <p className="vv-note vv-unknown-hours">{t.unknownHoursNote(data.unknownHours)}</p> : null}
          {data && data.total === 0 ? <p>{t.noResultsHelp}</p> : null}
          {data && !data.crisis && data.total === 0 ? <CrisisPanel reason="zero" /> : null}
          {data && data.total === 0 ? (
            <ZeroResultHelp data={data} params={params} onAllDistricts={() => update({ district: null })} />
          ) : null}

          <div className="vv-selection">
            <p className="vv-selection__text">
              {selection.ids.length ? t.selectionCount(selection.ids.length) : t.selectionNone}
              {selection.full ? ` ${t.selectionFull(MAX_SELECTED)}` : ''}
            </p>
            {selection.ids.length ? (
              <p className="vv-selection__actions">
                <Link className="pkt-btn pkt-btn--secondary pkt-btn--small pkt-btn--icon-left" to={printHref}>
                  <Icon name="print" className="pkt-btn__icon" />
                  <span className="pkt-btn__text">{t.printSelected(selection.ids.length)}</span>
                </Link>
                <button type="button" className="pkt-btn pkt-btn--tertiary pkt-btn--small" onClick={selection.clear}>
                  <span className="pkt-btn__text">{t.clearSelection}</span>
                </button>
              </p>
            ) : null}
          </div>

          {data && data.items.length ? (
            <ol className={`vv-result-list${results.loading ? ' vv-result-list--stale' : ''}`}>
              {data.items.map((item) => (
                <ResultItem
                  key={item.id}
                  item={item}
                  vocabulary={vocabulary}
                  selected={selection.ids.includes(item.id)}
                  selectionFull={selection.full}
                  onSelect={(on) => selection.toggle(item.id, on)}
                />
              ))}
            </ol>
          ) : null}
          {data ? (
            <Pagination page={data.page} total={data.total} hrefFor={(p) => link(hrefForPage(p))} onPage={(p) => (pagedTo.current = p)} />
          ) : null}
        </section>
      </div>
    </div>
  );
}
