import { ApiError } from '../../api.ts';
import { useVocabulary } from '../../hooks.ts';
import type { Notification } from '../../../../src/discharge-ready/discharge-ready.schemas.ts';
import type { StaffMessages } from '../messages.ts';

export type { Notification };
export type { NotificationDetail, NotificationList } from '../../../../src/discharge-ready/discharge-ready.schemas.ts';

/** How often the lists fetch their counters again (the server counts; the web never copies the payment rule). */
export const REFRESH_MS = 60_000;

/** A district's display name from the vocabulary (its slug until the vocabulary has loaded). */
export function useDistrictName(): (slug: string) => string {
  const { vocabulary } = useVocabulary();
  return (slug) => vocabulary?.districts.find((d) => d.slug === slug)?.name ?? slug;
}

/** The patient as the caller may see them: a name, or "hidden" for a liaison (who sees no person data). */
export function patientLabel(n: Notification, s: StaffMessages): string {
  if (!n.patient) return s.dischargeHidden;
  const name = [n.patient.givenName, n.patient.familyName].filter(Boolean).join(' ');
  return [name || n.personId.slice(0, 8), n.patient.birthYear ? `(${n.patient.birthYear})` : ''].filter(Boolean).join(' ');
}

/**
 * A 422 names the field as a 400 does (another municipality, an unknown district or person):
 * the forms show both at their fields.
 */
export async function withFieldErrors<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && error.status === 422 && error.errors.length) throw new ApiError(400, error.message, error.errors);
    throw error;
  }
}
