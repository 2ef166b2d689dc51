import type { JsonStatDataset } from '../stats.schemas.ts';
import { REPORT_CHAPTERS, type ReportChapter, type ReportFigure } from './report-outline.ts';

/*
 * The report as one HTML document, without I/O: chapters with a table per indicator (every area ×
 * period, suppression and findings marked), bar charts as inline SVG with real text, the
 * data-quality findings, the suppression summary and the sources. The same document is the HTML
 * download and the input Chromium prints to PDF (print CSS below), so both always agree.
 */

export type Lang = 'nb' | 'en';

/** The release a report is built from (its numbers never change). */
export type ReportRelease = { id: string; createdAt: string; codeVersion: string };

export type UniquePersons = {
  /** Sources linked on the keyed pseudonym, with the persons in each. */
  sources: { id: string; label: string; persons: number | null }[];
  total: number | null;
  /** Persons in both sources, for each pair; null where suppressed. */
  overlap: { a: string; b: string; persons: number | null }[];
};

export type ReportInput = {
  lang: Lang;
  release: ReportRelease;
  generatedAt: string;
  /** The release's dataset of each indicator the outline names (absent: not in the release). */
  datasets: ReadonlyMap<string, JsonStatDataset>;
  /** Unique persons across person-level sources, when the release has linked any. */
  uniquePersons: UniquePersons | null;
};

type Text = { nb: string; en: string };
const TEXT = {
  title: { nb: 'Helhetlig russtatistikk for Oslo', en: 'Substance use statistics for Oslo' },
  subtitle: {
    nb: 'Generert fra data i Veiviser. Alle tall kommer fra én utgivelse og endres ikke.',
    en: 'Generated from data in Veiviser. Every number comes from one release and never changes.',
  },
  release: { nb: 'Utgivelse', en: 'Release' },
  releasedAt: { nb: 'Utgitt', en: 'Released' },
  generatedAt: { nb: 'Rapporten laget', en: 'Report generated' },
  codeVersion: { nb: 'Programversjon', en: 'Code version' },
  contents: { nb: 'Innhold', en: 'Contents' },
  aboutTitle: { nb: 'Om tallene', en: 'About the figures' },
  about: {
    nb:
      'Tallene er de publiserte tabellene fra «Helhetlig russtatistikk» og andre importerte kilder, med rater regnet av Veiviser ' +
      'fra antall og befolkning. Der kilden motsier seg selv, står avviket ved tallet og i kapitlet om datakvalitet; tallene ' +
      'rettes aldri i stillhet.',
    en:
      'The figures are the published tables of «Helhetlig russtatistikk» and other imported sources, with rates Veiviser ' +
      'computes from counts and population. Where a source contradicts itself, the finding stands beside the number and in ' +
      'the chapter on data quality; numbers are never silently corrected.',
  },
  symbols: { nb: 'Tegn i tabellene', en: 'Symbols in the tables' },
  symbolSuppressed: {
    nb: '.. prikket: 4 eller færre personer eller husstander, eller et tall som ville avsløre et slikt tall',
    en: '.. suppressed: 4 or fewer persons or households, or a number that would reveal one',
  },
  symbolMissing: { nb: '– ikke oppgitt i kilden', en: '– not reported in the source' },
  symbolFinding: { nb: 'A1 viser til et avvik i kilden (se fotnoten)', en: 'A1 refers to a finding in the source (see the footnote)' },
  source: { nb: 'Kilde', en: 'Source' },
  unit: { nb: 'Enhet', en: 'Unit' },
  area: { nb: 'Område', en: 'Area' },
  notInRelease: { nb: 'Indikatoren er ikke med i denne utgivelsen.', en: 'The indicator is not in this release.' },
  chartOf: { nb: 'Stolpediagram', en: 'Bar chart' },
  chartDesc: {
    nb: 'Hver stolpe er ett område. Tabellen under har de samme tallene.',
    en: 'Each bar is one area. The table below has the same numbers.',
  },
  follows: { nb: 'Følger', en: 'Follows' },
  findingsTitle: { nb: 'Datakvalitet: avvik i kildene', en: 'Data quality: findings in the sources' },
  findingsIntro: {
    nb: 'Steder der kildene ikke stemmer med seg selv. Tallene er publisert slik kilden har dem.',
    en: 'Places where the sources do not agree with themselves. The numbers are published as the source has them.',
  },
  findingsNone: { nb: 'Ingen avvik funnet.', en: 'No findings.' },
  disclosureTitle: { nb: 'Skjerming', en: 'Disclosure control' },
  disclosureIntro: {
    nb:
      'Antall på 4 eller færre personer eller husstander publiseres ikke, og heller ikke tall som gjør at et slikt tall kan ' +
      'regnes ut fra summene (sekundær prikking ved gaussisk eliminasjon). Før utgivelsen regner en LP-løser (HiGHS) ut hvor ' +
      'smalt hvert prikket tall kan anslås ut fra alt som er publisert; en utgivelse der et intervall er for smalt blir ' +
      'stoppet. Tabellen viser hvor mange tall som er prikket i hver indikator.',
    en:
      'Counts of 4 or fewer persons or households are not published, nor numbers from which one could be worked out from the ' +
      'totals (secondary suppression by Gaussian elimination). Before a release an LP solver (HiGHS) computes how narrowly ' +
      'each suppressed number can be estimated from everything published; a release where an interval is too narrow is ' +
      'stopped. The table shows how many numbers are suppressed in each indicator.',
  },
  indicator: { nb: 'Indikator', en: 'Indicator' },
  cells: { nb: 'Tall', en: 'Numbers' },
  suppressed: { nb: 'Prikket', en: 'Suppressed' },
  missing: { nb: 'Ikke oppgitt', en: 'Not reported' },
  uniqueTitle: { nb: 'Unike personer på tvers av kilder', en: 'Unique persons across sources' },
  uniqueIntro: {
    nb:
      'Personnivåkilder koblet på det nøklede pseudonymet: hvor mange ulike personer som er i minst én kilde, og hvor mange ' +
      'som er i to kilder samtidig. Dette er tallet dagens rapport sier den ikke kan gi.',
    en:
      'Person-level sources linked on the keyed pseudonym: how many different persons are in at least one source, and how ' +
      'many are in two sources at once. This is the number today’s report says it cannot give.',
  },
  uniqueNone: {
    nb: 'Ingen personnivåkilder er koblet i denne utgivelsen, så rapporten gir ikke tall for unike personer.',
    en: 'No person-level sources are linked in this release, so the report gives no count of unique persons.',
  },
  uniqueTotal: { nb: 'Unike personer i minst én kilde', en: 'Unique persons in at least one source' },
  persons: { nb: 'Personer', en: 'Persons' },
  both: { nb: 'I begge', en: 'In both' },
  sourcesTitle: { nb: 'Kilder og importer', en: 'Sources and imports' },
  sourceSystem: { nb: 'Kildesystem', en: 'Source system' },
  extracted: { nb: 'Uttrukket', en: 'Extracted' },
  coverage: { nb: 'Periode', en: 'Period' },
} satisfies Record<string, Text>;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One cell of a dataset, read back from the JSON-stat arrays. */
type Cell = { area: string; areaLabel: string; period: string; value: number | string | null; status: '' | '..' | '.'; findings: string[] };

function cellsOf(dataset: JsonStatDataset): {
  areas: { id: string; label: string }[];
  periods: { id: string; label: string }[];
  cells: Cell[];
} {
  const [areaDim, periodDim] = dataset.id as [string, string];
  const areaCat = dataset.dimension[areaDim]!.category;
  const periodCat = dataset.dimension[periodDim]!.category;
  const areas = areaCat.index.map((id) => ({ id, label: areaCat.label[id] ?? id }));
  const periods = periodCat.index.map((id) => ({ id, label: periodCat.label[id] ?? id }));
  const cells: Cell[] = [];
  areas.forEach((area, a) =>
    periods.forEach((period, p) => {
      const i = a * periods.length + p;
      const status = dataset.status[String(i)];
      cells.push({
        area: area.id,
        areaLabel: area.label,
        period: period.id,
        value: dataset.value[i] ?? null,
        status: status === '..' || status === '.' ? status : '',
        findings: dataset.extension.cells[i]?.findings ?? [],
      });
    }),
  );
  return { areas, periods, cells };
}

function formatter(lang: Lang, dataset: JsonStatDataset) {
  // Computed rates are shown with one decimal, as the city's report does; published numbers as published.
  const computed = dataset.extension.indicator.method === 'rate_from_counts';
  const nf = new Intl.NumberFormat(
    lang === 'nb' ? 'nb-NO' : 'en-GB',
    computed ? { minimumFractionDigits: 1, maximumFractionDigits: 1 } : { maximumFractionDigits: 10 },
  );
  return (cell: Cell): string => {
    if (cell.status === '..') return '..';
    if (cell.status === '.' || cell.value === null) return '–';
    return typeof cell.value === 'number' ? nf.format(cell.value) : cell.value;
  };
}

/** Numbers each finding of the report once (A1, A2, …) so a table can point at its footnote. */
class FindingNumbers {
  readonly order: { label: string; dataset: JsonStatDataset; findingId: string }[] = [];
  private readonly numbers = new Map<string, number>();
  number(dataset: JsonStatDataset, findingId: string): number {
    const key = `${dataset.extension.indicator.id}|${findingId}`;
    let n = this.numbers.get(key);
    if (n === undefined) {
      n = this.order.length + 1;
      this.numbers.set(key, n);
      this.order.push({ label: dataset.label, dataset, findingId });
    }
    return n;
  }
}

function tableHtml(dataset: JsonStatDataset, lang: Lang, findings: FindingNumbers, figureId: string): string {
  const { areas, periods, cells } = cellsOf(dataset);
  const format = formatter(lang, dataset);
  const byKey = new Map(cells.map((c) => [`${c.area}|${c.period}`, c]));
  const head = periods.map((p) => `<th scope="col">${esc(p.label)}</th>`).join('');
  const body = areas
    .map((area) => {
      const tds = periods
        .map((p) => {
          const cell = byKey.get(`${area.id}|${p.id}`)!;
          const marks = cell.findings.map((f) => {
            const n = findings.number(dataset, f);
            return `<a class="finding-mark" href="#finding-${n}" aria-label="${lang === 'nb' ? 'avvik' : 'finding'} A${n}">A${n}</a>`;
          });
          const cls = cell.status === '..' ? ' class="suppressed"' : cell.status === '.' ? ' class="missing"' : '';
          return `<td${cls}>${esc(format(cell))}${marks.length ? ` <sup>${marks.join(' ')}</sup>` : ''}</td>`;
        })
        .join('');
      const total = area.id === 'oslo' ? ' class="total"' : '';
      return `<tr${total}><th scope="row">${esc(area.label)}</th>${tds}</tr>`;
    })
    .join('\n');
  return (
    `<table id="${figureId}-table"><caption>${esc(dataset.label)}</caption>` +
    `<thead><tr><th scope="col">${TEXT.area[lang]}</th>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`
  );
}

/** The latest period with at least one number, or null. */
function latestNumericPeriod(dataset: JsonStatDataset): string | null {
  const { periods, cells } = cellsOf(dataset);
  for (const p of [...periods].reverse()) if (cells.some((c) => c.period === p.id && typeof c.value === 'number')) return p.id;
  return null;
}

/** A horizontal bar chart of one period, as SVG with real text (readable in the PDF's text layer). */
export function barChartSvg(dataset: JsonStatDataset, lang: Lang, figureId: string): string | null {
  const period = latestNumericPeriod(dataset);
  if (period === null) return null;
  const { periods, cells } = cellsOf(dataset);
  const periodLabel = periods.find((p) => p.id === period)!.label;
  const rows = cells.filter((c) => c.period === period);
  const format = formatter(lang, dataset);
  const max = Math.max(...rows.map((c) => (typeof c.value === 'number' ? c.value : 0)));
  const rowHeight = 18;
  const labelWidth = 150;
  const barWidth = 380;
  const height = rows.length * rowHeight + 8;
  const width = labelWidth + barWidth + 70;
  const bars = rows
    .map((c, i) => {
      const y = i * rowHeight + 4;
      const v = typeof c.value === 'number' ? c.value : 0;
      const w = max > 0 ? (v / max) * barWidth : 0;
      const cls = c.area === 'oslo' ? 'bar bar-total' : 'bar';
      return (
        `<text x="${labelWidth - 6}" y="${y + 12}" text-anchor="end">${esc(c.areaLabel)}</text>` +
        (w > 0 ? `<rect class="${cls}" x="${labelWidth}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowHeight - 5}"/>` : '') +
        `<text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + 12}">${esc(format(c))}</text>`
      );
    })
    .join('');
  const title = `${TEXT.chartOf[lang]}: ${dataset.label}, ${periodLabel}`;
  return (
    `<svg class="chart" role="img" aria-labelledby="${figureId}-title ${figureId}-desc" viewBox="0 0 ${width} ${height}" ` +
    `width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${figureId}-title">${esc(title)}</title><desc id="${figureId}-desc">${TEXT.chartDesc[lang]}</desc>${bars}</svg>`
  );
}

function figureHtml(figure: ReportFigure, input: ReportInput, findings: FindingNumbers, figureId: string): string {
  const { lang } = input;
  const dataset = input.datasets.get(figure.indicator);
  if (!dataset) return `<section class="figure"><p>${esc(figure.indicator)}: ${TEXT.notInRelease[lang]}</p></section>`;
  const indicator = dataset.extension.indicator;
  const chart = figure.chart === 'bars' ? barChartSvg(dataset, lang, figureId) : null;
  return (
    `<section class="figure" aria-labelledby="${figureId}-h"><div class="figure-head"><h3 id="${figureId}-h">${esc(dataset.label)}</h3>` +
    `<p class="meta">${TEXT.unit[lang]}: ${esc(indicator.unit[lang])}. ${TEXT.source[lang]}: ${esc(indicator.source)}.</p>` +
    (chart ? `<figure>${chart}</figure>` : '') +
    `</div>` +
    tableHtml(dataset, lang, findings, figureId) +
    `</section>`
  );
}

function chapterHtml(chapter: ReportChapter, n: number, input: ReportInput, findings: FindingNumbers): string {
  const { lang } = input;
  const figures = chapter.figures.map((f, i) => figureHtml(f, input, findings, `f${n}-${i + 1}`)).join('\n');
  return (
    `<section class="chapter" id="${chapter.id}" aria-labelledby="${chapter.id}-h">` +
    `<h2 id="${chapter.id}-h">${n}. ${esc(chapter.title[lang])}</h2>` +
    `<p class="follows">${TEXT.follows[lang]}: ${esc(chapter.follows)}</p><p>${esc(chapter.intro[lang])}</p>\n${figures}</section>`
  );
}

function uniquePersonsHtml(input: ReportInput, n: number): string {
  const { lang, uniquePersons } = input;
  const nf = new Intl.NumberFormat(lang === 'nb' ? 'nb-NO' : 'en-GB');
  const num = (v: number | null) => (v === null ? '..' : nf.format(v));
  let body: string;
  if (!uniquePersons || uniquePersons.sources.length === 0) body = `<p>${TEXT.uniqueNone[lang]}</p>`;
  else {
    const label = new Map(uniquePersons.sources.map((s) => [s.id, s.label]));
    body =
      `<p>${TEXT.uniqueTotal[lang]}: <strong>${num(uniquePersons.total)}</strong></p>` +
      `<table><caption>${TEXT.persons[lang]}</caption><thead><tr><th scope="col">${TEXT.source[lang]}</th>` +
      `<th scope="col">${TEXT.persons[lang]}</th></tr></thead><tbody>` +
      uniquePersons.sources.map((s) => `<tr><th scope="row">${esc(s.label)}</th><td>${num(s.persons)}</td></tr>`).join('') +
      `</tbody></table><table><caption>${TEXT.both[lang]}</caption><thead><tr><th scope="col">${TEXT.source[lang]}</th>` +
      `<th scope="col">${TEXT.source[lang]}</th><th scope="col">${TEXT.both[lang]}</th></tr></thead><tbody>` +
      uniquePersons.overlap
        .map(
          (o) =>
            `<tr><th scope="row">${esc(label.get(o.a) ?? o.a)}</th><td>${esc(label.get(o.b) ?? o.b)}</td><td>${num(o.persons)}</td></tr>`,
        )
        .join('') +
      `</tbody></table>`;
  }
  return (
    `<section class="chapter" id="unike-personer" aria-labelledby="unike-personer-h"><h2 id="unike-personer-h">${n}. ` +
    `${TEXT.uniqueTitle[lang]}</h2><p>${TEXT.uniqueIntro[lang]}</p>${body}</section>`
  );
}

function findingsHtml(input: ReportInput, findings: FindingNumbers, n: number): string {
  const { lang } = input;
  const items = findings.order
    .map(({ dataset, findingId }, i) => {
      const finding = dataset.extension.findings.find((f) => f.id === findingId);
      const message = finding ? finding.message[lang] : findingId;
      return `<li id="finding-${i + 1}"><strong>A${i + 1}</strong> ${esc(dataset.label)}: ${esc(message)}</li>`;
    })
    .join('\n');
  return (
    `<section class="chapter" id="datakvalitet" aria-labelledby="datakvalitet-h"><h2 id="datakvalitet-h">${n}. ` +
    `${TEXT.findingsTitle[lang]}</h2><p>${TEXT.findingsIntro[lang]}</p>` +
    (items ? `<ol class="findings">${items}</ol>` : `<p>${TEXT.findingsNone[lang]}</p>`) +
    `</section>`
  );
}

function disclosureHtml(input: ReportInput, n: number): string {
  const { lang } = input;
  const rows = [...input.datasets.values()]
    .map((d) => {
      const statuses = Object.values(d.status);
      return {
        label: d.label,
        cells: d.value.length,
        suppressed: statuses.filter((s) => s === '..').length,
        missing: statuses.filter((s) => s === '.').length,
      };
    })
    .map((r) => `<tr><th scope="row">${esc(r.label)}</th><td>${r.cells}</td><td>${r.suppressed}</td><td>${r.missing}</td></tr>`)
    .join('\n');
  return (
    `<section class="chapter" id="skjerming" aria-labelledby="skjerming-h"><h2 id="skjerming-h">${n}. ${TEXT.disclosureTitle[lang]}</h2>` +
    `<p>${TEXT.disclosureIntro[lang]}</p><table><caption>${TEXT.disclosureTitle[lang]}</caption><thead><tr>` +
    `<th scope="col">${TEXT.indicator[lang]}</th><th scope="col">${TEXT.cells[lang]}</th><th scope="col">${TEXT.suppressed[lang]}</th>` +
    `<th scope="col">${TEXT.missing[lang]}</th></tr></thead><tbody>\n${rows}\n</tbody></table></section>`
  );
}

function sourcesHtml(input: ReportInput, n: number): string {
  const { lang } = input;
  const imports = new Map<number, JsonStatDataset['extension']['imports'][number]>();
  for (const d of input.datasets.values()) for (const i of d.extension.imports) imports.set(i.id, i);
  const rows = [...imports.values()]
    .sort((a, b) => a.layoutId.localeCompare(b.layoutId))
    .map(
      (i) =>
        `<tr><th scope="row">${esc(i.source)}</th><td>${esc(i.sourceSystem)}</td><td>${esc(i.extractionDate)}</td>` +
        `<td>${esc([i.periodFrom, i.periodTo].filter((p) => p !== null).join('–'))}</td></tr>`,
    )
    .join('\n');
  return (
    `<section class="chapter" id="kilder" aria-labelledby="kilder-h"><h2 id="kilder-h">${n}. ${TEXT.sourcesTitle[lang]}</h2>` +
    `<table><caption>${TEXT.sourcesTitle[lang]}</caption><thead><tr><th scope="col">${TEXT.source[lang]}</th>` +
    `<th scope="col">${TEXT.sourceSystem[lang]}</th><th scope="col">${TEXT.extracted[lang]}</th>` +
    `<th scope="col">${TEXT.coverage[lang]}</th>` +
    `</tr></thead><tbody>\n${rows}\n</tbody></table></section>`
  );
}

const CSS = `
:root { font-family: "Oslo Sans", "Helvetica Neue", Arial, sans-serif; color: #2a2859; line-height: 1.45; }
body { margin: 0 auto; max-width: 52rem; padding: 1.5rem; font-size: 11pt; }
h1 { font-size: 2rem; margin: 0 0 .5rem; } h2 { font-size: 1.5rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .25rem; }
.cover { border-bottom: 4px solid #2a2859; padding-bottom: 1rem; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
.cover dt { font-weight: bold; } .cover dd { margin: 0; }
.meta, .follows { color: #4b4a6b; font-size: .9em; margin: .2rem 0; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: 9.5pt; width: 100%; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border-bottom: 1px solid #c9c8d9; padding: .15rem .4rem; text-align: right; vertical-align: top; }
th[scope="row"], thead th:first-child { text-align: left; } thead th { border-bottom: 2px solid #2a2859; }
tr.total th, tr.total td { font-weight: bold; border-top: 2px solid #2a2859; }
td.suppressed, td.missing { color: #4b4a6b; }
.finding-mark { color: #a4161a; font-weight: bold; text-decoration: none; }
svg.chart { max-width: 100%; height: auto; font-size: 11px; fill: #2a2859; }
svg.chart rect.bar { fill: #6fe9ff; stroke: #2a2859; stroke-width: .5; }
svg.chart rect.bar-total { fill: #2a2859; } figure { margin: .5rem 0; }
.findings li { margin-bottom: .4rem; } nav ol { columns: 2; }
a { color: #2a2859; }
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .chapter { break-before: page; } h2, h3 { break-after: avoid; } .figure-head, figure, tr { break-inside: avoid; }
  thead { display: table-header-group; } a { text-decoration: none; }
}`;

/** The whole report as one HTML document in the given language. */
export function renderReportHtml(input: ReportInput): string {
  const { lang } = input;
  const findings = new FindingNumbers();
  const chapters = REPORT_CHAPTERS.map((c, i) => chapterHtml(c, i + 2, input, findings));
  const n = REPORT_CHAPTERS.length + 2;
  // Findings no table cell points at (e.g. about a period the outline does not show) are listed too.
  for (const d of input.datasets.values()) for (const f of d.extension.findings) findings.number(d, f.id);
  const extra = [
    uniquePersonsHtml(input, n),
    findingsHtml(input, findings, n + 1),
    disclosureHtml(input, n + 2),
    sourcesHtml(input, n + 3),
  ];
  const toc = [
    { id: 'om-tallene', title: TEXT.aboutTitle[lang] },
    ...REPORT_CHAPTERS.map((c) => ({ id: c.id, title: c.title[lang] })),
    { id: 'unike-personer', title: TEXT.uniqueTitle[lang] },
    { id: 'datakvalitet', title: TEXT.findingsTitle[lang] },
    { id: 'skjerming', title: TEXT.disclosureTitle[lang] },
    { id: 'kilder', title: TEXT.sourcesTitle[lang] },
  ];
  const dateFmt = new Intl.DateTimeFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Oslo',
  });
  return `<!doctype html>
<html lang="${lang === 'nb' ? 'nb' : 'en'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${TEXT.title[lang]} – ${esc(input.release.id)}</title>
<style>${CSS}</style></head>
<body>
<header class="cover"><h1>${TEXT.title[lang]}</h1><p>${TEXT.subtitle[lang]}</p>
<dl><dt>${TEXT.release[lang]}</dt><dd>${esc(input.release.id)}</dd>
<dt>${TEXT.releasedAt[lang]}</dt><dd>${esc(dateFmt.format(new Date(input.release.createdAt)))}</dd>
<dt>${TEXT.generatedAt[lang]}</dt><dd>${esc(dateFmt.format(new Date(input.generatedAt)))}</dd>
<dt>${TEXT.codeVersion[lang]}</dt><dd>${esc(input.release.codeVersion)}</dd></dl></header>
<nav aria-labelledby="toc-h"><h2 id="toc-h">${TEXT.contents[lang]}</h2><ol>
${toc.map((e) => `<li><a href="#${e.id}">${esc(e.title)}</a></li>`).join('\n')}
</ol></nav>
<main>
<section class="chapter" id="om-tallene" aria-labelledby="om-tallene-h"><h2 id="om-tallene-h">1. ${TEXT.aboutTitle[lang]}</h2>
<p>${TEXT.about[lang]}</p><h3>${TEXT.symbols[lang]}</h3><ul><li>${TEXT.symbolSuppressed[lang]}</li><li>${TEXT.symbolMissing[lang]}</li>
<li>${TEXT.symbolFinding[lang]}</li></ul></section>
${chapters.join('\n')}
${extra.join('\n')}
</main>
</body></html>
`;
}
