/** Contracts of the occupancy history (GET /api/capacity/history). No person data: counts per unit and day. */
import { z } from 'zod';
import { isoDate } from '../platform/input.ts';

/** The longest range one request may ask for. */
export const MAX_HISTORY_DAYS = 366;

export const historyQuerySchema = z.strictObject({
  unit: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a unit id (lower-case letters, digits and hyphens)'),
  from: isoDate(),
  to: isoDate(),
});
export type HistoryQuery = z.infer<typeof historyQuerySchema>;

/** One Oslo day's numbers, as they stood at the end of the day (midnight), or now for today. */
export const historyDaySchema = z.object({
  date: z.string(),
  places: z.number().int(),
  occupied: z.number().int(),
  held: z.number().int(),
  blocked: z.number().int(),
  free: z.number().int(),
});

export const historySchema = z.object({
  unitId: z.string(),
  name: z.string(),
  /** How the places of past days are known (kept from 2026-12-04; earlier days: the places as seeded). */
  placesNote: z.string(),
  days: z.array(historyDaySchema),
});
export type CapacityHistory = z.infer<typeof historySchema>;
