import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

/** The JSON-stat 2.0 dataset schema, copied into test/fixtures/jsonstat-2.0 (Apache-2.0, LICENSE beside it), compiled once. */
let validate: ValidateFunction | null = null;

export function jsonStatDatasetValidator(): ValidateFunction {
  if (validate) return validate;
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  // ajv-formats is CommonJS: under NodeNext its default export arrives as the module object.
  const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as (a: Ajv2020) => Ajv2020;
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(new URL('./fixtures/jsonstat-2.0/dataset.json', import.meta.url), 'utf8')) as object;
  validate = ajv.compile(schema);
  return validate;
}
