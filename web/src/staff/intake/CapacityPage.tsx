import { useEffect, useState } from 'react';
import { Loading, LoadError } from '../../components/common.tsx';
import { formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import type { Capacity, CapacityUnit } from '../types.ts';
import { IntakeNav } from './IntakeNav.tsx';

/** /inntak — every open unit's places, kept current by the capacity stream (Server-Sent Events). */
export function CapacityPage() {
  const { s, lang } = useStaffText();
  const capacity = useStaffGet<Capacity>('/api/capacity');
  const [live, setLive] = useState<boolean | null>(null);
  const [changes, setChanges] = useState<Record<string, CapacityUnit>>({});
  useTitle(s.capacityTitle);

  useEffect(() => {
    // EventSource reconnects by itself and sends Last-Event-ID, so the board catches up after a drop.
    const source = new EventSource('/api/capacity/stream');
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    source.addEventListener('intake.capacity_changed', (event) => {
      const unit = JSON.parse((event as MessageEvent<string>).data) as CapacityUnit;
      setChanges((current) => ({ ...current, [unit.id]: unit }));
    });
    return () => source.close();
  }, []);

  const units = (capacity.data?.units ?? []).map((u) => {
    const changed = changes[u.id];
    return changed && changed.updatedAt >= u.updatedAt ? changed : u;
  });
  const free = units.reduce((n, u) => n + u.free, 0);
  const places = units.reduce((n, u) => n + u.places, 0);

  return (
    <>
      <IntakeNav />
      <h1 className="vv-page-title">{s.capacityTitle}</h1>
      <p>{s.capacityIntro}</p>
      <p role="status" aria-live="polite" data-testid="capacity-live">
        {live === false ? s.capacityOffline : live ? s.capacityLive : ''}
      </p>
      {capacity.loading && !capacity.data ? <Loading /> : null}
      <LoadError error={capacity.error} onRetry={capacity.reload} />
      {capacity.data ? (
        <>
          <p>{s.capacityTotal(free, places)}</p>
          <div className="vv-table-scroll" tabIndex={0} role="region" aria-label={s.capacityTableCaption}>
            <table className="vv-table">
              <caption>{s.capacityTableCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{s.capacityUnit}</th>
                  <th scope="col">{s.capacityCategory}</th>
                  <th scope="col">{s.capacityPlaces}</th>
                  <th scope="col">{s.capacityOccupied}</th>
                  <th scope="col">{s.capacityHeld}</th>
                  <th scope="col">{s.capacityBlocked}</th>
                  <th scope="col">{s.capacityFree}</th>
                  <th scope="col">{s.capacityUpdated}</th>
                </tr>
              </thead>
              <tbody>
                {units.map((u) => (
                  <tr key={u.id} data-unit={u.id}>
                    <th scope="row">{u.name}</th>
                    <td>{u.category ? (s.capacityCategories[u.category] ?? u.category) : s.capacityNoCategory}</td>
                    <td>{u.places}</td>
                    <td>{u.occupied}</td>
                    <td>{u.held}</td>
                    <td>{u.blocked}</td>
                    <td data-testid="free">
                      <strong>{u.free}</strong>
                    </td>
                    <td>{formatDateTime(u.updatedAt, lang)}</td>
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
