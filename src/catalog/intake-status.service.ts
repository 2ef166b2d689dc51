import type { Actor } from '../access/actor.ts';
import type { Db } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { Service } from './catalog.model.ts';
import { publishIntakeStatusChange } from './catalog-events.ts';
import { derivedIntakeStatuses } from './derived-intake-status.ts';
import { cachedIntakeStatuses } from './intake-status-cache.ts';
import type { SearchResponse } from './search.service.ts';
import { insertIntakeStatusChange, selectIntakeStatusHistory, selectSeedKey, updateIntakeStatus } from './service-editing.repository.ts';
import { getService } from './services.service.ts';
import type { IntakeStatus } from './vocabulary.ts';

/*
 * Intake status ("accepting / waiting list / full") changes often and says nothing about what the
 * entry is: it is its own small change. It writes no content version, leaves the child rows alone
 * and does not bump the catalog revision (so search caches and the index stay warm); every search
 * answer, cached or not, lays the current statuses of its services over its cards instead
 * (withCurrentIntakeStatus), from a copy every instance keeps current by events.
 *
 * An entry linked to intake units has a status derived from their capacity (derived-intake-status.ts):
 * it wins over the hand-typed one, and typing one is refused.
 */

/** How many intake-status changes a service keeps. */
const HISTORY_LENGTH = 20;

/**
 * Sets whether the service takes new people now, and keeps the change in the intake-status history.
 * CONFLICT (naming intakeStatus) for an entry linked to intake units: its status is derived from their places.
 */
export async function setIntakeStatus(db: Db, options: { actor: Actor; id: string; intakeStatus: IntakeStatus | null }): Promise<Service> {
  const found = await selectSeedKey(db, options.id);
  if (!found) throw notFound('Service');
  if ((await derivedIntakeStatuses(db, [found.seedKey])).size > 0) {
    const message =
      "This entry's intake status is derived from the places of the intake units linked to it (free, held, blocked, " +
      'waiting list); it cannot be typed by hand';
    throw new AppError('CONFLICT', message, [{ field: 'intakeStatus', message }]);
  }
  const at = new Date();
  if (!(await updateIntakeStatus(db, options.id, options.intakeStatus, at))) throw notFound('Service');
  await insertIntakeStatusChange(
    db,
    {
      service_id: options.id,
      intake_status: options.intakeStatus,
      changed_by: options.actor.displayName,
      changed_at: at,
    },
    HISTORY_LENGTH,
  );
  await publishIntakeStatusChange(db, options.id);
  return getService(db, { id: options.id });
}

/** The newest intake-status changes of a service (at most 20), newest first. */
export async function listIntakeStatusHistory(db: Db, options: { id: string }) {
  await getService(db, options);
  const rows = await selectIntakeStatusHistory(db, options.id, HISTORY_LENGTH);
  return rows.map((r) => ({ intakeStatus: r.intake_status, changedBy: r.changed_by, changedAt: new Date(r.changed_at).toISOString() }));
}

/** The intake status a reader sees: the derived one of a linked entry, else the hand-typed one. */
export type CurrentIntakeStatus = { intakeStatus: IntakeStatus | null; intakeStatusAt: string | null; intakeStatusDerived: boolean };

/** The current intake status of each service (by id), from this process's copy (intake-status-cache.ts). */
async function currentIntakeStatuses(db: Db, ids: string[]): Promise<Map<string, CurrentIntakeStatus>> {
  const { typed, derived } = await cachedIntakeStatuses(db, ids);
  const out = new Map<string, CurrentIntakeStatus>();
  for (const [id, t] of typed) {
    const d = t.seedKey === null ? undefined : derived.get(t.seedKey);
    out.set(
      id,
      d
        ? { intakeStatus: d.status, intakeStatusAt: d.at, intakeStatusDerived: true }
        : { intakeStatus: t.intakeStatus, intakeStatusAt: t.at ? new Date(t.at).toISOString() : null, intakeStatusDerived: false },
    );
  }
  return out;
}

/** A search answer (from the cache or the index) with the current intake status of each service; the answer given is not changed. */
export async function withCurrentIntakeStatus<T extends SearchResponse>(db: Db, response: T): Promise<T> {
  const current = await currentIntakeStatuses(
    db,
    response.items.map((i) => i.id),
  );
  return { ...response, items: response.items.map((item) => ({ ...item, ...current.get(item.id) })) };
}
