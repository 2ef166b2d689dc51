/** One published event, as listeners and streams see it. */
export type PlatformEvent = {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
  createdAt: Date;
};

/** The NOTIFY channel every instance listens on. */
export const EVENT_CHANNEL = 'veiviser_events';

/** What NOTIFY carries: the row's id and topic only, far below PostgreSQL's 8000-byte limit. */
export type EventNotice = { id: number; topic: string };

/** Parses a NOTIFY payload; null when it is not one of ours. */
export function parseEventNotice(payload: string): EventNotice | null {
  try {
    const value = JSON.parse(payload) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const { id, topic } = value as Record<string, unknown>;
    return typeof id === 'number' && Number.isSafeInteger(id) && typeof topic === 'string' ? { id, topic } : null;
  } catch {
    return null;
  }
}
