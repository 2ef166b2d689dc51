import { useEffect, useRef, type ReactNode } from 'react';
import { Link, NavLink, useLocation } from 'react-router-dom';
import { useLang } from '../lang.tsx';
import { PUNKT_LOGO_PATH } from '../punkt-env.ts';
import { CrisisBar, CrisisFooterList } from './Crisis.tsx';
import { Icon } from './Icon.tsx';

/** Header with skip link, logo, navigation and language toggle; main landmark; footer. */
export function Layout({ children }: { children: ReactNode }) {
  const { t, link, switchLink, lang } = useLang();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After client-side navigation, move focus to the new page's heading so screen readers and
  // keyboard users start there. A page still loading has no h1 yet: focus main, and move on to
  // the heading when it appears, unless the reader has moved focus meanwhile.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const main = mainRef.current;
    if (!main) return;
    const focusHeading = () => {
      const heading = main.querySelector<HTMLElement>('h1');
      if (!heading) return false;
      heading.tabIndex = -1;
      heading.focus();
      return true;
    };
    window.scrollTo(0, 0);
    if (focusHeading()) return;
    main.focus({ preventScroll: true });
    const observer = new MutationObserver(() => {
      if (document.activeElement !== main || focusHeading()) observer.disconnect();
    });
    observer.observe(main, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [location.pathname]);

  const nav = [
    { to: '/', label: t.navSearch, end: true },
    { to: '/bydeler', label: t.navDistricts, end: false },
    { to: '/dekning', label: t.navCoverage, end: false },
    { to: '/statistikk', label: t.navStatistics, end: false },
    { to: '/redaktor', label: t.navEditor, end: false },
  ];
  const otherLang = lang === 'nb' ? 'en' : 'nb';

  return (
    <div className="vv-page">
      <a className="vv-skip-link" href="#main">
        {t.skipLink}
      </a>
      <CrisisBar />
      <header className="vv-header">
        <div className="vv-header__inner">
          <Link className="vv-header__home" to={link('/')}>
            <img className="vv-header__logo" src={`${PUNKT_LOGO_PATH}oslologo.svg`} alt={t.footerKommune} width="100" height="52" />
            <span className="vv-header__service">
              <span className="vv-header__name">{t.appName}</span>
              <span className="vv-header__tagline">{t.appTagline}</span>
            </span>
          </Link>
          <Link className="vv-lang-toggle" to={switchLink()} lang={otherLang} hrefLang={otherLang} aria-label={t.langToggleLabel}>
            <Icon name="language" />
            <span>{t.langToggle}</span>
          </Link>
        </div>
        <nav className="vv-nav" aria-label={t.navLabel}>
          <ul className="vv-nav__list">
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink
                  className={({ isActive }) => `vv-nav__link${isActive ? ' vv-nav__link--active' : ''}`}
                  to={link(item.to)}
                  end={item.end}
                >
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="vv-main pkt-container">
        {children}
      </main>
      <footer className="vv-footer">
        <div className="pkt-container vv-footer__inner">
          <section aria-labelledby="footer-about">
            <h2 id="footer-about" className="vv-footer__heading">
              {t.footerHeading}
            </h2>
            <p>{t.footerAbout}</p>
          </section>
          <section aria-labelledby="footer-emergency">
            <h2 id="footer-emergency" className="vv-footer__heading">
              {t.crisisFooterHeading}
            </h2>
            <CrisisFooterList />
          </section>
          <section aria-labelledby="footer-links">
            <h2 id="footer-links" className="vv-footer__heading">
              {t.footerLinksHeading}
            </h2>
            <ul className="vv-footer__links">
              <li>
                <Link to={link('/bydeler')}>{t.navDistricts}</Link>
              </li>
              <li>
                <Link to={link('/dekning')}>{t.navCoverage}</Link>
              </li>
              <li>
                <a href="/api/openapi.json">{t.footerOpenData}</a>
              </li>
            </ul>
          </section>
        </div>
        <p className="pkt-container vv-footer__kommune">{t.footerKommune}</p>
      </footer>
    </div>
  );
}
