import { useEffect, useState, type CSSProperties } from 'react';
import { Link } from 'react-router-dom';
import { api, type SearchResponse } from '../api.ts';
import { LoadError, Loading } from '../components/common.tsx';
import { useVocabulary } from '../hooks.ts';
import { useLang, useTitle } from '../lang.tsx';

/**
 * Oslo's 15 districts as a tile map (positions from the vocabulary, no map tiles from outside).
 * Each tile links to the search filtered by the district and shows its number of active offers,
 * city-wide offers included (the API counts them for every district). The tile positions are
 * CSS custom properties (set through the CSSOM, which a strict style-src allows), so app.css can
 * lay the tiles out as a map on wide screens and as a plain list on narrow ones.
 */
export function DistrictMapPage() {
  const { t, link } = useLang();
  const { vocabulary, error } = useVocabulary();
  const [counts, setCounts] = useState<Record<string, number>>({});
  useTitle(t.mapTitle);

  useEffect(() => {
    if (!vocabulary) return;
    const controller = new AbortController();
    for (const d of vocabulary.districts) {
      api.get<SearchResponse>(`/api/services?district=${encodeURIComponent(d.slug)}&perPage=1`, controller.signal).then(
        (r) => setCounts((c) => ({ ...c, [d.slug]: r.total })),
        () => undefined,
      );
    }
    return () => controller.abort();
  }, [vocabulary]);

  const districts = [...(vocabulary?.districts ?? [])].sort((a, b) => a.tile.row - b.tile.row || a.tile.col - b.tile.col);
  const rows = Math.max(1, ...districts.map((d) => d.tile.row + 1));
  const cols = Math.max(1, ...districts.map((d) => d.tile.col + 1));

  return (
    <>
      <h1 className="vv-page-title">{t.mapTitle}</h1>
      <p className="vv-lead">{t.mapIntro}</p>
      <LoadError error={error} />
      {!vocabulary && !error ? <Loading /> : null}
      {vocabulary ? (
        <>
          <ul className="vv-tilemap" aria-label={t.mapListLabel} style={{ '--rows': rows, '--cols': cols } as CSSProperties}>
            {districts.map((d) => {
              const n = counts[d.slug] ?? null;
              return (
                <li key={d.slug} className="vv-tile" style={{ '--row': d.tile.row + 1, '--col': d.tile.col + 1 } as CSSProperties}>
                  <Link className="vv-tile__link" to={link(`/?district=${d.slug}`)}>
                    <span className="vv-tile__name">{d.name}</span>
                    <span className="pkt-sr-only">: </span>
                    <span className="vv-tile__count">{t.tileCount(n)}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
          <p className="vv-muted">{t.mapNote}</p>
        </>
      ) : null}
    </>
  );
}
