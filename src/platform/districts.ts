/** Oslo's 15 city districts (bydeler), with SSB's district numbers and their place in the tile map. */
export const DISTRICTS = [
  { slug: 'gamle-oslo', name: 'Gamle Oslo', code: '030101', tile: { row: 3, col: 3 } },
  { slug: 'grunerlokka', name: 'Grünerløkka', code: '030102', tile: { row: 2, col: 3 } },
  { slug: 'sagene', name: 'Sagene', code: '030103', tile: { row: 2, col: 2 } },
  { slug: 'st-hanshaugen', name: 'St. Hanshaugen', code: '030104', tile: { row: 3, col: 2 } },
  { slug: 'frogner', name: 'Frogner', code: '030105', tile: { row: 3, col: 1 } },
  { slug: 'ullern', name: 'Ullern', code: '030106', tile: { row: 3, col: 0 } },
  { slug: 'vestre-aker', name: 'Vestre Aker', code: '030107', tile: { row: 1, col: 0 } },
  { slug: 'nordre-aker', name: 'Nordre Aker', code: '030108', tile: { row: 1, col: 2 } },
  { slug: 'bjerke', name: 'Bjerke', code: '030109', tile: { row: 1, col: 3 } },
  { slug: 'grorud', name: 'Grorud', code: '030110', tile: { row: 1, col: 4 } },
  { slug: 'stovner', name: 'Stovner', code: '030111', tile: { row: 0, col: 5 } },
  { slug: 'alna', name: 'Alna', code: '030112', tile: { row: 2, col: 4 } },
  { slug: 'ostensjo', name: 'Østensjø', code: '030113', tile: { row: 3, col: 4 } },
  { slug: 'nordstrand', name: 'Nordstrand', code: '030114', tile: { row: 4, col: 3 } },
  { slug: 'sondre-nordstrand', name: 'Søndre Nordstrand', code: '030115', tile: { row: 5, col: 4 } },
] as const;

export type District = (typeof DISTRICTS)[number];
export type DistrictSlug = District['slug'];

export const DISTRICT_SLUGS = DISTRICTS.map((d) => d.slug) as [DistrictSlug, ...DistrictSlug[]];

const byName = new Map<string, District>(DISTRICTS.map((d) => [d.name.toLowerCase(), d]));
const bySlug = new Map<string, District>(DISTRICTS.map((d) => [d.slug, d]));

/** The district with this display name (case-insensitive), if any. */
export function districtByName(name: string): District | undefined {
  return byName.get(name.trim().toLowerCase());
}

/** The district with this slug, if any. */
export function districtBySlug(slug: string): District | undefined {
  return bySlug.get(slug);
}
