import type { ReactNode } from 'react';
import type { OpenStatusView } from '../api.ts';
import { useLang } from '../lang.tsx';
import { Tag } from './common.tsx';

const STATUS_SKIN = { always: 'green', open: 'green', closed: 'grey', unknown: 'beige' } as const;

/** "Åpent nå · stenger 16:00", "Stengt · åpner mandag 08:00", "Døgnåpent", "Åpningstider ikke oppgitt". */
export function OpenStatusTag({ status }: { status: OpenStatusView | undefined }) {
  const { lang } = useLang();
  if (!status) return null;
  return (
    <span className={`vv-open-status vv-open-status--${status.state}`}>
      <Tag skin={STATUS_SKIN[status.state]}>{status.text[lang]}</Tag>
    </span>
  );
}

/** "Slik får du tilbudet": the API writes it from the entry's facts, in both languages. */
export function HowToGetSection({ howToGet }: { howToGet: { nb: string[]; en: string[] } | undefined }) {
  const { t, lang } = useLang();
  const paragraphs = howToGet?.[lang] ?? [];
  if (paragraphs.length === 0) return null;
  const [first, ...rest] = paragraphs;
  return (
    <section aria-labelledby="howto-heading" className="vv-howto">
      <h2 id="howto-heading" className="vv-section-title">
        {t.howToGetHeading}
      </h2>
      <p className="vv-howto__lead">{first}</p>
      {rest.length ? (
        <ul className="vv-howto__list">
          {rest.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** Planning terms (ladder step, hovedforløp) are for professionals: behind a disclosure on public pages. */
export function ForProfessionals({ children }: { children: ReactNode }) {
  const { t } = useLang();
  return (
    <details className="vv-details vv-professional">
      <summary>{t.professionalHeading}</summary>
      <div className="vv-professional__body">
        <p className="vv-muted">{t.professionalIntro}</p>
        {children}
      </div>
    </details>
  );
}
