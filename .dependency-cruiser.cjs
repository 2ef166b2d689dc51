/** Module boundaries, checked in `npm test`: no cycles; dependencies point inwards (DESIGN.md). */

/** The contracts: each module's zod schemas (src/<module>/<name>.schemas.ts), shared by the server and the web. */
const SCHEMAS = '^src/[^/]+/[^/]+\\.schemas\\.ts$';
/** Plain constant lists with no imports of their own, which the schemas build on and the web may use as values. */
const CONSTANTS = '^src/(platform/districts|catalog/vocabulary|access/vocabulary)\\.ts$';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'migrations-are-frozen',
      comment: 'A migration never imports application code, so it means the same thing forever.',
      severity: 'error',
      from: { path: '/migrations/' },
      to: { path: '^src/', pathNot: '/migrations/' },
    },
    {
      name: 'web-imports-only-contracts',
      comment: 'The web app reaches the server over HTTP; from src/ it imports only the contracts (schemas) and their constant lists.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src|test|bench|e2e)/', pathNot: `${SCHEMAS}|${CONSTANTS}` },
    },
    {
      name: 'web-imports-schemas-as-types',
      comment:
        'The web takes types from the schemas (`import type`, erased at build): a value import would bundle zod (+27 KB gzipped ' +
        'on the public pages, measured). Values come from the constant lists.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: SCHEMAS, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'schemas-import-only-contracts',
      comment: 'A schemas file is shared with the web, so it imports only zod, other schemas files and the constant lists.',
      severity: 'error',
      from: { path: SCHEMAS },
      to: { pathNot: `^node_modules/zod/|${SCHEMAS}|${CONSTANTS}` },
    },
    {
      name: 'constants-import-nothing',
      comment: 'The constant lists are shared as values with the schemas and the web: they stay free of imports.',
      severity: 'error',
      from: { path: CONSTANTS },
      to: { path: '.' },
    },
    {
      name: 'product-code-has-no-test-code',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(test|bench|e2e)/' },
    },
    {
      name: 'routes-are-the-edge',
      comment: 'Services and repositories never import routes; a module file (*.module.ts) registers them.',
      severity: 'error',
      from: { path: '^src/', pathNot: '(\\.routes|\\.module|\\.test|app)\\.ts$' },
      to: { path: '\\.routes\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|data)/' },
  },
};
