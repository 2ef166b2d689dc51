/** Who is acting: a signed-in user, or the system itself (seeding, migrations). */
export type Actor = {
  userId: string;
  displayName: string;
  roles: string[];
  districts: string[];
  units: string[];
};

export const SYSTEM_ACTOR: Actor = { userId: 'system', displayName: 'Veiviser (system)', roles: ['system'], districts: [], units: [] };
