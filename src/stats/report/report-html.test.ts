import { describe, expect, it } from 'vitest';
import type { IndicatorDefinition, JsonStatDataset } from '../stats.schemas.ts';
import { barChartSvg, renderReportHtml, type ReportInput } from './report-html.ts';
import { REPORT_CHAPTERS } from './report-outline.ts';

const indicator: IndicatorDefinition = {
  id: 'gp_patients_substance_per_1000_adults',
  label: { nb: 'Fastlegepasienter <test>', en: 'GP patients <test>' },
  numerator: { nb: 'n', en: 'n' },
  measure: 'key_figures.gp_patients',
  denominator: 'population_18_plus',
  factor: 'per_1000',
  method: 'rate_from_counts',
  periodType: 'year',
  breakdown: 'district',
  source: 'RS2025 & SSB',
  unit: { nb: 'per 1 000', en: 'per 1,000' },
  notes: '',
  disclosure: 'persons',
  compareWith: [],
};

const cell = (findings: string[] = []) => ({
  derivation: 'computed' as const,
  numerator: null,
  denominator: null,
  denominatorPeriod: null,
  importId: 1,
  reason: null,
  note: null,
  findings,
});

/** Three areas × one period: a number, a suppressed cell, a missing cell; Oslo carries a finding. */
const dataset: JsonStatDataset = {
  version: '2.0',
  class: 'dataset',
  label: 'Fastlegepasienter <test>',
  source: 'RS2025',
  updated: '2026-12-01T00:00:00Z',
  note: [],
  id: ['district', 'period'],
  size: [4, 1],
  role: { time: ['period'], geo: ['district'] },
  dimension: {
    district: {
      label: 'bydel',
      category: {
        index: ['sagene', 'alna', 'ullern', 'oslo'],
        label: { sagene: 'Sagene', alna: 'Alna', ullern: 'Ullern', oslo: 'Oslo' },
      },
    },
    period: { label: 'periode', category: { index: ['2024'], label: { '2024': '2024' } } },
  },
  value: [12.44, null, null, 9.1],
  status: { '1': '..', '2': '.' },
  extension: {
    indicator,
    statusCodes: {},
    imports: [
      {
        id: 1,
        layoutId: 'key_figures',
        source: 'RS2025 kap. 3',
        sourceSystem: 'RS2025 (PDF)',
        extractionDate: '2025-05-01',
        periodFrom: '2024',
        periodTo: '2024',
        importedAt: '2026-12-01T00:00:00Z',
      },
    ],
    findings: [
      {
        id: 'f-total',
        kind: 'total_mismatch',
        area: 'oslo',
        period: '2024',
        message: { nb: 'Summen stemmer ikke', en: 'The sum does not add up' },
        values: {},
      },
    ],
    cells: [cell(), cell(), cell(), cell(['f-total'])],
    disclosure: { rule: '', threshold: 4, protectedTables: [] },
    release: { id: 1, createdAt: '2026-12-01T10:00:00Z', codeVersion: 'abc123' },
  },
};

const input = (lang: 'nb' | 'en'): ReportInput => ({
  lang,
  release: { id: '1', createdAt: '2026-12-01T10:00:00Z', codeVersion: 'abc123' },
  generatedAt: '2026-12-01T10:05:00Z',
  datasets: new Map([[indicator.id, dataset]]),
  uniquePersons: null,
});

describe('the report HTML', () => {
  const html = renderReportHtml(input('nb'));

  it('marks suppressed and missing cells, rounds computed rates to one decimal, and escapes text', () => {
    expect(html).toContain('<th scope="row">Sagene</th><td>12,4</td>');
    expect(html).toContain('<td class="suppressed">..</td>');
    expect(html).toContain('<td class="missing">–</td>');
    expect(html).toContain('Fastlegepasienter &lt;test&gt;');
    expect(html).not.toContain('<test>');
    expect(html).toContain('RS2025 &amp; SSB');
  });

  it('points a cell at its finding, and lists every finding once in the data-quality chapter', () => {
    expect(html).toContain('<a class="finding-mark" href="#finding-1" aria-label="avvik A1">A1</a>');
    expect(html).toContain('<li id="finding-1"><strong>A1</strong> Fastlegepasienter &lt;test&gt;: Summen stemmer ikke</li>');
    expect(html.match(/id="finding-/g)).toHaveLength(1);
  });

  it('has one h1, a numbered h2 per chapter in order, and says so where an indicator is not in the release', () => {
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    const h2 = [...html.matchAll(/<h2 id="[^"]+">(\d+)\. /g)].map((m) => Number(m[1]));
    expect(h2).toEqual(Array.from({ length: REPORT_CHAPTERS.length + 5 }, (_, i) => i + 1));
    expect(html).toContain('Indikatoren er ikke med i denne utgivelsen.');
    expect(html).toContain('Ingen personnivåkilder er koblet i denne utgivelsen');
  });

  it('names the release and its code version', () => {
    expect(html).toContain('<dd>1</dd>');
    expect(html).toContain('<dd>abc123</dd>');
  });

  it('is English throughout in English', () => {
    const en = renderReportHtml(input('en'));
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('The districts in figures');
    expect(en).toContain('<th scope="row">Sagene</th><td>12.4</td>');
    expect(en).not.toMatch(/Bydelene i tall|Datakvalitet/);
  });

  it('draws a bar per area with its value as text, and a suppressed area without a bar', () => {
    const svg = barChartSvg(dataset, 'nb', 'f1')!;
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="f1-title">Stolpediagram: Fastlegepasienter &lt;test&gt;, 2024</title>');
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('>..</text>');
  });

  it('lists the unique persons and their overlap when the release links person-level sources', () => {
    const linked = renderReportHtml({
      ...input('nb'),
      uniquePersons: {
        sources: [
          { id: 'lar', label: 'LAR', persons: 1437 },
          { id: 'vel', label: 'VEL', persons: 812 },
        ],
        total: 2031,
        overlap: [{ a: 'lar', b: 'vel', persons: null }],
      },
    });
    expect(linked).toContain('<strong>2\u00a0031</strong>');
    expect(linked).toContain('<tr><th scope="row">LAR</th><td>VEL</td><td>..</td></tr>');
  });
});
