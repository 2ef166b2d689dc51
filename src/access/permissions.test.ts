import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { permissionTable } from '../modules.ts';
import { permissionMatrixMarkdown, personScope } from './permissions.ts';

const table = permissionTable();
const can = (roles: string[], permission: string) => table.can(roles, permission);

describe('the permission table', () => {
  it('is documented in docs/security.md exactly as declared in code', () => {
    const doc = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
    const between = /<!-- permissions:start -->\n([\s\S]*?)\n<!-- permissions:end -->/.exec(doc);
    expect(between, 'docs/security.md lacks the <!-- permissions:start/end --> block').not.toBeNull();
    expect(between![1], 'regenerate the table with permissionMatrixMarkdown(table)').toBe(permissionMatrixMarkdown(table));
  });

  it('refuses a permission no module declares', () => {
    expect(() => can(['administrator'], 'catalog:delete_everything')).toThrow(/No module declares/);
  });

  it('never lets an analyst read names or national IDs', () => {
    expect(can(['analyst'], 'person:read')).toBe(false);
    expect(can(['analyst'], 'person:read_identity')).toBe(false);
    expect(can(['analyst'], 'person:read_pseudonymised')).toBe(true);
  });

  it('scopes person data: common intake city-wide, caseworkers to districts, staff to units, others to nothing', () => {
    const actor = { districts: ['alna'], units: ['valle'] };
    expect(personScope({ ...actor, roles: ['common_intake'] })).toEqual({ cityWide: true, districts: [], units: [] });
    expect(personScope({ ...actor, roles: ['district_caseworker'] })).toEqual({ cityWide: false, districts: ['alna'], units: [] });
    expect(personScope({ ...actor, roles: ['institution_staff'] })).toEqual({ cityWide: false, districts: [], units: ['valle'] });
    expect(personScope({ ...actor, roles: ['administrator', 'analyst', 'catalog_editor'] })).toEqual({
      cityWide: false,
      districts: [],
      units: [],
    });
  });
});
