import { describe, expect, it } from 'vitest';
import { serviceInputSchema, type ServiceInput } from './catalog.schemas.ts';
import { isSameInput } from './catalog.write.ts';

const input = (overrides: Record<string, unknown> = {}): ServiceInput =>
  serviceInputSchema.parse({
    name: 'Samme tilbud',
    description: 'Et tilbud for å sammenligne lagringer.',
    kind: 'other',
    districts: ['alna', 'sagene'],
    targetGroups: ['rus', 'rop'],
    hovedforlop: [1, 3],
    openingHours: {
      rules: [
        { byday: 'MO', opensAt: '08:00', closesAt: '16:00' },
        { byday: 'TU', opensAt: '08:00', closesAt: '16:00' },
      ],
      exceptions: [{ date: '2026-12-24', closed: true }],
    },
    contacts: [{ name: 'Kari' }, { name: 'Ola' }],
    ...overrides,
  });

describe('isSameInput', () => {
  it('counts lists the store keeps as sets, or in its own order, as equal in any order', () => {
    const reordered = input({
      districts: ['sagene', 'alna', 'alna'],
      targetGroups: ['rop', 'rus'],
      hovedforlop: [3, 1],
      openingHours: {
        rules: [
          { byday: 'TU', opensAt: '08:00', closesAt: '16:00' },
          { byday: 'MO', opensAt: '08:00', closesAt: '16:00' },
        ],
        exceptions: [{ date: '2026-12-24', closed: true, description: null }],
      },
      contacts: [{ name: 'Ola' }, { name: 'Kari' }],
    });
    expect(isSameInput(input(), reordered)).toBe(true);
  });

  it('ignores districts of a city-wide service, which are not stored', () => {
    expect(isSameInput(input({ cityWide: true, districts: [] }), input({ cityWide: true, districts: ['alna'] }))).toBe(true);
  });

  it('sees a change in any field, a list item or a row', () => {
    expect(isSameInput(input(), input({ description: 'En annen beskrivelse av tilbudet.' }))).toBe(false);
    expect(isSameInput(input(), input({ districts: ['alna'] }))).toBe(false);
    expect(isSameInput(input(), input({ contacts: [{ name: 'Kari' }, { name: 'Ola' }, { name: 'Kari' }] }))).toBe(false);
    expect(
      isSameInput(
        input(),
        input({
          openingHours: {
            rules: [{ byday: 'MO', opensAt: '08:00', closesAt: '15:00' }],
            exceptions: [{ date: '2026-12-24', closed: true }],
          },
        }),
      ),
    ).toBe(false);
    // The order of alternate names and languages is what readers see: a reorder is a change.
    expect(isSameInput(input({ languages: ['nb', 'en'] }), input({ languages: ['en', 'nb'] }))).toBe(false);
  });
});
