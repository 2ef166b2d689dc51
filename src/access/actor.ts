/** Who is acting: a signed-in user, or the system itself (seeding, migrations). */
export type Actor = {
  userId: string;
  displayName: string;
  roles: string[];
  districts: string[];
  units: string[];
};

export const SYSTEM_ACTOR: Actor = { userId: 'system', displayName: 'Veiviser (system)', roles: ['system'], districts: [], units: [] };

/** Someone not (yet) known as a user: an audit row still needs an actor. */
export const anonymousActor = (displayName = 'Anonymous'): Actor => ({
  userId: 'anonymous',
  displayName,
  roles: [],
  districts: [],
  units: [],
});

/** Where a request came from, for the audit log. */
export type ClientInfo = { ip: string | null; userAgent: string | null };
