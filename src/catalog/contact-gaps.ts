/** What a citizen cannot find in an entry: a phone number, an address, a web page, opening hours. Pure. */

export type ContactGap = 'phone' | 'address' | 'web' | 'hours';

export type ContactFacts = {
  phone: string | null;
  contactPhones: number;
  hasAddress: boolean;
  url: string | null;
  is24_7: boolean;
  hasWeeklyHours: boolean;
};

export function contactGaps(f: ContactFacts): ContactGap[] {
  const gaps: ContactGap[] = [];
  if (!f.phone && f.contactPhones === 0) gaps.push('phone');
  if (!f.hasAddress) gaps.push('address');
  if (!f.url) gaps.push('web');
  if (!f.is24_7 && !f.hasWeeklyHours) gaps.push('hours');
  return gaps;
}
