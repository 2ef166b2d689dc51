import { describe, expect, it } from 'vitest';
import { canonicalJson, freePlaces, mayWorkOnUnit, osloDate } from './intake-rules.ts';

describe('intake rules', () => {
  it('counts free places as places less occupied, held and blocked, never below zero', () => {
    expect(freePlaces({ places: 10, occupied: 4, held: 2, blocked: 1 })).toBe(3);
    expect(freePlaces({ places: 2, occupied: 2, held: 1, blocked: 0 })).toBe(0);
  });

  it('lets common intake work on every unit and institution staff only on their own', () => {
    expect(mayWorkOnUnit({ roles: ['common_intake'], units: [] }, 'gatehospitalet')).toBe(true);
    expect(mayWorkOnUnit({ roles: ['institution_staff'], units: ['gatehospitalet'] }, 'gatehospitalet')).toBe(true);
    expect(mayWorkOnUnit({ roles: ['institution_staff'], units: ['gatehospitalet'] }, 'kommunale-ressurssentre')).toBe(false);
    expect(mayWorkOnUnit({ roles: ['district_caseworker'], units: ['gatehospitalet'] }, 'gatehospitalet')).toBe(false);
  });

  it("takes the day from Oslo's clock", () => {
    expect(osloDate(new Date('2026-12-02T23:30:00Z'))).toBe('2026-12-03');
    expect(osloDate(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
  });

  it('gives the same text for the same request whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});
