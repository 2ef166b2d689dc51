import type { Actor } from '../access/actor.ts';
import type { Db } from '../platform/db.ts';
import { publishEvent } from '../platform/events/events.service.ts';
import { newId } from '../platform/ids.ts';
import { NOTICE_CREATED, REQUEST_CHANGED } from './intake-events.ts';
import { freePlaces, osloDate } from './intake-rules.ts';
import { isSuitable, type MatchBar, type MatchNeeds, type MatchUnit } from './matching.ts';
import {
  insertHistory,
  insertNoticeOnce,
  selectBars,
  selectMatchUnits,
  selectRequestByHoldForUpdate,
  selectWaiting,
  updateRequest,
  type RequestRow,
} from './requests.repository.ts';

/** How many waiting requests a freed place is matched against (the top of the list is who gets told). */
const WAITING_SCAN = 500;

/** A unit row as matching takes it. */
export function unitRowToMatchUnit(r: Awaited<ReturnType<typeof selectMatchUnits>>[number]): MatchUnit {
  return {
    id: r.id,
    name: r.name,
    open: r.open,
    category: r.category,
    substancePolicy: r.substance_policy,
    gender: r.gender,
    somaticCare: r.somatic_care,
    district: r.district,
    minAge: r.min_age,
    maxAge: r.max_age,
    free: freePlaces(r),
  };
}

/** A request row's needs as matching takes them. */
export function requestRowToNeeds(r: RequestRow): MatchNeeds {
  return {
    category: r.category,
    substance: r.substance,
    gender: r.gender,
    age: r.age,
    somaticCare: r.somatic_care,
    homeDistrict: r.home_district,
    preferredUnits: r.preferred_units,
  };
}

export const barRowToBar = (b: Awaited<ReturnType<typeof selectBars>>[number]): MatchBar => ({
  unitId: b.unit_id,
  from: b.from_date,
  until: b.until,
  reason: b.reason,
});

/** What freed places at a unit, in one transaction: ended holds (and how), ended blocks, discharged stays. */
export type FreedPlaces = {
  unitId: string;
  /** `hasRequest: false` when the hold is known to be no request's offer (then no request is looked for). */
  holds?: readonly { id: string; how: 'released' | 'expired'; hasRequest?: boolean }[];
  /** Each freed place's source ('hold:<id>', 'block:<id>', 'stay:<id>') and how many places it freed. */
  freed: readonly { ref: string; places: number }[];
  /** False when the caller has just seen that no request waits for the unit's category (then none is looked for). */
  anyoneWaiting?: boolean;
  actor: Actor;
  now: Date;
};

/**
 * Runs in the transaction that freed the places, after the freeing write: a request whose offer's
 * hold ended goes back to received (with history), and each freed place tells the owner of the
 * next waiting request it suits (urgency, then waiting time), one notice per request and freed
 * place. The freeing write happens once (a hold or block ends only while active, under the unit's
 * lock), and the notice's unique key (request, freed place) backs that, so a notice is never
 * made twice however many instances run.
 */
export async function placesFreed(trx: Db, options: FreedPlaces): Promise<void> {
  for (const hold of options.holds ?? []) {
    if (hold.hasRequest === false) continue;
    const row = await selectRequestByHoldForUpdate(trx, hold.id);
    if (!row) continue;
    const requestId = row.id;
    await updateRequest(trx, requestId, { status: 'received', hold_id: null });
    await insertHistory(trx, {
      id: newId(),
      request_id: requestId,
      from_status: row.status,
      to_status: 'received',
      reason: hold.how === 'expired' ? 'The offer expired: its hold ran out' : 'The offer was withdrawn: its hold was released',
      actor_id: options.actor.userId,
      actor_name: options.actor.displayName,
      at: options.now,
    });
    await publishEvent(trx, { topic: REQUEST_CHANGED, payload: { id: requestId, district: row.district, status: 'received' } });
  }
  const places = options.freed.reduce((n, f) => n + f.places, 0);
  if (places === 0) return;
  if (options.anyoneWaiting === false) return;
  // Who waits first: most often nobody, and then that one read is all.
  const waiting = await selectWaiting(trx, { forOpenUnit: options.unitId, limit: WAITING_SCAN });
  if (waiting.length === 0) return;
  const unitRow = (await selectMatchUnits(trx, options.unitId))[0];
  if (!unitRow) return;
  const unit = unitRowToMatchUnit(unitRow);
  const bars = await selectBars(trx, { personIds: waiting.map((w) => w.person_id), unitId: unit.id });
  const barsOf = (personId: string) => bars.filter((b) => b.person_id === personId).map(barRowToBar);
  const today = osloDate(options.now);
  const matching = waiting.filter((w) => isSuitable(requestRowToNeeds(w), unit, barsOf(w.person_id), today));
  let next = 0;
  for (const freed of options.freed) {
    for (let i = 0; i < freed.places && next < matching.length; i += 1, next += 1) {
      const request = matching[next]!;
      const notice = await insertNoticeOnce(trx, {
        id: newId(),
        recipient_district: request.district,
        recipient_user: request.created_by,
        request_id: request.id,
        unit_id: unit.id,
        freed_ref: freed.ref,
        text_nb: `En plass er ledig ved ${unit.name} og passer en forespørsel fra bydelen som venter.`,
        text_en: `A place is free at ${unit.name} that suits a waiting request of the district.`,
        created_at: options.now,
      });
      if (notice)
        await publishEvent(trx, {
          topic: NOTICE_CREATED,
          payload: { id: notice.id, district: notice.recipient_district, requestId: request.id, unitId: unit.id },
        });
    }
  }
}
