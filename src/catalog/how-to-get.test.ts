import { describe, expect, it } from 'vitest';
import { howToGet, type HowToGetFacts } from './how-to-get.ts';

const facts = (overrides: Partial<HowToGetFacts> = {}): HowToGetFacts => ({
  access: null,
  kind: 'other',
  is24_7: false,
  hoursKnown: true,
  phone: null,
  url: null,
  anonymous: null,
  requiresDrugFree: null,
  cityWide: true,
  districts: [],
  organizationName: null,
  ...overrides,
});

describe('howToGet', () => {
  it('tells a drop-in visitor they need nothing but to turn up', () => {
    const h = howToGet(facts({ access: 'drop_in' }));
    expect(h.nb).toEqual(['Du trenger ikke henvisning eller avtale. Du kan møte opp i åpningstiden.']);
    expect(h.en).toEqual(['You do not need a referral or an appointment. You can just turn up during opening hours.']);
  });

  it('says a round-the-clock drop-in is open at any time, and asks to check hours that are not listed', () => {
    expect(howToGet(facts({ access: 'drop_in', is24_7: true })).nb[0]).toMatch(/når som helst, det er åpent hele døgnet/);
    expect(howToGet(facts({ access: 'drop_in', hoursKnown: false })).nb[1]).toBe(
      'Åpningstidene står ikke her, så sjekk med tilbudet før du går.',
    );
  });

  it('explains a GP referral to specialist treatment and that it takes time', () => {
    const h = howToGet(facts({ access: 'referral', kind: 'treatment_specialist' }));
    expect(h.nb[0]).toMatch(/^Du trenger en henvisning\. Som regel er det fastlegen din som henviser deg\. Det kan ta noen uker/);
    expect(h.en[0]).toMatch(/^You need a referral\. Usually your GP \(fastlege\) refers you\./);
    expect(howToGet(facts({ access: 'referral', kind: 'ambulant_team' })).nb[0]).toMatch(/fastlegen din, eller med en tjeneste/);
  });

  it("sends an application to the district's service office, names a district's own, and explains common intake", () => {
    const own = howToGet(facts({ access: 'decision', kind: 'housing_staffed', cityWide: false, districts: ['alna'] }));
    expect(own.nb[0]).toMatch(/Du må søke om dette tilbudet\. Bydelen der du bor avgjør søknaden \(et vedtak\)\./);
    expect(own.nb[0]).toMatch(/tjenestekontoret i Bydel Alna/);
    expect(own.en[0]).toMatch(/service office \(tjenestekontor\) of the Alna district/);
    expect(own.nb).toHaveLength(1);
    const institution = howToGet(facts({ access: 'decision', kind: 'institution_acute' }));
    expect(institution.nb[0]).toMatch(/tjenestekontoret i bydelen din/);
    expect(institution.nb[1]).toBe('Når du har fått vedtak, finner Velferdsetatens felles inntak en plass til deg.');
  });

  it('says so when the entry does not tell, and points to what it has, never inventing a contact', () => {
    expect(howToGet(facts({ phone: '22 33 44 55' })).nb[0]).toBe('Det står ikke her hvordan du får tilbudet. Ring 22 33 44 55 og spør.');
    expect(howToGet(facts({ url: 'https://example.org' })).en[0]).toMatch(/web page tells more/);
    expect(howToGet(facts({ organizationName: 'Velferdsetaten' })).nb[0]).toMatch(/Spør Velferdsetaten/);
    const nothing = howToGet(facts());
    expect(nothing.nb).toEqual(['Det står ikke her hvordan du får tilbudet. Tjenestekontoret i bydelen din kan hjelpe deg videre.']);
    expect(nothing.nb.join(' ')).not.toMatch(/\d{2} \d{2}/);
  });

  it('adds what matters for the person: the district, a number for questions, anonymity, drug-free', () => {
    const h = howToGet(
      facts({ access: 'drop_in', cityWide: false, districts: ['grorud'], phone: '23 45 67 89', anonymous: true, requiresDrugFree: true }),
    );
    expect(h.nb.slice(1)).toEqual([
      'Tilbudet er for deg som bor i Bydel Grorud.',
      'Har du spørsmål, kan du ringe 23 45 67 89.',
      'Du kan være anonym.',
      'Du må være rusfri mens du bruker tilbudet.',
    ]);
    expect(h.en).toHaveLength(h.nb.length);
  });

  it('always gives both languages the same number of paragraphs', () => {
    for (const access of ['drop_in', 'referral', 'decision', null] as const) {
      for (const kind of ['treatment_specialist', 'institution_care', 'youth'] as const) {
        const h = howToGet(facts({ access, kind, anonymous: true, phone: '12345678', cityWide: false, districts: ['sagene'] }));
        expect(h.en.length).toBe(h.nb.length);
      }
    }
  });
});
