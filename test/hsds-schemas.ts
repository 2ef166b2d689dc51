import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

/**
 * The official Open Referral HSDS 3.0 schemas, copied into test/fixtures/hsds-3.0, compiled once.
 * Each file is registered under the address the specification's openapi.json uses for it
 * (…/schema/<file> and …/schema/compiled/<file>), so relative $refs between files ("metadata.json")
 * resolve exactly as they do upstream. The schemas carry Frictionless-Data keywords (constraints,
 * datapackage_metadata, tabular_required …) that are not JSON Schema, hence strict: false.
 */
const FIXTURES = new URL('./fixtures/hsds-3.0/', import.meta.url);
export const HSDS_SCHEMA_BASE = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/';

export type HsdsSchemaName =
  | 'compiled/service.json'
  | 'compiled/service_list.json'
  | 'compiled/organization.json'
  | 'compiled/organization_list.json'
  | 'compiled/service_at_location.json'
  | 'compiled/service_at_location_list.json'
  | 'taxonomy.json'
  | 'taxonomy_term.json';

function readJson(url: URL): Record<string, unknown> {
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  // ajv-formats is CommonJS: under NodeNext its default export arrives as the module object.
  const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as (a: Ajv2020) => Ajv2020;
  addFormats(ajv);
  for (const folder of ['', 'compiled/']) {
    for (const file of readdirSync(new URL(folder, FIXTURES)).filter((f) => f.endsWith('.json') && f !== 'openapi.json')) {
      const schema = readJson(new URL(`${folder}${file}`, FIXTURES));
      ajv.addSchema({ ...schema, $id: `${HSDS_SCHEMA_BASE}${folder}${file}` });
    }
  }
  return ajv;
}

let shared: Ajv2020 | null = null;
const compiled = new Map<HsdsSchemaName, ValidateFunction>();

/** A validator for one of the official schemas, e.g. 'compiled/service.json'. */
export function hsdsValidator(name: HsdsSchemaName): ValidateFunction {
  shared ??= createAjv();
  let validate = compiled.get(name);
  if (!validate) {
    validate = shared.getSchema(`${HSDS_SCHEMA_BASE}${name}`);
    if (!validate) throw new Error(`no HSDS schema ${name}`);
    compiled.set(name, validate);
  }
  return validate;
}

/** The validation errors of a value against a schema, as readable lines; [] when it is valid. */
export function hsdsErrors(name: HsdsSchemaName, value: unknown): string[] {
  const validate = hsdsValidator(name);
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (e: ErrorObject) => `${name}${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}

/** The openapi.json of the specification, to read which schema each endpoint returns. */
export function hsdsOpenApi(): { paths: Record<string, unknown> } {
  return readJson(new URL('openapi.json', FIXTURES)) as { paths: Record<string, unknown> };
}
