import { LAYOUTS } from './layouts.ts';
import type { IndicatorDefinition } from './stats.schemas.ts';

const FACTOR_TEXT: Record<IndicatorDefinition['factor'], string> = {
  count: 'count',
  amount: 'amount (not a count of persons)',
  percent: 'percent',
  per_1000: 'per 1,000',
  per_10000: 'per 10,000',
  mean: 'mean',
  ratio: 'ratio',
  text: 'text',
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The catalogue as Markdown, one table per indicator; docs/statistics.md carries exactly this. */
export function catalogueMarkdown(catalogue: readonly IndicatorDefinition[]): string {
  const sections = catalogue.map((i) => {
    const rows: [string, string][] = [
      ['label (nb)', i.label.nb],
      ['label (en)', i.label.en],
      ['numerator', `${i.numerator.en} (\`${i.measure}\`)`],
      ['denominator', i.denominator === 'none' ? '—' : i.denominator],
      ['factor', FACTOR_TEXT[i.factor]],
      ['method', i.method === 'rate_from_counts' ? 'computed from counts and population' : 'as published'],
      ['breakdown', i.breakdown],
      ['period type', i.periodType],
      ['unit', `${i.unit.nb} / ${i.unit.en}`],
      ['disclosure', i.disclosure === 'persons' ? 'counts of persons or households: 4 or fewer suppressed' : 'not a count of persons'],
      ['source', i.source],
      ...(i.compareWith.length
        ? ([['checked against', i.compareWith.map((c) => `\`${c.measure}\` (${FACTOR_TEXT[c.factor]})`).join(', ')]] as [string, string][])
        : []),
      ...(i.notes ? ([['notes', i.notes]] as [string, string][]) : []),
    ];
    return [`### \`${i.id}\``, '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`)].join('\n');
  });
  const layouts = ['| layout | table |', '|---|---|', ...LAYOUTS.map((l) => `| \`${l.id}\` | ${cell(l.label)} |`)].join('\n');
  return [`${catalogue.length} indicators.`, '', '#### Import layouts', '', layouts, '', ...sections.flatMap((s) => [s, ''])]
    .join('\n')
    .trimEnd();
}
