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
/** `?release=<id>`: a release by its number, or `latest` (the default). */
export const releaseParam = z
  .string()
  .regex(/^(latest|[1-9][0-9]{0,14})$/, 'must be a release number or latest')
  .optional();

export const indicatorQuerySchema = z.strictObject({
  period: listParam('periods'),
  district: listParam('district slugs (or oslo)'),
  release: releaseParam,
});

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
    /** The release every number of the dataset is read from. */
    release: z.object({ id: z.number(), createdAt: z.string(), codeVersion: z.string() }),
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

/** A release as listed: when, by whom, from what code, and how much it holds. */
export const releaseSummarySchema = z.object({
  id: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
  codeVersion: z.string(),
  previousId: z.number().nullable(),
  catalogueSha256: z.string(),
  inputsSha256: z.string(),
  indicatorCount: z.number().int(),
  cellCount: z.number().int(),
  suppressedCount: z.number().int(),
  inputCount: z.number().int(),
  durationMs: z.number().int(),
});
export type ReleaseSummary = z.infer<typeof releaseSummarySchema>;

/** GET /api/stats/releases */
export const releaseListSchema = z.object({ releases: z.array(releaseSummarySchema) });
export type ReleaseList = z.infer<typeof releaseListSchema>;

export const ledgerSchema = z.object({
  entries: z.array(
    z.object({
      table: z.string(),
      key: z.string(),
      reason: z.enum(['primary', 'secondary']),
      rule: z.enum(['small-count', 'complement', 'linear', 'interval']).optional(),
    }),
  ),
  settings: z.object({ threshold: z.number(), protectionWidth: z.number(), suppressZeros: z.boolean() }).optional(),
});

/** The interval audit of a release (HiGHS): never a suppressed cell's value, only what can be derived. */
export const releaseAuditSchema = z.object({
  ok: z.boolean(),
  solver: z.string(),
  intervalCount: z.number().int(),
  narrowestWidth: z.number().nullable(),
  problems: z.array(z.string()),
  failed: z.array(
    z.object({
      table: z.string(),
      key: z.string(),
      kind: z.enum(['cell', 'complement']),
      min: z.number(),
      max: z.number().nullable(),
      width: z.number().nullable(),
      required: z.number(),
    }),
  ),
});

/** GET /api/stats/releases/{id}: the release, its ledger and audit, its imports and indicators. */
export const releaseDetailSchema = releaseSummarySchema.extend({
  settings: z.object({ threshold: z.number(), protectionWidth: z.number() }),
  ledger: ledgerSchema,
  audit: releaseAuditSchema,
  imports: z.array(importProvenanceSchema),
  indicators: z.array(z.string()),
});
export type ReleaseDetail = z.infer<typeof releaseDetailSchema>;

/** POST /api/stats/releases: the release made, or the latest one when nothing changed since (created: false). */
export const releaseCreatedSchema = z.object({ created: z.boolean(), release: releaseDetailSchema });
export type ReleaseCreated = z.infer<typeof releaseCreatedSchema>;

export const releaseParamsSchema = z.strictObject({ id: z.string().regex(/^[1-9][0-9]{0,14}$/, 'must be a release number') });

const cellState = z.object({ value: z.union([z.number(), z.string(), z.null()]), status: z.string() });

/** GET /api/stats/releases/{id}/changes: what the release changed from the one before it. */
export const releaseChangesSchema = z.object({
  release: z.number(),
  previous: z.number().nullable(),
  indicatorsAdded: z.array(z.string()),
  indicatorsRemoved: z.array(z.string()),
  cells: z.array(
    z.object({
      indicator: z.string(),
      area: z.string(),
      period: z.string(),
      change: z.enum(['added', 'removed', 'value', 'status']),
      before: cellState.nullable(),
      after: cellState.nullable(),
    }),
  ),
});
export type ReleaseChangesAnswer = z.infer<typeof releaseChangesSchema>;

const linkedCount = z.object({ value: z.number().nullable(), status: z.enum(['value', 'suppressed']) });

/** GET /api/stats/releases/{id}/linkage: unique persons across the person-level sources, per year, suppressed by the release's ledger. */
export const releaseLinkageSchema = z.object({
  release: z.number(),
  periods: z.array(
    z.object({
      period: z.string(),
      sources: z.array(z.string()),
      unique: linkedCount,
      bySource: z.record(z.string(), linkedCount),
      overlap: z.array(z.object({ a: z.string(), b: z.string(), both: linkedCount })),
    }),
  ),
});
export type ReleaseLinkage = z.infer<typeof releaseLinkageSchema>;
