import type { Actor } from '../access/actor.ts';
import type { Db } from '../platform/db.ts';
import { notFound } from '../platform/errors.ts';
import type { Service } from './catalog.model.ts';
import type { SearchResponse } from './search.service.ts';
import {
  insertIntakeStatusChange,
  selectIntakeStatuses,
  selectIntakeStatusHistory,
  updateIntakeStatus,
} from './service-editing.repository.ts';
import { getService } from './services.service.ts';
import type { IntakeStatus } from './vocabulary.ts';

/*
 * Intake status ("accepting / waiting list / full") changes often and says nothing about what the
 * entry is: it is its own small change. It writes no content version, leaves the child rows alone
 * and does not bump the catalog revision (so search caches stay warm); cached search answers read
 * the current statuses of their services instead (withCurrentIntakeStatus).
 */

/** How many intake-status changes a service keeps. */
const HISTORY_LENGTH = 20;

/** Sets whether the service takes new people now, and keeps the change in the intake-status history. */
export async function setIntakeStatus(db: Db, options: { actor: Actor; id: string; intakeStatus: IntakeStatus | null }): Promise<Service> {
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
  return getService(db, { id: options.id });
}

/** The newest intake-status changes of a service (at most 20), newest first. */
export async function listIntakeStatusHistory(db: Db, options: { id: string }) {
  await getService(db, options);
  const rows = await selectIntakeStatusHistory(db, options.id, HISTORY_LENGTH);
  return rows.map((r) => ({ intakeStatus: r.intake_status, changedBy: r.changed_by, changedAt: new Date(r.changed_at).toISOString() }));
}

/** A search answer (from the cache) with the current intake status of each service; the cached answer is not changed. */
export async function withCurrentIntakeStatus<T extends SearchResponse>(db: Db, response: T): Promise<T> {
  const current = await selectIntakeStatuses(
    db,
    response.items.map((i) => i.id),
  );
  return {
    ...response,
    items: response.items.map((item) => (current.has(item.id) ? { ...item, intakeStatus: current.get(item.id) ?? null } : item)),
  };
}
