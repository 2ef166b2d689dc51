import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { MESSAGES, type Lang, type Messages } from './i18n.ts';
import type { Label } from './api.ts';

const STORAGE_KEY = 'veiviser.lang';

type LangContextValue = {
  lang: Lang;
  t: Messages;
  /** An in-app link that keeps the current language in its query string. */
  link: (to: string) => string;
  /** The same page in the other language. */
  switchLink: () => string;
  /** A vocabulary label in the current language. */
  label: (l: Label | undefined, fallback?: string) => string;
};

const LangContext = createContext<LangContextValue | null>(null);

function storedLang(): Lang | null {
  try {
    const v = sessionStorage.getItem(STORAGE_KEY);
    return v === 'nb' || v === 'en' ? v : null;
  } catch {
    return null;
  }
}

function storeLang(lang: Lang) {
  try {
    sessionStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the URL still carries the language.
  }
}

/** Adds or replaces lang in a path with a query string. */
export function withLang(to: string, lang: Lang): string {
  const [pathAndQuery = '', hash] = to.split('#');
  const [path = '', query = ''] = pathAndQuery.split('?');
  const params = new URLSearchParams(query);
  if (lang === 'en') params.set('lang', 'en');
  else params.delete('lang');
  const qs = params.toString();
  return `${path}${qs ? `?${qs}` : ''}${hash ? `#${hash}` : ''}`;
}

/**
 * The reader's language: the URL's lang parameter wins (and is remembered for this tab, in
 * sessionStorage, never beyond it), then the remembered choice, then bokmål. Sets <html lang>.
 */
export function LangProvider({ children }: { children: ReactNode }) {
  const location = useLocation();
  const fromUrl = new URLSearchParams(location.search).get('lang');
  const lang: Lang = fromUrl === 'en' || fromUrl === 'nb' ? fromUrl : (storedLang() ?? 'nb');

  useEffect(() => {
    // Only a choice the reader made (the URL's lang) is remembered: a plain visit stores nothing.
    if (fromUrl === 'en' || fromUrl === 'nb') storeLang(fromUrl);
    document.documentElement.lang = lang;
  }, [fromUrl, lang]);

  const value = useMemo<LangContextValue>(() => {
    const other: Lang = lang === 'nb' ? 'en' : 'nb';
    return {
      lang,
      t: MESSAGES[lang],
      link: (to) => withLang(to, lang),
      switchLink: () => {
        const params = new URLSearchParams(location.search);
        params.set('lang', other);
        return `${location.pathname}?${params.toString()}${location.hash}`;
      },
      label: (l, fallback = '') => (l ? l[lang] : fallback),
    };
  }, [lang, location.pathname, location.search, location.hash]);

  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangContextValue {
  const value = useContext(LangContext);
  if (!value) throw new Error('useLang outside LangProvider');
  return value;
}

/** Sets the document title: "<page> – Veiviser – Oslo kommune". */
export function useTitle(page: string | null) {
  const { t } = useLang();
  useEffect(() => {
    document.title = page ? `${page} – ${t.titleSuffix}` : t.titleSuffix;
  }, [page, t.titleSuffix]);
}
