/** The live event of every change to a unit's numbers; its payload is the unit's new numbers (CapacityUnit). */
export const CAPACITY_CHANGED = 'intake.capacity_changed';

/** A request changed status; payload { id, district, status } (no person data: pages reload what they may see). */
export const REQUEST_CHANGED = 'intake.request_changed';

/** A notice of a freed place was made; payload { id, district, requestId, unitId }. */
export const NOTICE_CREATED = 'intake.notice_created';
