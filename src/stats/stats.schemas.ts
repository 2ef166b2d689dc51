import { z } from 'zod';
import { isoDate, safeText } from '../platform/input.ts';

/*
 * The stats module's contracts: the catalogue's vocabulary, the JSON-stat answers and the import
 * requests and reports. The web imports their types only.
 */

/** How a number is scaled: a count, an amount (staff-years), a share or rate, a mean, a ratio, or text. */
export const INDICATOR_FACTORS = ['count', 'amount', 'percent', 'per_1000', 'per_10000', 'mean', 'ratio', 'text'] as const;
export type IndicatorFactor = (typeof INDICATOR_FACTORS)[number];

/** What a rate or share is of; `none` for counts and amounts. */
export const DENOMINATORS = ['none', 'population_18_plus', 'population_under_18', 'places', 'bed_days', 'stays'] as const;
export const PERIOD_TYPES = ['year', 'biennial', 'point_in_time', 'not_stated'] as const;

const text = z.object({ nb: z.string(), en: z.string() });

/** One indicator of the catalogue (src/stats/catalogue.ts). */
export const indicatorDefinitionSchema = z.object({
  id: z.string(),
  label: text,
  numerator: text,
  /** The imported measure (`<layout>.<measure>`) the indicator's numbers come from. */
  measure: z.string(),
  denominator: z.enum(DENOMINATORS),
  factor: z.enum(INDICATOR_FACTORS),
  /** `rate_from_counts`: computed from the count and the population; `as_published`: the source's numbers. */
  method: z.enum(['as_published', 'rate_from_counts']),
  periodType: z.enum(PERIOD_TYPES),
  /** By district (15 + Oslo), by entity (agencies, offers, categories), or Oslo only. */
  breakdown: z.enum(['district', 'entity', 'oslo']),
  source: z.string(),
  unit: text,
  notes: z.string(),
  /** `persons`: counts of persons or households, published under the disclosure rule (4 or fewer suppressed). */
  disclosure: z.enum(['persons', 'none']),
  /** Other published statements of the same number, checked against it (findings where they differ). */
  compareWith: z.array(z.object({ measure: z.string(), factor: z.enum(INDICATOR_FACTORS) })),
});
export type IndicatorDefinition = z.infer<typeof indicatorDefinitionSchema>;

/** GET /api/stats/indicators */
export const indicatorListSchema = z.object({ indicators: z.array(indicatorDefinitionSchema) });
export type IndicatorList = z.infer<typeof indicatorListSchema>;

export const indicatorParamsSchema = z.strictObject({ id: z.string().regex(/^[a-z0-9_]{1,100}$/, 'must be an indicator id') });

const listParam = (what: string) =>
  z
    .string()
    .max(2000)
    .regex(/^[a-z0-9:_.-]+(,[a-z0-9:_.-]+)*$/, `must be one or more ${what}, separated by commas`)
    .optional();

/** GET /api/stats/indicators/{id}?period=&district= (comma-separated lists; default: all). */
export const indicatorQuerySchema = z.strictObject({ period: listParam('periods'), district: listParam('district slugs (or oslo)') });

export const FINDING_KINDS = ['total_mismatch', 'source_disagreement', 'scale_mismatch', 'bounds_mismatch'] as const;

/** A data-quality finding: where the published report contradicts itself; shown beside the number, never fixed. */
export const findingSchema = z.object({
  id: z.string(),
  kind: z.enum(FINDING_KINDS),
  area: z.string(),
  period: z.string(),
  message: text,
  /** The numbers compared (published, computed, the other statement). */
  values: z.record(z.string(), z.number().nullable()),
});
export type Finding = z.infer<typeof findingSchema>;

/** Where one cell came from and how it was worked out (the web shows it when a number is activated). */
export const cellProvenanceSchema = z.object({
  /** 'published': the source's number; 'computed': numerator/denominator × factor; 'sum_of_districts': the source states no total. */
  derivation: z.enum(['published', 'computed', 'sum_of_districts']),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  denominatorPeriod: z.string().nullable(),
  importId: z.number().nullable(),
  /** Why the value is null: missing in the source (with the source's words), suppressed, or no import yet. */
  reason: z.string().nullable(),
  note: z.string().nullable(),
  findings: z.array(z.string()),
});
export type CellProvenance = z.infer<typeof cellProvenanceSchema>;

/** The provenance of one import the dataset uses. */
export const importProvenanceSchema = z.object({
  id: z.number(),
  layoutId: z.string(),
  source: z.string(),
  sourceSystem: z.string(),
  extractionDate: z.string(),
  periodFrom: z.string().nullable(),
  periodTo: z.string().nullable(),
  importedAt: z.string(),
});
export type ImportProvenance = z.infer<typeof importProvenanceSchema>;

const category = z.object({ index: z.array(z.string()), label: z.record(z.string(), z.string()) });

/**
 * A JSON-stat 2.0 dataset (https://json-stat.org/format/): dimensions `district` (or `entity`)
 * and `period`, values in row-major order, `status` '..' for a suppressed cell and '.' for one the
 * source did not report; provenance and findings in `extension`.
 */
export const jsonStatDatasetSchema = z.object({
  version: z.literal('2.0'),
  class: z.literal('dataset'),
  label: z.string(),
  source: z.string(),
  updated: z.string(),
  note: z.array(z.string()),
  id: z.array(z.string()),
  size: z.array(z.number().int()),
  /** Which dimension is time and which is geography, for clients that map or chart by role. */
  role: z.object({ time: z.array(z.string()), geo: z.array(z.string()).optional() }),
  dimension: z.record(z.string(), z.object({ label: z.string(), category })),
  value: z.array(z.union([z.number(), z.string(), z.null()])),
  status: z.record(z.string(), z.string()),
  extension: z.object({
    indicator: indicatorDefinitionSchema,
    statusCodes: z.record(z.string(), z.string()),
    imports: z.array(importProvenanceSchema),
    findings: z.array(findingSchema),
    /** One per value, in the same order. */
    cells: z.array(cellProvenanceSchema),
    /** How the published counts were protected: the suppression rule, and the tables given to the engine. */
    disclosure: z.object({ rule: z.string(), threshold: z.number(), protectedTables: z.array(z.string()) }),
  }),
});
export type JsonStatDataset = z.infer<typeof jsonStatDatasetSchema>;

/** The fields of an import besides the file (CLI flags, or the upload form's fields). */
export const importFieldsSchema = z.strictObject({
  layout: z.string().regex(/^[a-z0-9_]{1,64}$/, 'must be a layout id'),
  sourceSystem: safeText(200).pipe(z.string().min(1, 'must name the system the figures come from')),
  source: safeText(500).pipe(z.string().min(1, 'must cite the published source')),
  extractionDate: isoDate(),
  /** CSV only: how the bytes are encoded. Windows-1252 must be declared; undeclared invalid UTF-8 is refused. */
  encoding: z.enum(['utf-8', 'windows-1252']).default('utf-8'),
});
export type ImportFields = z.infer<typeof importFieldsSchema>;

/** One refused row and field of an import, and why. */
export const rowProblemSchema = z.object({ row: z.number().int(), field: z.string(), value: z.string().nullable(), message: z.string() });

/** The answer to an import: stored (with its provenance) or refused (with every problem; nothing stored). */
export const importReportSchema = z.object({
  stored: z.boolean(),
  import: importProvenanceSchema.nullable(),
  rowCount: z.number().int(),
  observationCount: z.number().int(),
  problems: z.array(rowProblemSchema),
});
export type ImportReport = z.infer<typeof importReportSchema>;

/** GET /api/stats/imports */
export const importListSchema = z.object({
  imports: z.array(
    importProvenanceSchema.extend({ fileName: z.string(), rowCount: z.number().int(), seed: z.boolean(), importedBy: z.string() }),
  ),
});
export type ImportList = z.infer<typeof importListSchema>;

/** GET /api/stats/layouts: what a staff member picks from when importing. */
export const layoutListSchema = z.object({
  layouts: z.array(z.object({ id: z.string(), label: z.string(), columns: z.array(z.string()) })),
});
export type LayoutList = z.infer<typeof layoutListSchema>;
