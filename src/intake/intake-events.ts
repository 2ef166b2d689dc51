/** The live event of every change to a unit's numbers; its payload is the unit's new numbers (CapacityUnit). */
export const CAPACITY_CHANGED = 'intake.capacity_changed';
