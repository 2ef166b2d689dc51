import { useEffect } from 'react';
import { Link, useLocation } from 'react-router-dom';
import type { CrisisLine } from '../api.ts';
import { quickExit, telHref, useCrisisLines } from '../crisis.ts';
import { useLang } from '../lang.tsx';
import { Icon } from './Icon.tsx';

/** Staff pages: no Escape shortcut there (an editor pressing Esc twice must not lose a form). */
const STAFF_PREFIXES = ['/redaktor', '/admin', '/hjelpetelefoner/rediger', '/logg-inn', '/oppsett'];
const isStaffPath = (pathname: string) => STAFF_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));

/** Escape pressed twice within this many milliseconds leaves the site. */
const DOUBLE_ESCAPE_MS = 1000;

/**
 * The compact crisis bar at the top of every page: the first two lines as tap-to-call links, a
 * link to all the lines, and the quick exit. Sticky, one row at 375 px, every target ≥ 44 px.
 */
export function CrisisBar() {
  const { t, lang, link } = useLang();
  const lines = useCrisisLines();
  const { pathname } = useLocation();
  const staff = isStaffPath(pathname);

  useEffect(() => {
    if (staff) return;
    let last = 0;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.repeat) return;
      const now = Date.now();
      if (now - last < DOUBLE_ESCAPE_MS) quickExit();
      last = now;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [staff]);

  return (
    <aside className="vv-crisis-bar" aria-label={t.crisisBarLabel}>
      <ul className="vv-crisis-bar__list">
        {lines.slice(0, 2).map((line) => (
          <li key={line.key} className="vv-crisis-bar__item--call">
            <a
              className="vv-crisis-bar__call"
              href={telHref(line)}
              aria-label={t.crisisCall(line.phone.display, line.name[lang], line.hours[lang])}
            >
              <Icon name="mobile-phone" />
              <span>{line.phone.display}</span>
            </a>
          </li>
        ))}
        <li>
          <Link className="vv-crisis-bar__more" to={link('/hjelpetelefoner')} aria-label={t.crisisMoreLabel}>
            {t.crisisMore}
          </Link>
        </li>
      </ul>
      <button type="button" className="vv-crisis-bar__exit" onClick={quickExit} aria-label={t.quickExitLabel}>
        <Icon name="exit-door" />
        <span>{t.quickExit}</span>
      </button>
    </aside>
  );
}

/** Every crisis line with its number to tap, who runs it, when it is open and whom it is for. */
export function CrisisLineList({ lines, headingLevel }: { lines: readonly CrisisLine[]; headingLevel: 2 | 3 }) {
  const { t, lang } = useLang();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul className="vv-crisis-lines">
      {lines.map((line) => (
        <li key={line.key} className="vv-crisis-line">
          <Heading className="vv-crisis-line__name">{line.name[lang]}</Heading>
          <p className="vv-crisis-line__phone">
            <a
              className="vv-crisis-line__call"
              href={telHref(line)}
              aria-label={t.crisisCall(line.phone.display, line.name[lang], line.hours[lang])}
            >
              <Icon name="mobile-phone" />
              <span>{line.phone.display}</span>
            </a>
          </p>
          <p className="vv-crisis-line__facts">
            <span>{t.crisisRunBy(line.organization)}</span>
            <span>
              {t.crisisHoursLabel}: {line.hours[lang]}
            </span>
          </p>
          <p className="vv-crisis-line__audience">{line.audience[lang]}</p>
        </li>
      ))}
    </ul>
  );
}

/**
 * The prominent crisis panel on the search page: for a search that looks like a crisis (first,
 * above the results) and on every answer without results. A region with a heading, not a dialog:
 * nothing traps focus, and the results stay reachable below it.
 */
export function CrisisPanel({ reason }: { reason: 'crisis' | 'zero' }) {
  const { t, link } = useLang();
  const lines = useCrisisLines();
  return (
    <section className={`vv-crisis-panel vv-crisis-panel--${reason}`} aria-labelledby="crisis-panel-heading">
      <h2 id="crisis-panel-heading" className="vv-crisis-panel__heading">
        {t.crisisPanelHeading}
      </h2>
      <p>{reason === 'crisis' ? t.crisisPanelCrisis : t.crisisPanelZero}</p>
      <CrisisLineList lines={lines} headingLevel={3} />
      <p>
        <Link to={link('/hjelpetelefoner')}>{t.crisisAllLink}</Link>
      </p>
    </section>
  );
}

/** The crisis lines in the footer of every page: name and number, each a tap-to-call link. */
export function CrisisFooterList() {
  const { lang } = useLang();
  const lines = useCrisisLines();
  return (
    <ul className="vv-footer__links">
      {lines.map((line) => (
        <li key={line.key}>
          <a href={telHref(line)}>
            {line.name[lang]}: {line.phone.display}
          </a>
        </li>
      ))}
    </ul>
  );
}
